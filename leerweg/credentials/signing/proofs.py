"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite.

Follows W3C "Data Integrity EdDSA Cryptosuites v1.0", section 3.3:

Create (3.3.1):
1. Proof configuration: ``type`` DataIntegrityProof, ``cryptosuite`` eddsa-rdfc-2022,
   ``created``, ``verificationMethod``, ``proofPurpose``, and the ``@context`` of the
   document; canonicalise it with RDFC-1.0.
2. Transformation: canonicalise the unsecured document (without ``proof``).
3. Hashing: SHA-256 of the canonical proof configuration, followed by SHA-256 of the
   canonical document (64 bytes, in that order).
4. Sign the 64 bytes with Ed25519; ``proofValue`` is the signature as multibase
   base58-btc (``z…``).

Verify (3.3.2) reverses it: take the proof off, check type and cryptosuite, require
that the proof's ``@context`` (if any) is the start of the document's, rebuild the
configuration from the proof without ``proofValue``, hash as above and check the
Ed25519 signature.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .documents import Canonicaliser, default_canonicaliser
from .keys import signature_is_valid
from .multibase import MultibaseError, base58btc_decode, base58btc_encode

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
ASSERTION_METHOD = "assertionMethod"

_XSD_DATETIME = re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


class ProofError(Exception):
    """A proof is malformed or cannot be checked; ``code`` says how."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def xsd_datetime(moment: datetime) -> str:
    """A timezone-aware moment as an XML Schema dateTime in UTC, to the second."""
    if moment.tzinfo is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_xsd_datetime(value: Any) -> bool:
    return isinstance(value, str) and _XSD_DATETIME.fullmatch(value) is not None


@dataclass(frozen=True)
class ProofHashes:
    """The intermediate values of the hashing step, exposed for test vectors."""

    canonical_proof_config: str
    canonical_document: str
    hash_data: bytes


def _canonical_hash(canonicaliser: Canonicaliser, document: dict[str, Any]) -> tuple[str, bytes]:
    canonical = canonicaliser.canonicalise(document)
    return canonical, hashlib.sha256(canonical.encode("utf-8")).digest()


@lru_cache(maxsize=64)
def _proof_config_hash(
    canonicaliser: Canonicaliser, config_items: tuple[tuple[str, Any], ...]
) -> tuple[str, bytes]:
    # Issuing many credentials at once repeats the same configuration (same key, same
    # `created`, same contexts); its canonical form is computed once.
    config = {
        key: list(value) if isinstance(value, tuple) else value for key, value in config_items
    }
    return _canonical_hash(canonicaliser, config)


def _frozen(config: dict[str, Any]) -> tuple[tuple[str, Any], ...] | None:
    items: list[tuple[str, Any]] = []
    for key, value in sorted(config.items()):
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            items.append((key, tuple(value)))
        elif isinstance(value, str):
            items.append((key, value))
        else:
            return None
    return tuple(items)


def proof_hashes(
    unsecured_document: dict[str, Any],
    proof_config: dict[str, Any],
    canonicaliser: Canonicaliser | None = None,
) -> ProofHashes:
    """Transformation and hashing (3.3.3-3.3.5): SHA-256(config) || SHA-256(document)."""
    canonicaliser = canonicaliser or default_canonicaliser()
    frozen = _frozen(proof_config)
    if frozen is not None:
        canonical_config, config_hash = _proof_config_hash(canonicaliser, frozen)
    else:
        canonical_config, config_hash = _canonical_hash(canonicaliser, proof_config)
    canonical_document, document_hash = _canonical_hash(canonicaliser, unsecured_document)
    return ProofHashes(canonical_config, canonical_document, config_hash + document_hash)


def proof_config_build(
    document: dict[str, Any], *, verification_method: str, created: datetime | str
) -> dict[str, Any]:
    created_value = created if isinstance(created, str) else xsd_datetime(created)
    if not is_xsd_datetime(created_value):
        raise ValueError("created must be an XML Schema dateTime")
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created_value,
        "verificationMethod": verification_method,
        "proofPurpose": ASSERTION_METHOD,
        "@context": document["@context"],
    }


def proof_create(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | str,
    canonicaliser: Canonicaliser | None = None,
) -> dict[str, Any]:
    """The ``eddsa-rdfc-2022`` proof object for an unsecured document."""
    if "proof" in document:
        raise ValueError("the document already carries a proof")
    config = proof_config_build(document, verification_method=verification_method, created=created)
    hashes = proof_hashes(document, config, canonicaliser)
    proof = {key: value for key, value in config.items() if key != "@context"}
    proof["proofValue"] = base58btc_encode(private_key.sign(hashes.hash_data))
    return proof


def document_sign(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | str,
    proof_as_list: bool = True,
    canonicaliser: Canonicaliser | None = None,
) -> dict[str, Any]:
    """A copy of the document with its proof added.

    Open Badges 3.0 writes ``proof`` as a list (its JSON schema requires it); a
    one-proof list and a single proof object are the same proof set in Data Integrity.
    """
    proof = proof_create(
        document,
        private_key=private_key,
        verification_method=verification_method,
        created=created,
        canonicaliser=canonicaliser,
    )
    return document | {"proof": [proof] if proof_as_list else proof}


def single_proof(secured_document: dict[str, Any]) -> dict[str, Any]:
    """The document's one proof; a proof set of more than one is not accepted."""
    proof = secured_document.get("proof")
    if isinstance(proof, list):
        if len(proof) != 1:
            raise ProofError("proof_invalid", "Exactly one proof is expected.")
        proof = proof[0]
    if not isinstance(proof, dict):
        raise ProofError("proof_missing", "The credential carries no proof.")
    return proof


def proof_verify(
    secured_document: dict[str, Any],
    public_key: Ed25519PublicKey,
    canonicaliser: Canonicaliser | None = None,
) -> bool:
    """Whether the document's one ``eddsa-rdfc-2022`` proof is valid for ``public_key``.

    Raises ProofError when the proof is malformed rather than merely wrong.
    """
    proof = single_proof(secured_document)
    proof_options = proof_options_checked(proof)
    unsecured = {key: value for key, value in secured_document.items() if key != "proof"}
    document_context = unsecured.get("@context")
    if "@context" in proof_options:
        proof_context = proof_options["@context"]
        proof_list = proof_context if isinstance(proof_context, list) else [proof_context]
        doc_list = document_context if isinstance(document_context, list) else [document_context]
        if doc_list[: len(proof_list)] != proof_list:
            raise ProofError("proof_invalid", "The proof's @context does not match the document.")
        unsecured["@context"] = proof_context
    try:
        signature = base58btc_decode(proof["proofValue"])
    except MultibaseError as error:
        raise ProofError("proof_invalid", "The proofValue is not base58-btc multibase.") from error
    if len(signature) != 64:
        raise ProofError("proof_invalid", "The proofValue is not an Ed25519 signature.")
    config = proof_options | {"@context": unsecured.get("@context")}
    hashes = proof_hashes(unsecured, config, canonicaliser)
    return signature_is_valid(public_key, signature, hashes.hash_data)


def proof_options_checked(proof: dict[str, Any]) -> dict[str, Any]:
    """The proof without ``proofValue``, after checking its required members."""
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(
            "proof_invalid",
            f"Only {PROOF_TYPE} proofs with cryptosuite {CRYPTOSUITE} are accepted.",
        )
    if proof.get("proofPurpose") != ASSERTION_METHOD:
        raise ProofError("proof_invalid", "The proof purpose must be assertionMethod.")
    if not isinstance(proof.get("verificationMethod"), str):
        raise ProofError("proof_invalid", "The proof names no verification method.")
    if not isinstance(proof.get("proofValue"), str):
        raise ProofError("proof_invalid", "The proof carries no proofValue.")
    if "created" in proof and not is_xsd_datetime(proof["created"]):
        raise ProofError("proof_invalid", "The proof's created date is not a valid dateTime.")
    return {key: value for key, value in proof.items() if key != "proofValue"}
