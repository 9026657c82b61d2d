import json
from datetime import timedelta

import pytest

from leerweg.credentials.signing import (
    Reason,
    did_key_for,
    did_key_resolve,
    did_key_verification_method,
)
from leerweg.credentials.signing.keys import private_key_generate
from leerweg.credentials.signing.proofs import document_sign
from leerweg.credentials.signing.verification import verify

from .conftest import LIST_URL, NOW, School, unsigned_credential


def _compact(document) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def test_sign_verify_round_trip(school, signed):
    result = school.verify(signed)
    assert result.ok, result
    assert result.reason is None
    assert result.issuer_id == school.did
    assert result.verification_method == f"{school.did}#key-2026-1"
    assert result.credential == signed
    assert isinstance(signed["proof"], list)
    [proof] = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["proofValue"].startswith("z")


def _changed(char: str) -> str:
    if char.isdigit():
        return str((int(char) + 1) % 10)
    if "a" <= char <= "y" or "A" <= char <= "Y":
        return chr(ord(char) + 1)
    return "a" if char in "zZ" else "x"


def test_one_changed_character_anywhere_fails(school, signed):
    text = _compact(signed)
    assert school.verify(text).ok
    reasons = set()
    for position, char in enumerate(text):
        tampered = text[:position] + _changed(char) + text[position + 1 :]
        result = school.verify(tampered)
        assert not result.ok, (
            f"a change at {position} ({text[max(0, position - 20) : position + 20]!r}) verified"
        )
        reasons.add(result.reason)
    assert Reason.SIGNATURE_INVALID in reasons
    assert reasons <= {
        Reason.NOT_JSON,
        Reason.CONTEXT_INVALID,
        Reason.SCHEMA_INVALID,
        Reason.PROOF_MISSING,
        Reason.PROOF_INVALID,
        Reason.UNKNOWN_VERIFICATION_METHOD,
        Reason.UNDEFINED_TERM,
        Reason.SIGNATURE_INVALID,
    }


def test_a_changed_name_is_a_bad_signature_with_a_reason(school, signed):
    text = _compact(signed).replace("Robotica", "Robotics", 1)
    result = school.verify(text)
    assert result.reason == Reason.SIGNATURE_INVALID
    assert "changed after signing" in result.message


def test_a_changed_signature_is_a_bad_signature(school, signed):
    proof_value = signed["proof"][0]["proofValue"]
    changed = proof_value[:10] + ("2" if proof_value[10] != "2" else "3") + proof_value[11:]
    result = school.verify(_compact(signed).replace(proof_value, changed))
    assert result.reason in {Reason.SIGNATURE_INVALID, Reason.PROOF_INVALID}


def test_revoked_credential_says_revoked(school, signed):
    school.status_list.set(7)
    school.publish_list()
    result = school.verify(signed)
    assert result.reason == Reason.REVOKED
    assert result.message == "The issuer has revoked this credential."
    other = school.sign(unsigned_credential(school.did, index=8))
    assert school.verify(other).ok


def test_revocation_can_be_undone(school, signed):
    school.status_list.set(7)
    school.publish_list()
    assert school.verify(signed).reason == Reason.REVOKED
    school.status_list.clear(7)
    school.publish_list()
    assert school.verify(signed).ok


def test_status_list_unavailable(school, signed):
    school.published_lists.clear()
    result = school.verify(signed)
    assert result.reason == Reason.STATUS_UNAVAILABLE


def test_status_list_loader_failure_is_unavailable(school, signed):
    def broken_loader(url):
        raise ConnectionError("down")

    result = verify(
        _compact(signed),
        resolve_issuer_keys=school.resolve,
        status_list_loader=broken_loader,
        now=NOW,
    )
    assert result.reason == Reason.STATUS_UNAVAILABLE


def test_a_forged_status_list_is_not_trusted(school, signed):
    forger = School(did=school.did)
    forger.add_key("key-2026-1")
    forger.publish_list()
    school.published_lists[LIST_URL] = forger.published_lists[LIST_URL]
    result = school.verify(signed)
    assert result.reason == Reason.STATUS_UNAVAILABLE
    assert "signature_invalid" in result.details[0]


def test_a_tampered_status_list_is_not_trusted(school, signed):
    published = school.published_lists[LIST_URL]
    school.status_list.set(7)
    published["credentialSubject"]["encodedList"] = school.status_list.encode()
    result = school.verify(signed)
    assert result.reason == Reason.STATUS_UNAVAILABLE


def test_status_index_outside_the_list(school):
    credential = school.sign(unsigned_credential(school.did, index=200_000))
    assert school.verify(credential).reason == Reason.STATUS_INVALID


def test_not_json_and_too_large(school, signed):
    assert school.verify("{not json").reason == Reason.NOT_JSON
    assert school.verify("[1, 2]").reason == Reason.NOT_JSON
    assert school.verify('{"a": NaN}').reason == Reason.NOT_JSON
    assert school.verify('{"a": 1, "a": 2}').reason == Reason.NOT_JSON
    assert school.verify("[" * 100_000).reason == Reason.NOT_JSON
    assert school.verify(b"\xff\xfe").reason == Reason.NOT_JSON
    text = _compact(signed)
    result = school.verify(text, max_bytes=len(text.encode()) - 1)
    assert result.reason == Reason.TOO_LARGE
    assert school.verify(text, max_bytes=len(text.encode())).ok


@pytest.mark.parametrize(
    "context",
    [
        None,
        "https://www.w3.org/ns/credentials/v2",
        [
            "https://www.w3.org/2018/credentials/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        [
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://www.w3.org/ns/credentials/v2",
        ],
        [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        ],
        [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://evil.example/context.json",
        ],
    ],
)
def test_wrong_or_missing_context(school, signed, context):
    document = dict(signed)
    if context is None:
        del document["@context"]
    else:
        document["@context"] = context
    assert school.verify(document).reason == Reason.CONTEXT_INVALID


def test_schema_invalid(school, signed):
    document = signed | {"credentialSubject": {"type": ["AchievementSubject"]}}
    result = school.verify(document)
    assert result.reason == Reason.SCHEMA_INVALID
    assert result.details


def test_an_added_undefined_property_is_refused(school, signed):
    # Without this check the property would be dropped before hashing and the
    # signature would still match, although the JSON says more than was signed.
    document = json.loads(json.dumps(signed))
    document["credentialSubject"]["klas"] = "4H1"
    result = school.verify(document)
    assert result.reason == Reason.UNDEFINED_TERM
    assert result.details == ("klas",)


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: doc | {"name": "Robotica \ud800"},
        lambda doc: doc | {"proof": "z123"},
        lambda doc: doc | {"proof": [doc["proof"][0], doc["proof"][0]]},
        lambda doc: doc | {"issuer": 42},
        lambda doc: doc | {"validFrom": "gisteren"},
        lambda doc: doc | {"credentialStatus": [doc["credentialStatus"], "x"]},
        lambda doc: doc | {"credentialStatus": doc["credentialStatus"] | {"statusListIndex": 7}},
        lambda doc: doc | {"proof": [doc["proof"][0] | {"proofValue": "z" + "1" * 90}]},
        lambda doc: doc | {"proof": [doc["proof"][0] | {"created": "morgen"}]},
    ],
)
def test_odd_input_fails_with_a_reason_and_never_raises(school, signed, change):
    result = school.verify(json.dumps(change(signed)))
    assert not result.ok
    assert result.reason in set(Reason)
    assert result.message


def test_a_lone_surrogate_in_the_text_does_not_crash(school, signed):
    result = school.verify(_compact(signed).replace("Robotica", "Robotica\ud800", 1))
    assert result.reason == Reason.SIGNATURE_INVALID


def test_proof_missing(school, signed):
    document = {key: value for key, value in signed.items() if key != "proof"}
    assert school.verify(document).reason == Reason.PROOF_MISSING


def test_unknown_verification_method(school, signed):
    document = json.loads(json.dumps(signed))
    document["proof"][0]["verificationMethod"] = f"{school.did}#key-unknown"
    assert school.verify(document).reason == Reason.UNKNOWN_VERIFICATION_METHOD
    document["proof"][0]["verificationMethod"] = "did:web:evil.example#key-2026-1"
    assert school.verify(document).reason == Reason.UNKNOWN_VERIFICATION_METHOD


def test_unknown_issuer(school):
    stranger = School(did="did:web:stranger.example")
    stranger.add_key("key-1")
    credential = stranger.sign(unsigned_credential(stranger.did))
    assert school.verify(credential).reason == Reason.ISSUER_UNKNOWN


def test_not_yet_valid_and_expired(school):
    future = school.sign(unsigned_credential(school.did, valid_from=NOW + timedelta(days=1)))
    assert school.verify(future).reason == Reason.NOT_YET_VALID
    expired = school.sign(
        unsigned_credential(
            school.did, valid_from=NOW - timedelta(days=30), valid_until=NOW - timedelta(days=1)
        )
    )
    assert school.verify(expired).reason == Reason.EXPIRED
    without_status = school.sign(
        unsigned_credential(
            school.did,
            valid_from=NOW - timedelta(days=30),
            valid_until=NOW - timedelta(days=1),
            credential_status=None,
        )
    )
    assert school.verify(without_status, now=NOW - timedelta(days=2)).ok
    assert school.verify(without_status).reason == Reason.EXPIRED


def test_key_rotation_keeps_old_credentials_verifiable(school, signed):
    school.add_key("key-2026-2")
    school.publish_list()
    assert school.verify(signed).ok
    newer = school.sign(unsigned_credential(school.did))
    assert newer["proof"][0]["verificationMethod"] == f"{school.did}#key-2026-2"
    assert school.verify(newer).ok
    assert [key.fragment for key in school.keys if key.retired] == ["key-2026-1"]


def test_did_key_issuer_for_installations_without_a_domain():
    private_key = private_key_generate()
    did = did_key_for(private_key.public_key())
    credential = document_sign(
        unsigned_credential(did, credential_status=None),
        private_key=private_key,
        verification_method=did_key_verification_method(did),
        created=NOW,
    )
    result = verify(
        _compact(credential),
        resolve_issuer_keys=did_key_resolve,
        status_list_loader=lambda url: None,
        now=NOW,
    )
    assert result.ok, result


def test_a_failing_key_resolver_means_issuer_unknown(school, signed):
    def broken(issuer_id):
        raise TimeoutError

    result = verify(
        _compact(signed), resolve_issuer_keys=broken, status_list_loader=school.load_list, now=NOW
    )
    assert result.reason == Reason.ISSUER_UNKNOWN
