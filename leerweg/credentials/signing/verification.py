"""Verifying an Open Badges 3.0 credential, with one clear reason when it fails.

The checks run in this order, and the first failure is the answer:

1. size and JSON (``too_large``, ``not_json``);
2. ``@context``: the VC 2.0 context, then the OB 3.0.3 context, and only bundled
   contexts after that (``context_invalid``);
3. the Open Badges 3.0 JSON schema (``schema_invalid``);
4. the proof: present, well formed, made with a key the issuer lists as an assertion
   method (``proof_missing``, ``proof_invalid``, ``issuer_unknown``,
   ``unknown_verification_method``), over a document whose every property a context
   defines (``undefined_term``: an undefined one would not be covered by the
   signature), with a valid signature (``signature_invalid``);
5. the validity period (``not_yet_valid``, ``expired``);
6. revocation through the Bitstring Status List, whose own credential must verify
   too (``status_unavailable``, ``status_invalid``, ``revoked``).

Reason codes are English and stable; the web layer translates them for people.
"""

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from cachetools import LRUCache

from .documents import (
    BUNDLED_CONTEXTS,
    OB_V3_CONTEXT,
    VC_V2_CONTEXT,
    Canonicaliser,
    UndefinedTermError,
    default_canonicaliser,
)
from .keys import AssertionKey, public_key_bytes
from .proofs import ProofError, proof_options_checked, proof_verify, single_proof
from .schema import schema_errors
from .status_list import REVOCATION, StatusList, StatusListError, status_entry_index

DEFAULT_MAX_BYTES = 256 * 1024
MAX_JSON_DEPTH = 64

IssuerKeyResolver = Callable[[str], Sequence[AssertionKey]]
# Returns the status list credential (parsed, or as JSON text/bytes) for a URL, or None.
StatusListLoader = Callable[[str], dict[str, Any] | str | bytes | None]


class Reason(StrEnum):
    TOO_LARGE = "too_large"
    NOT_JSON = "not_json"
    CONTEXT_INVALID = "context_invalid"
    SCHEMA_INVALID = "schema_invalid"
    PROOF_MISSING = "proof_missing"
    PROOF_INVALID = "proof_invalid"
    ISSUER_UNKNOWN = "issuer_unknown"
    UNKNOWN_VERIFICATION_METHOD = "unknown_verification_method"
    UNDEFINED_TERM = "undefined_term"
    SIGNATURE_INVALID = "signature_invalid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    STATUS_UNAVAILABLE = "status_unavailable"
    STATUS_INVALID = "status_invalid"
    REVOKED = "revoked"


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    reason: Reason | None = None
    message: str = ""
    details: tuple[str, ...] = ()
    credential: dict[str, Any] | None = None
    issuer_id: str | None = None
    verification_method: str | None = None


class VerificationError(Exception):
    """A check failed; carries the reason code, an English message and details."""

    def __init__(self, reason: Reason, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.details = tuple(details)


@dataclass
class _Verifier:
    resolve_issuer_keys: IssuerKeyResolver
    status_list_loader: StatusListLoader
    now: datetime
    canonicaliser: Canonicaliser


# Verified status lists by (digest of the list credential, signing key): a list is
# checked once, not for every credential that points into it.
_VERIFIED_STATUS_LISTS: LRUCache = LRUCache(maxsize=32)


def verify(
    credential_json: str | bytes,
    *,
    resolve_issuer_keys: IssuerKeyResolver,
    status_list_loader: StatusListLoader,
    max_bytes: int = DEFAULT_MAX_BYTES,
    now: datetime | None = None,
    canonicaliser: Canonicaliser | None = None,
) -> VerificationResult:
    """Check a credential (as received: JSON text or bytes) and say why it fails, if it does."""
    verifier = _Verifier(
        resolve_issuer_keys=resolve_issuer_keys,
        status_list_loader=status_list_loader,
        now=now or datetime.now(UTC),
        canonicaliser=canonicaliser or default_canonicaliser(),
    )
    try:
        credential = json_parse(credential_json, max_bytes=max_bytes)
        _check_context(credential)
        errors = schema_errors(credential)
        if errors:
            raise VerificationError(
                Reason.SCHEMA_INVALID,
                "The credential does not match the Open Badges 3.0 schema.",
                errors,
            )
        issuer_id = _issuer_id(credential)
        key = _check_signature(verifier, credential, issuer_id)
        _check_validity(credential, verifier.now)
        _check_status(verifier, credential, issuer_id)
    except VerificationError as failure:
        return VerificationResult(
            ok=False, reason=failure.reason, message=failure.message, details=failure.details
        )
    return VerificationResult(
        ok=True,
        message="The credential is valid.",
        credential=credential,
        issuer_id=issuer_id,
        verification_method=key.id,
    )


def json_parse(text: str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """A JSON object from untrusted input: bounded size and depth, no duplicate keys, no NaN."""
    size = len(text.encode("utf-8", "surrogatepass")) if isinstance(text, str) else len(text)
    if size > max_bytes:
        raise VerificationError(
            Reason.TOO_LARGE, f"The credential is larger than {max_bytes} bytes."
        )
    try:
        value = json.loads(
            text,
            object_pairs_hook=_object_without_duplicates,
            parse_constant=_reject_constant,
        )
    except (ValueError, RecursionError) as error:
        raise VerificationError(Reason.NOT_JSON, "The credential is not valid JSON.") from error
    if not isinstance(value, dict):
        raise VerificationError(Reason.NOT_JSON, "The credential is not a JSON object.")
    if _depth(value) > MAX_JSON_DEPTH:
        raise VerificationError(Reason.NOT_JSON, "The credential is nested too deeply.")
    return value


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


def _check_context(credential: dict[str, Any]) -> None:
    context = credential.get("@context")
    if not isinstance(context, list) or len(context) < 2:
        raise VerificationError(
            Reason.CONTEXT_INVALID,
            "The @context must list the VC 2.0 and Open Badges 3.0 contexts.",
        )
    if context[0] != VC_V2_CONTEXT or context[1] != OB_V3_CONTEXT:
        raise VerificationError(
            Reason.CONTEXT_INVALID,
            f"The @context must start with {VC_V2_CONTEXT} and then {OB_V3_CONTEXT}.",
        )
    unknown = [entry for entry in context[2:] if entry not in BUNDLED_CONTEXTS]
    if unknown:
        raise VerificationError(
            Reason.CONTEXT_INVALID, "The @context names a context that is not known here."
        )


def _issuer_id(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str) or not issuer_id:
        raise VerificationError(Reason.SCHEMA_INVALID, "The credential names no issuer.")
    return issuer_id


def _check_signature(verifier: _Verifier, document: dict[str, Any], issuer_id: str) -> AssertionKey:
    try:
        proof = single_proof(document)
        proof_options_checked(proof)
    except ProofError as error:
        raise VerificationError(Reason(error.code), error.message) from error
    method = proof["verificationMethod"]
    if method.partition("#")[0] != issuer_id:
        raise VerificationError(
            Reason.UNKNOWN_VERIFICATION_METHOD, "The proof was not made with a key of the issuer."
        )
    try:
        keys = list(verifier.resolve_issuer_keys(issuer_id))
    except Exception as error:  # a resolver may fail in any way; the answer is the same
        raise VerificationError(
            Reason.ISSUER_UNKNOWN, "The issuer's keys could not be retrieved."
        ) from error
    if not keys:
        raise VerificationError(Reason.ISSUER_UNKNOWN, "The issuer is not known.")
    key = next((key for key in keys if key.id == method and key.controller == issuer_id), None)
    if key is None:
        raise VerificationError(
            Reason.UNKNOWN_VERIFICATION_METHOD,
            "The issuer does not list the key this credential was signed with.",
        )
    try:
        valid = proof_verify(document, key.public_key, verifier.canonicaliser)
    except ProofError as error:
        raise VerificationError(Reason(error.code), error.message) from error
    except UndefinedTermError as error:
        raise VerificationError(
            Reason.UNDEFINED_TERM,
            "The credential contains properties that its contexts do not define.",
            error.terms[:10],
        ) from error
    except Exception as error:  # canonicalisation of hostile input may fail in many ways
        raise VerificationError(
            Reason.SIGNATURE_INVALID, "The credential cannot be canonicalised."
        ) from error
    if not valid:
        raise VerificationError(
            Reason.SIGNATURE_INVALID,
            "The signature does not match: the credential was changed after signing.",
        )
    return key


def _moment(value: Any, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise VerificationError(Reason.SCHEMA_INVALID, f"{name} is not a date and time.") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_validity(document: dict[str, Any], now: datetime) -> None:
    if "validFrom" in document and _moment(document["validFrom"], "validFrom") > now:
        raise VerificationError(Reason.NOT_YET_VALID, "The credential is not valid yet.")
    if "validUntil" in document and _moment(document["validUntil"], "validUntil") < now:
        raise VerificationError(Reason.EXPIRED, "The credential has expired.")


def _check_status(verifier: _Verifier, credential: dict[str, Any], issuer_id: str) -> None:
    status = credential.get("credentialStatus")
    if status is None:
        return
    entries = status if isinstance(status, list) else [status]
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            raise VerificationError(
                Reason.STATUS_INVALID,
                "The credential's status is not a Bitstring Status List entry.",
            )
        if entry.get("statusPurpose") != REVOCATION:
            continue
        list_url = entry.get("statusListCredential")
        try:
            index = status_entry_index(entry)
        except StatusListError as error:
            raise VerificationError(Reason.STATUS_INVALID, str(error)) from error
        if not isinstance(list_url, str):
            raise VerificationError(Reason.STATUS_INVALID, "The status entry names no list.")
        status_list = _status_list_load(verifier, list_url, issuer_id)
        if index >= status_list.length:
            raise VerificationError(
                Reason.STATUS_INVALID, "The status index lies outside the status list."
            )
        if status_list.get(index):
            raise VerificationError(Reason.REVOKED, "The issuer has revoked this credential.")


def _status_list_load(verifier: _Verifier, list_url: str, issuer_id: str) -> StatusList:
    try:
        loaded = verifier.status_list_loader(list_url)
    except Exception as error:  # a loader may fail in any way; the answer is the same
        raise VerificationError(
            Reason.STATUS_UNAVAILABLE, "The revocation list could not be retrieved."
        ) from error
    if loaded is None:
        raise VerificationError(
            Reason.STATUS_UNAVAILABLE, "The revocation list could not be retrieved."
        )
    try:
        document = loaded if isinstance(loaded, dict) else json_parse(loaded, max_bytes=4_000_000)
        return _status_list_verified(verifier, document, list_url, issuer_id)
    except VerificationError as failure:
        raise VerificationError(
            Reason.STATUS_UNAVAILABLE,
            "The revocation list could not be verified.",
            (f"{failure.reason}: {failure.message}",),
        ) from failure


def _status_list_verified(
    verifier: _Verifier, document: dict[str, Any], list_url: str, issuer_id: str
) -> StatusList:
    context = document.get("@context")
    if not isinstance(context, list) or not context or context[0] != VC_V2_CONTEXT:
        raise VerificationError(Reason.CONTEXT_INVALID, "The list's @context is not VC 2.0.")
    if any(entry not in BUNDLED_CONTEXTS for entry in context):
        raise VerificationError(Reason.CONTEXT_INVALID, "The list names an unknown context.")
    types = document.get("type")
    subject = document.get("credentialSubject")
    if (
        document.get("id") != list_url
        or not isinstance(types, list)
        or "BitstringStatusListCredential" not in types
        or not isinstance(subject, dict)
        or subject.get("type") != "BitstringStatusList"
        or subject.get("statusPurpose") != REVOCATION
    ):
        raise VerificationError(
            Reason.SCHEMA_INVALID, "This is not the revocation list the credential points to."
        )
    if _issuer_id(document) != issuer_id:
        raise VerificationError(
            Reason.UNKNOWN_VERIFICATION_METHOD, "The list was issued by someone else."
        )
    digest = hashlib.sha256(
        json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    cached = _cached_status_list(verifier, document, digest, issuer_id)
    if cached is not None:
        _check_validity(document, verifier.now)
        return cached
    key = _check_signature(verifier, document, issuer_id)
    _check_validity(document, verifier.now)
    try:
        status_list = StatusList.decode(subject.get("encodedList", ""))
    except StatusListError as error:
        raise VerificationError(Reason.STATUS_INVALID, str(error)) from error
    _VERIFIED_STATUS_LISTS[(digest, public_key_bytes(key.public_key))] = status_list
    return status_list


def _cached_status_list(
    verifier: _Verifier, document: dict[str, Any], digest: str, issuer_id: str
) -> StatusList | None:
    try:
        method = single_proof(document).get("verificationMethod")
        keys = verifier.resolve_issuer_keys(issuer_id)
    except Exception:  # no shortcut; the full check gives the reason
        return None
    for key in keys:
        if key.id == method:
            return _VERIFIED_STATUS_LISTS.get((digest, public_key_bytes(key.public_key)))
    return None
