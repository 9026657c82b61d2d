"""Signed statements (xAPI Data 2.6).

A client signs a statement by attaching a JWS (RFC 7515, compact serialization)
with usageType ``.../attachments/signature`` and contentType
``application/octet-stream``; its payload is the statement as it was before the
signature was added. The LRS refuses a malformed signature with 400. Steps:

1. The JWS has three base64url segments; header and payload are JSON objects.
2. ``alg`` is RS256, RS384 or RS512 (RSASSA-PKCS1-v1_5, RFC 7518 §3.3).
3. With an ``x5c`` header the signature must verify against the public key of
   the first certificate. Without one there is no key to check it with, which
   the spec allows (x5c is a SHOULD).
4. The payload is the same statement as the one received, compared by the
   statement comparison rules (Data 2.3.1): differences the immutability
   exceptions allow are ignored (see ``_comparable``).
"""

import base64
import binascii
import json
import re
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.multipart import AttachmentPart, parse_content_type

SIGNATURE_USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature"
SIGNATURE_CONTENT_TYPE = "application/octet-stream"
_HASH_BY_ALGORITHM: dict[str, type[hashes.HashAlgorithm]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_MALFORMED_JWS = "The signature attachment is not a JWS in compact serialization."
# Set by the LRS whatever the client sent (Data 2.3.1), and attachments are not
# part of the statement: none of these take part in the comparison.
_NOT_COMPARED = frozenset({"attachments", "authority", "stored", "version"})
# The LRS assigns these only when absent: compared when both sides have them.
_COMPARED_WHEN_BOTH_HAVE = ("id", "timestamp")
_DURATION_SECONDS = re.compile(r"(\d+)\.(\d*)S$")


def signature_attachments(statement: dict[str, Any]) -> list[dict[str, Any]]:
    """The attachments of a statement that claim to be its signature."""
    attachments = statement.get("attachments")
    if not isinstance(attachments, list):
        return []
    return [
        attachment
        for attachment in attachments
        if isinstance(attachment, dict) and attachment.get("usageType") == SIGNATURE_USAGE_TYPE
    ]


def verify_statement_signatures(
    statement: dict[str, Any], parts: dict[str, AttachmentPart]
) -> None:
    """Check every signature attachment of a statement against the request's parts."""
    for attachment in signature_attachments(statement):
        sha2 = attachment.get("sha2")
        part = parts.get(sha2.lower()) if isinstance(sha2, str) else None
        if part is None:
            raise XapiError("The JWS of a signature attachment is not in the request.")
        verify_signed_statement(statement, part)


def verify_signed_statement(statement: dict[str, Any], signature_part: AttachmentPart) -> None:
    """Raise XapiError(400) unless the part is a valid JWS signature of the statement."""
    _check_declared_content_type(statement, signature_part)
    header_segment, payload_segment, signature_segment = _compact_segments(signature_part.content)
    header = _json_object_segment(header_segment, "header")
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in _HASH_BY_ALGORITHM:
        raise XapiError(f"The JWS algorithm must be RS256, RS384 or RS512, not {algorithm!r}.")
    if "crit" in header:
        raise XapiError("The JWS header names critical extensions, which are not supported.")
    signature = _segment_bytes(signature_segment)
    if not signature:
        raise XapiError("The JWS has an empty signature.")
    if "x5c" in header:
        signing_input = f"{header_segment}.{payload_segment}".encode("ascii")
        _verify_with_certificate(header["x5c"], algorithm, signing_input, signature)
    signed_statement = _json_object_segment(payload_segment, "payload")
    if not same_signed_statement(signed_statement, statement):
        raise XapiError("The statement in the JWS payload differs from the statement received.")


def _check_declared_content_type(statement: dict[str, Any], part: AttachmentPart) -> None:
    # The statement's attachment for this part must declare application/octet-stream
    # (Data 2.6, conformance XAPI-00115); the part's own Content-Type is only a SHOULD.
    for attachment in signature_attachments(statement):
        sha2, content_type = attachment.get("sha2"), attachment.get("contentType")
        if not isinstance(sha2, str) or sha2.lower() != part.sha2:
            continue
        media_type, _ = parse_content_type(content_type if isinstance(content_type, str) else "")
        if media_type != SIGNATURE_CONTENT_TYPE:
            raise XapiError(
                f"A signature attachment must have contentType {SIGNATURE_CONTENT_TYPE}."
            )


def same_signed_statement(signed: dict[str, Any], received: dict[str, Any]) -> bool:
    """Whether a JWS payload and a received statement are the same statement."""
    left, right = _comparable(signed), _comparable(received)
    for key in _COMPARED_WHEN_BOTH_HAVE:
        if key not in left or key not in right:
            left.pop(key, None)
            right.pop(key, None)
    return left == right


def _compact_segments(content: bytes) -> tuple[str, str, str]:
    try:
        text = content.decode("ascii").strip()
    except UnicodeDecodeError:
        raise XapiError(_MALFORMED_JWS) from None
    segments = text.split(".")
    if len(segments) != 3 or not all(_BASE64URL.fullmatch(segment) for segment in segments):
        raise XapiError(_MALFORMED_JWS)
    header, payload, signature = segments
    return header, payload, signature


def _segment_bytes(segment: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        raise XapiError(_MALFORMED_JWS) from None


def _json_object_segment(segment: str, name: str) -> dict[str, Any]:
    try:
        value = json.loads(_segment_bytes(segment))
    except (ValueError, RecursionError):
        raise XapiError(f"The JWS {name} is not valid JSON.") from None
    if not isinstance(value, dict):
        raise XapiError(f"The JWS {name} is not a JSON object.")
    return value


def _verify_with_certificate(
    x5c: Any, algorithm: str, signing_input: bytes, signature: bytes
) -> None:
    # Only the signer's certificate (the first) is used: the LRS has no trust
    # anchors to validate the rest of the chain against.
    if not isinstance(x5c, list) or not x5c or not isinstance(x5c[0], str):
        raise XapiError("The JWS x5c header must be a list of base64 certificates.")
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(x5c[0], validate=True))
        public_key = certificate.public_key()
    except (binascii.Error, ValueError, UnsupportedAlgorithm):
        raise XapiError("The first certificate in the JWS x5c header cannot be read.") from None
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise XapiError("The certificate in the JWS x5c header does not hold an RSA key.")
    try:
        public_key.verify(
            signature, signing_input, padding.PKCS1v15(), _HASH_BY_ALGORITHM[algorithm]()
        )
    except InvalidSignature:
        raise XapiError(
            "The JWS signature does not verify with the certificate in its x5c header."
        ) from None


def _comparable(statement: dict[str, Any]) -> dict[str, Any]:
    """A statement with the differences Data 2.3.1 allows taken out.

    Left out: what the LRS sets, attachments, the verb's display and activity
    definitions. Made uniform: case of UUIDs, e-mail domains and language tags,
    timestamps as points in time, the order of group members, contextActivities
    as lists, and durations to 0.01 s (xAPI 2.0 Data 4.6).
    """
    comparable = {}
    for key, value in statement.items():
        if key not in _NOT_COMPARED:
            comparable[key] = _comparable_property(key, value)
    return comparable


def _comparable_property(key: str, value: Any) -> Any:
    if key == "id":
        return _lower(value)
    if key == "timestamp":
        return _instant(value)
    if key == "actor":
        return _comparable_agent(value)
    if key == "verb" and isinstance(value, dict):
        return {name: item for name, item in value.items() if name != "display"}
    if key == "object":
        return _comparable_object(value)
    if key == "result" and isinstance(value, dict):
        return {**value, "duration": _duration(value["duration"])} if "duration" in value else value
    if key == "context" and isinstance(value, dict):
        return _comparable_context(value)
    return value


def _comparable_object(target: Any) -> Any:
    if not isinstance(target, dict):
        return target
    object_type = target.get("objectType", "Activity")
    if object_type == "Activity":
        return _comparable_activity(target)
    if object_type in ("Agent", "Group"):
        return _comparable_agent(target)
    if object_type == "StatementRef":
        return {**target, "id": _lower(target.get("id"))}
    if object_type == "SubStatement":
        return _comparable(target)
    return target


def _comparable_activity(activity: Any) -> Any:
    if not isinstance(activity, dict):
        return activity
    comparable = {key: value for key, value in activity.items() if key != "definition"}
    comparable["objectType"] = "Activity"
    return comparable


def _comparable_agent(agent: Any) -> Any:
    if not isinstance(agent, dict):
        return agent
    comparable = dict(agent)
    comparable.setdefault("objectType", "Agent")
    if isinstance(agent.get("mbox"), str):
        local, at, domain = agent["mbox"].rpartition("@")
        comparable["mbox"] = f"{local}{at}{domain.lower()}"
    if isinstance(agent.get("mbox_sha1sum"), str):
        comparable["mbox_sha1sum"] = agent["mbox_sha1sum"].lower()
    if isinstance(agent.get("member"), list):
        members = [_comparable_agent(member) for member in agent["member"]]
        comparable["member"] = sorted(members, key=_sort_key)
    return comparable


def _comparable_context(context: dict[str, Any]) -> dict[str, Any]:
    comparable = dict(context)
    for key in ("registration", "language"):
        if key in context:
            comparable[key] = _lower(context[key])
    for key in ("instructor", "team"):
        if key in context:
            comparable[key] = _comparable_agent(context[key])
    if isinstance(context.get("statement"), dict):
        comparable["statement"] = _comparable_object(context["statement"])
    if isinstance(context.get("contextActivities"), dict):
        comparable["contextActivities"] = {
            kind: [_comparable_activity(item) for item in _as_list(activities)]
            for kind, activities in context["contextActivities"].items()
        }
    for key, agent_key in (("contextAgents", "agent"), ("contextGroups", "group")):
        if isinstance(context.get(key), list):
            comparable[key] = [
                {**item, agent_key: _comparable_agent(item.get(agent_key))}
                if isinstance(item, dict)
                else item
                for item in context[key]
            ]
    return comparable


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _instant(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # xAPI reads a timestamp without offset as UTC
    return moment.astimezone(UTC)


def _duration(value: Any) -> Any:
    """A duration with its seconds cut to hundredths, trailing zeros dropped."""
    if not isinstance(value, str):
        return value
    match = _DURATION_SECONDS.search(value)
    if match is None:
        return value
    hundredths = match.group(2)[:2].rstrip("0")
    seconds = f"{match.group(1)}.{hundredths}" if hundredths else match.group(1)
    return f"{value[: match.start()]}{seconds}S"


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
