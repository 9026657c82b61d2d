"""Issuing, verifying, revoking and rotating: the trust side of credentials, through HTTP."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.audit.models import AuditEvent
from leerweg.credentials import signing
from leerweg.credentials.models import IssuedCredential, IssuerKey, StatusList
from leerweg.credentials.signing.schema import schema_errors
from leerweg.credentials.trust import issuers, services
from leerweg.credentials.trust.selectors import credential_json, credential_verify

pytestmark = pytest.mark.django_db

ACHIEVEMENT = {
    "name": "Leerlingenraad",
    "description": "Lid van de leerlingenraad in schooljaar 2025-2026.",
    "criteria": "Een heel schooljaar actief lid, bevestigd door de school.",
    "achievement_type": "Membership",
}


def issue(personas: Personas, **overrides: Any) -> IssuedCredential:
    arguments: dict[str, Any] = {
        "school": personas.school,
        "student": personas.student_record,
        "achievement": ACHIEVEMENT,
        "subject_name": "Sanne de Vries",
        "evidence": [{"name": "Notulen", "narrative": "Tien vergaderingen bijgewoond."}],
        "valid_from": timezone.now() - timedelta(minutes=1),
        "kind": "line",
    } | overrides
    return services.credential_issue(**arguments)


def verify_api(client, body: bytes | str, **headers):
    return client.post(
        reverse("credentials:verify-api"), body, content_type="application/json", **headers
    )


def test_issue_then_verify_through_the_endpoint(client, personas):
    issued = issue(personas)
    response = verify_api(client, credential_json(issued), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    answer = response.json()
    assert answer["valid"] is True
    assert answer["reason"] is None
    assert answer["issuer"] == "Het Baken"
    assert answer["subject"] == "Sanne V."
    assert answer["achievement"] == "Leerlingenraad"
    assert answer["revoked"] is False
    assert answer["message"] == "The credential is genuine, unchanged and not revoked."


def test_issued_credential_matches_the_open_badges_schema(personas):
    credential = json.loads(credential_json(issue(personas)))
    assert schema_errors(credential) == []
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"


def test_subject_is_a_fresh_urn_never_a_school_identifier(personas):
    personas.student_record.eck_id = "https://id.school/sanne-eck"
    personas.student_record.save()
    first = json.loads(credential_json(issue(personas)))
    second = json.loads(credential_json(issue(personas)))
    subjects = [first["credentialSubject"]["id"], second["credentialSubject"]["id"]]
    assert all(subject.startswith("urn:uuid:") for subject in subjects)
    assert subjects[0] != subjects[1]
    text = json.dumps(first)
    assert "sanne-eck" not in text
    assert str(personas.student_record.public_id) not in text


def test_one_changed_character_fails_with_the_reason(client, personas):
    text = credential_json(issue(personas))
    tampered = text.replace("Leerlingenraad", "Leerlingenraaf", 1)
    answer = verify_api(client, tampered, HTTP_ACCEPT_LANGUAGE="nl").json()
    assert answer["valid"] is False
    assert answer["reason"] == "signature_invalid"
    assert "gewijzigd" in answer["message"]


def test_revoked_credential_says_revoked_and_is_audited(client, personas):
    from leerweg.accounts.roles import RoleContext, RoleKind

    issued = issue(personas)
    role = RoleContext(
        kind=RoleKind.STAFF,
        label="",
        school_id=personas.school.pk,
        staff_roles=frozenset({"school_leader"}),
    )
    services.credential_revoke(issued=issued, user=personas.leader, role=role, reason="Fout")
    answer = verify_api(client, credential_json(issued)).json()
    assert answer["valid"] is False
    assert answer["reason"] == "revoked"
    assert answer["revoked"] is True
    assert answer["issuer"] == "Het Baken"
    event = AuditEvent.objects.get(what="credentials.credential.revoke")
    assert event.subject_public_id == personas.student_record.public_id

    services.credential_unrevoke(issued=issued, user=personas.leader, role=role)
    assert verify_api(client, credential_json(issued)).json()["valid"] is True


def test_endpoint_rejects_non_json_and_oversized_input(client):
    assert verify_api(client, "dit is geen json").status_code == 400
    assert verify_api(client, b"\xff\xfe").status_code == 400
    huge = json.dumps({"padding": "x" * (256 * 1024)})
    response = verify_api(client, huge)
    assert response.status_code == 400
    assert response.json()["reason"] == "too_large"


def test_endpoint_answers_a_json_non_credential_with_a_reason(client):
    answer = verify_api(client, "[1, 2]").json()
    assert answer == answer | {"valid": False, "reason": "not_json"}
    assert verify_api(client, "{}").json()["reason"] == "context_invalid"


def test_endpoint_needs_no_csrf_token_but_the_form_does(personas):
    from django.test import Client

    issued = issue(personas)
    strict = Client(enforce_csrf_checks=True)
    assert verify_api(strict, credential_json(issued)).json()["valid"] is True
    response = strict.post(reverse("credentials:verify"), {"credential": credential_json(issued)})
    assert response.status_code == 403


def test_verification_page_confirms_a_pasted_and_an_uploaded_credential(client, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = credential_json(issue(personas))
    url = reverse("credentials:verify")
    assert client.get(url).status_code == 200
    response = client.post(url, {"credential": text}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The credential is genuine" in response.content.decode()
    upload = SimpleUploadedFile("credential.json", text.encode(), "application/json")
    response = client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert "The credential is genuine" in response.content.decode()
    response = client.post(url, {"credential": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400


def test_qr_page_shows_validity_with_first_name_and_initial(client, personas):
    issued = issue(personas, kind="document")
    url = reverse("credentials:verify-document", args=[issued.public_id])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Valid" in page
    assert "Het Baken" in page
    assert "Sanne V." in page
    assert "de Vries" not in page
    unknown = reverse("credentials:verify-document", args=["8b0e7c1e-4b7e-4d0e-9a37-0f4c2a1b9d11"])
    assert client.get(unknown).status_code == 404


def test_foreign_issuer_is_unknown(client):
    private_key = signing.private_key_generate()
    did = signing.did_key_for(private_key.public_key())
    unsigned = signing.open_badge_credential_build(
        credential_id="urn:uuid:0d4cfa43-b6cc-4b2c-a1f4-07c5b85f0a34",
        name="Elders",
        issuer=signing.IssuerProfile(id=did, name="Elders", url="https://elders.example"),
        achievement=signing.Achievement(
            id="urn:uuid:3f0f58b8-6a4f-4c87-a4b6-54c7a5f8c1a2",
            name="Elders",
            description="Elders",
            criteria_narrative="Elders",
            achievement_type="Badge",
        ),
        valid_from=timezone.now() - timedelta(days=1),
        subject_id="urn:uuid:5d0f5a51-6f9f-49ab-9f61-9d0a8de2d0c1",
    )
    signed = signing.document_sign(
        unsigned,
        private_key=private_key,
        verification_method=signing.did_key_verification_method(did),
        created=timezone.now(),
    )
    assert verify_api(client, json.dumps(signed)).json()["reason"] == "issuer_unknown"


@pytest.fixture
def domain(settings):
    settings.LEERWEG_BASE_URL = "https://leerweg.example.nl"


def test_did_web_document_is_served_and_lists_the_keys(client, personas, domain):
    issued = issue(personas)
    school_id = personas.school.public_id
    assert issued.issuer_did == f"did:web:leerweg.example.nl:scholen:{school_id}"
    response = client.get(f"/scholen/{school_id}/did.json")
    assert response.status_code == 200
    assert (
        response["Cache-Control"] == "public, max-age=300"
        or "max-age=300" in response["Cache-Control"]
    )
    document = response.json()
    key = IssuerKey.objects.get(school=personas.school)
    assert document["id"] == issued.issuer_did
    assert document["verificationMethod"][0]["publicKeyMultibase"] == key.public_key_multibase
    proof = json.loads(issued.signed_json)["proof"][0]
    assert proof["verificationMethod"] == f"{issued.issuer_did}#{key.key_id}"
    assert client.get(f"/scholen/{personas.other_school.public_id}/did.json").status_code == 404


def test_rotation_keeps_old_credentials_valid_with_did_web(client, personas, domain):
    old = issue(personas)
    issuers.issuer_key_rotate(school=personas.school)
    new = issue(personas)
    keys = IssuerKey.objects.filter(school=personas.school)
    assert keys.count() == 2
    assert keys.filter(retired_at__isnull=True).count() == 1
    assert (
        json.loads(old.signed_json)["proof"][0]["verificationMethod"]
        != json.loads(new.signed_json)["proof"][0]["verificationMethod"]
    )
    for issued in (old, new):
        assert verify_api(client, credential_json(issued)).json()["valid"] is True
    did_json = client.get(f"/scholen/{personas.school.public_id}/did.json").json()
    assert len(did_json["assertionMethod"]) == 2
    assert len(did_json["authentication"]) == 1


def test_rotation_with_did_key_keeps_old_credentials_and_revocation_working(client, personas):
    from leerweg.accounts.roles import RoleContext, RoleKind

    old = issue(personas)
    assert old.issuer_did.startswith("did:key:")
    issuers.issuer_key_rotate(school=personas.school)
    new = issue(personas)
    assert new.issuer_did != old.issuer_did
    assert new.status_list_id != old.status_list_id
    role = RoleContext(kind=RoleKind.STAFF, label="", school_id=personas.school.pk)
    services.credential_revoke(issued=old, user=personas.leader, role=role, reason="Fout")
    assert verify_api(client, credential_json(old)).json()["reason"] == "revoked"
    assert verify_api(client, credential_json(new)).json()["valid"] is True


def test_status_list_is_served_and_verifies(client, personas, domain):
    issued = issue(personas)
    status_list = StatusList.objects.get(pk=issued.status_list_id)
    url = reverse(
        "credentials:status-list", args=[personas.school.public_id, status_list.public_id]
    )
    assert status_list.list_url == "https://leerweg.example.nl" + url
    response = client.get(url)
    assert response.status_code == 200
    assert "max-age=300" in response["Cache-Control"]
    document = response.json()
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert signing.StatusList.decode(document["credentialSubject"]["encodedList"]).length >= 131_072
    from leerweg.credentials.trust.selectors import issuer_keys_resolve

    keys = issuer_keys_resolve(issued.issuer_did)
    assert signing.proofs.proof_verify(document, keys[0].public_key)
    wrong_school = reverse(
        "credentials:status-list", args=[personas.other_school.public_id, status_list.public_id]
    )
    assert client.get(wrong_school).status_code == 404


def test_status_indexes_are_unique_and_spread(personas):
    indexes = [issue(personas).status_index for _ in range(5)]
    assert len(set(indexes)) == 5
    assert indexes != sorted(indexes) or indexes[0] != 0


def test_private_keys_are_stored_wrapped(personas):
    issue(personas)
    key = IssuerKey.objects.get(school=personas.school)
    private = issuers.private_key_of(key)
    raw = signing.keys.private_key_bytes(private)
    assert raw not in bytes(key.private_key_wrapped)
    assert signing.public_key_to_multibase(private.public_key()) == key.public_key_multibase


def test_bad_achievement_data_stores_nothing(personas):
    with pytest.raises(signing.BadgeDataError):
        issue(personas, achievement={"name": "", "description": "x", "criteria": "y"})
    assert not IssuedCredential.objects.exists()


def test_verification_of_a_credential_takes_little_time(personas):
    import time

    text = credential_json(issue(personas))
    credential_verify(text)
    started = time.perf_counter()
    for _ in range(5):
        assert credential_verify(text).valid
    assert (time.perf_counter() - started) / 5 < 0.5


def test_a_document_may_pass_the_current_key_but_never_a_retired_one(personas):
    key = issuers.issuer_key_current(personas.school)
    assert credential_verify(credential_json(issue(personas, signing_key=key))).valid
    issuers.issuer_key_rotate(school=personas.school)
    key.refresh_from_db()
    before = IssuedCredential.objects.count()
    with pytest.raises(ValueError):
        issue(personas, signing_key=key)
    assert IssuedCredential.objects.count() == before


def test_reserving_slots_fills_a_list_then_starts_the_next(personas):
    first = issue(personas)
    status_list = first.status_list
    StatusList.objects.filter(pk=status_list.pk).update(next_index=status_list.length - 1)
    with transaction.atomic():
        slots = services.status_slots_reserve(personas.school, first.issuer_did, 3)
    lists = [slot_list.pk for slot_list, _ in slots]
    assert lists[0] == status_list.pk and lists[1] == lists[2] != status_list.pk
    assert len({(pk, index) for pk, (_, index) in zip(lists, slots, strict=True)}) == 3
    status_list.refresh_from_db()
    assert status_list.next_index == status_list.length
