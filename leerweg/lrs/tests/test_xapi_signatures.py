"""Signed statements: JWS checks and statement comparison, without HTTP or a database."""

import base64
import copy
import datetime as dt
import hashlib
import hmac
import json
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from leerweg.lrs.xapi.errors import XapiError
from leerweg.lrs.xapi.multipart import AttachmentPart
from leerweg.lrs.xapi.signatures import (
    SIGNATURE_USAGE_TYPE,
    signature_attachments,
    verify_signed_statement,
    verify_statement_signatures,
)

HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}
STATEMENT: dict[str, Any] = {
    "id": "d1b5c3a8-6f0e-4c84-9a55-7c4f3c1e2a10",
    "actor": {"objectType": "Agent", "name": "xAPI mbox", "mbox": "mailto:xapi@adlnet.gov"},
    "verb": {
        "id": "http://adlnet.gov/expapi/verbs/attended",
        "display": {"en-GB": "attended", "en-US": "attended"},
    },
    "object": {"objectType": "Activity", "id": "http://www.example.com/meetings/34534"},
}


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def certificate(key: rsa.RSAPrivateKey) -> x509.Certificate:
    return self_signed(key)


def self_signed(key: Any) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Signing client")])
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jws(
    payload: Any,
    key: rsa.RSAPrivateKey,
    alg: str = "RS256",
    certificate: x509.Certificate | None = None,
) -> bytes:
    header: dict[str, Any] = {"alg": alg}
    if certificate is not None:
        der = certificate.public_bytes(serialization.Encoding.DER)
        header["x5c"] = [base64.b64encode(der).decode()]
    payload_bytes = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(payload_bytes)}".encode()
    signature = key.sign(signing_input, padding.PKCS1v15(), HASHES.get(alg, hashes.SHA256)())
    return signing_input + b"." + b64url(signature).encode()


def signed(
    signed_statement: dict[str, Any], token: bytes, content_type: str = "application/octet-stream"
) -> tuple[dict[str, Any], AttachmentPart]:
    """The statement as received, with its signature attachment, and the JWS part."""
    sha2 = hashlib.sha256(token).hexdigest()
    received = copy.deepcopy(signed_statement)
    received["attachments"] = [
        {
            "usageType": SIGNATURE_USAGE_TYPE,
            "display": {"en-US": "Signed by the test"},
            "contentType": content_type,
            "length": len(token),
            "sha2": sha2,
        }
    ]
    return received, AttachmentPart(sha2, content_type, token)


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_a_signed_statement_with_certificate_is_accepted(
    alg: str, key: rsa.RSAPrivateKey, certificate: x509.Certificate
) -> None:
    received, part = signed(STATEMENT, jws(STATEMENT, key, alg, certificate))
    verify_signed_statement(received, part)
    verify_statement_signatures(received, {part.sha2: part})


def test_a_signed_statement_without_certificate_is_accepted(key: rsa.RSAPrivateKey) -> None:
    # The conformance suite signs this way: only "alg" in the header.
    received, part = signed(STATEMENT, jws(STATEMENT, key))
    verify_signed_statement(received, part)


def test_a_tampered_statement_is_refused(
    key: rsa.RSAPrivateKey, certificate: x509.Certificate
) -> None:
    received, part = signed(STATEMENT, jws(STATEMENT, key, certificate=certificate))
    received["object"] = {"objectType": "Activity", "id": "http://www.example.com/other"}
    with pytest.raises(XapiError, match="differs") as refused:
        verify_signed_statement(received, part)
    assert refused.value.status == 400


def test_a_tampered_payload_is_refused(
    key: rsa.RSAPrivateKey, certificate: x509.Certificate
) -> None:
    token = jws(STATEMENT, key, certificate=certificate)
    header, _, signature = token.split(b".")
    forged = {**STATEMENT, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}}
    forged_token = b".".join([header, b64url(json.dumps(forged).encode()).encode(), signature])
    received, part = signed(forged, forged_token)
    with pytest.raises(XapiError, match="does not verify"):
        verify_signed_statement(received, part)


def test_a_signature_by_another_key_is_refused(certificate: x509.Certificate) -> None:
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    received, part = signed(STATEMENT, jws(STATEMENT, other_key, certificate=certificate))
    with pytest.raises(XapiError, match="does not verify"):
        verify_signed_statement(received, part)


@pytest.mark.parametrize("alg", ["HS256", "none", "PS256", "ES256", "rs256", None])
def test_other_algorithms_are_refused(alg: str | None, key: rsa.RSAPrivateKey) -> None:
    header = b64url(json.dumps({"alg": alg}).encode())
    signing_input = f"{header}.{b64url(json.dumps(STATEMENT).encode())}"
    mac = hmac.new(b"secret", signing_input.encode(), hashlib.sha256).digest()
    received, part = signed(STATEMENT, f"{signing_input}.{b64url(mac)}".encode())
    with pytest.raises(XapiError, match="RS256, RS384 or RS512"):
        verify_signed_statement(received, part)


def test_payload_that_is_not_json_is_refused(key: rsa.RSAPrivateKey) -> None:
    # The suite's "breakJson": the first double quote becomes a single one.
    broken = json.dumps(STATEMENT).replace('"', "'", 1).encode()
    received, part = signed(STATEMENT, jws(broken, key))
    with pytest.raises(XapiError, match="payload is not valid JSON"):
        verify_signed_statement(received, part)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (b"not a jws", "compact serialization"),
        (b"a.b", "compact serialization"),
        (b"a.b.c.d.e", "compact serialization"),
        (b"ey+J.ey/J.c2ln", "compact serialization"),
        ("é.é.é".encode(), "compact serialization"),
        (b"abcde.e30.c2ln", "compact serialization"),
        (f"{b64url(b'[1]')}.e30.c2ln".encode(), "header is not a JSON object"),
        (f"{b64url(b'{')}.e30.c2ln".encode(), "header is not valid JSON"),
        (f"{b64url(b'{"alg":"RS256","crit":["x"]}')}.e30.c2ln".encode(), "critical"),
        (f"{b64url(b'{"alg":"RS256"}')}.e30.".encode(), "empty signature"),
        (f"{b64url(b'{"alg":"RS256"}')}.{b64url(b'[]')}.c2ln".encode(), "not a JSON object"),
    ],
    ids=[
        "no dots",
        "two segments",
        "five segments",
        "not base64url",
        "not ascii",
        "impossible length",
        "header array",
        "header broken",
        "crit",
        "no signature",
        "payload array",
    ],
)
def test_malformed_jws_is_refused(token: bytes, message: str) -> None:
    received, part = signed(STATEMENT, token)
    with pytest.raises(XapiError, match=message):
        verify_signed_statement(received, part)


@pytest.mark.parametrize(
    ("x5c", "message"),
    [
        ("MIIB", "list of base64"),
        ([], "list of base64"),
        (["not base64!"], "cannot be read"),
        ([base64.b64encode(b"not a certificate").decode()], "cannot be read"),
    ],
)
def test_unreadable_certificates_are_refused(
    x5c: Any, message: str, key: rsa.RSAPrivateKey
) -> None:
    header = b64url(json.dumps({"alg": "RS256", "x5c": x5c}).encode())
    token = f"{header}.{b64url(json.dumps(STATEMENT).encode())}.c2ln".encode()
    received, part = signed(STATEMENT, token)
    with pytest.raises(XapiError, match=message):
        verify_signed_statement(received, part)


def test_a_certificate_without_rsa_key_is_refused(key: rsa.RSAPrivateKey) -> None:
    ec_certificate = self_signed(ec.generate_private_key(ec.SECP256R1()))
    received, part = signed(STATEMENT, jws(STATEMENT, key, certificate=ec_certificate))
    with pytest.raises(XapiError, match="RSA key"):
        verify_signed_statement(received, part)


def test_signature_attachment_needs_octet_stream(key: rsa.RSAPrivateKey) -> None:
    received, part = signed(STATEMENT, jws(STATEMENT, key), "text/plain; charset=ascii")
    with pytest.raises(XapiError, match="application/octet-stream"):
        verify_statement_signatures(received, {part.sha2: part})
    with pytest.raises(XapiError, match="application/octet-stream"):
        verify_signed_statement(received, part)


def test_signature_attachment_may_name_its_part_in_upper_case(key: rsa.RSAPrivateKey) -> None:
    received, part = signed(STATEMENT, jws(STATEMENT, key))
    received["attachments"][0]["sha2"] = part.sha2.upper()
    verify_statement_signatures(received, {part.sha2: part})


def test_signature_attachment_needs_its_part(key: rsa.RSAPrivateKey) -> None:
    received, _ = signed(STATEMENT, jws(STATEMENT, key))
    received["attachments"][0]["fileUrl"] = "http://example.com/signature"
    with pytest.raises(XapiError, match="not in the request"):
        verify_statement_signatures(received, {})


def test_signature_attachments_are_found_by_usage_type() -> None:
    signature = {"usageType": SIGNATURE_USAGE_TYPE, "sha2": "a"}
    other = {"usageType": "http://example.com/attachment-usage/test", "sha2": "b"}
    assert signature_attachments({**STATEMENT, "attachments": [other, signature, 7]}) == [signature]
    assert signature_attachments(STATEMENT) == []
    assert signature_attachments({"attachments": "oops"}) == []


def test_unsigned_statements_pass(key: rsa.RSAPrivateKey) -> None:
    verify_statement_signatures(STATEMENT, {})


def with_changes(statement: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(statement), **changes}


GROUP: dict[str, Any] = {
    "objectType": "Group",
    "member": [{"mbox": "mailto:a@example.com"}, {"mbox": "mailto:b@example.com"}],
}
ALLOWED_DIFFERENCES = {
    "lrs sets authority, stored and version": (
        STATEMENT,
        with_changes(
            STATEMENT,
            authority={"mbox": "mailto:lrs@example.com"},
            stored="2024-01-01T00:00:00Z",
            version="1.0.3",
        ),
    ),
    "id assigned when absent": ({k: v for k, v in STATEMENT.items() if k != "id"}, STATEMENT),
    "id case": (STATEMENT, with_changes(STATEMENT, id=STATEMENT["id"].upper())),
    "timestamp time zone": (
        with_changes(STATEMENT, timestamp="2023-05-04T12:00:00-05:00"),
        with_changes(STATEMENT, timestamp="2023-05-04T17:00:00.000Z"),
    ),
    "verb display": (
        STATEMENT,
        with_changes(STATEMENT, verb={"id": STATEMENT["verb"]["id"], "display": {"nl": "x"}}),
    ),
    "activity definition and default objectType": (
        STATEMENT,
        with_changes(
            STATEMENT,
            object={"id": STATEMENT["object"]["id"], "definition": {"name": {"en": "Meeting"}}},
        ),
    ),
    "duration beyond hundredths": (
        with_changes(STATEMENT, result={"duration": "P1DT12H36M0.12S"}),
        with_changes(STATEMENT, result={"duration": "P1DT12H36M0.1237S"}),
    ),
    "member order and e-mail domain case": (
        with_changes(STATEMENT, actor=GROUP),
        with_changes(
            STATEMENT,
            actor={**GROUP, "member": [{"mbox": "mailto:b@EXAMPLE.com"}, GROUP["member"][0]]},
        ),
    ),
    "single context activity and registration case": (
        with_changes(
            STATEMENT,
            context={
                "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
                "contextActivities": {"parent": {"id": "http://example.com/course"}},
            },
        ),
        with_changes(
            STATEMENT,
            context={
                "registration": "EC531277-B57B-4C15-8D91-D292C5B2B8F7",
                "contextActivities": {
                    "parent": [{"objectType": "Activity", "id": "http://example.com/course"}]
                },
            },
        ),
    ),
}


@pytest.mark.parametrize(
    ("in_signature", "received"), ALLOWED_DIFFERENCES.values(), ids=ALLOWED_DIFFERENCES.keys()
)
def test_differences_the_spec_allows_are_ignored(
    in_signature: dict[str, Any], received: dict[str, Any], key: rsa.RSAPrivateKey
) -> None:
    statement, part = signed(received, jws(in_signature, key))
    verify_signed_statement(statement, part)


REAL_DIFFERENCES = {
    "other id": (STATEMENT, with_changes(STATEMENT, id="1b4c5a3d-6f0e-4c84-9a55-7c4f3c1e2a10")),
    "other instant": (
        with_changes(STATEMENT, timestamp="2023-05-04T12:00:00-05:00"),
        with_changes(STATEMENT, timestamp="2023-05-04T12:00:00Z"),
    ),
    "duration in hundredths": (
        with_changes(STATEMENT, result={"duration": "PT0.12S"}),
        with_changes(STATEMENT, result={"duration": "PT0.13S"}),
    ),
    "result added": (STATEMENT, with_changes(STATEMENT, result={"success": True})),
    "actor name": (
        STATEMENT,
        with_changes(STATEMENT, actor={**STATEMENT["actor"], "name": "Someone else"}),
    ),
    "e-mail local part case": (
        STATEMENT,
        with_changes(STATEMENT, actor={**STATEMENT["actor"], "mbox": "mailto:XAPI@adlnet.gov"}),
    ),
}


@pytest.mark.parametrize(
    ("in_signature", "received"), REAL_DIFFERENCES.values(), ids=REAL_DIFFERENCES.keys()
)
def test_real_differences_are_refused(
    in_signature: dict[str, Any], received: dict[str, Any], key: rsa.RSAPrivateKey
) -> None:
    statement, part = signed(received, jws(in_signature, key))
    with pytest.raises(XapiError, match="differs"):
        verify_signed_statement(statement, part)
