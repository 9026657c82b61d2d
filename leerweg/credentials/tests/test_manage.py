"""School leaders manage the school's issued credentials: list, revoke, undo, rotate the key."""

import json

import pytest
from django.urls import reverse

from conftest import Personas, login
from leerweg.audit.models import AuditEvent
from leerweg.credentials.models import IssuedCredential, IssuerKey
from leerweg.credentials.tests.trust_factories import credential_for
from leerweg.credentials.trust import issuers
from leerweg.credentials.trust.selectors import credential_json
from leerweg.credentials.views.manage import PAGE_SIZE
from leerweg.schools.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("credentials:manage-list")
ROTATE_URL = reverse("credentials:manage-key-rotate")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def revoke_url(issued: IssuedCredential) -> str:
    return reverse("credentials:manage-revoke", args=[issued.public_id])


def unrevoke_url(issued: IssuedCredential) -> str:
    return reverse("credentials:manage-unrevoke", args=[issued.public_id])


def verdict(client, issued: IssuedCredential) -> dict[str, object]:
    response = client.post(
        reverse("credentials:verify-api"), credential_json(issued), content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


def test_leader_lists_the_school_credentials_and_the_list_is_audited(client, personas: Personas):
    own = credential_for(personas.student_record, "Leerlingenraad")
    elsewhere = StudentFactory.create(school=personas.other_school)
    other_school = credential_for(elsewhere, "Schoolkrant")
    login(client, personas.leader)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Leerlingenraad" in page
    assert personas.student_record.user.get_full_name() in page
    assert "Schoolkrant" not in page
    assert revoke_url(own) in page
    assert str(other_school.public_id) not in page
    event = AuditEvent.objects.get(what="credentials.list")
    assert event.subject_public_id == personas.student_record.public_id
    assert event.actor == personas.leader


def test_search_by_student_name(client, personas: Personas):
    credential_for(personas.student_record, "Leerlingenraad")
    credential_for(personas.young_student_record, "Schoolband")
    login(client, personas.leader)
    last_name = personas.young_student_record.user.last_name
    page = client.get(LIST_URL, {"q": last_name}).content.decode()
    assert "Schoolband" in page
    assert "Leerlingenraad" not in page
    audited = AuditEvent.objects.filter(what="credentials.list")
    assert set(audited.values_list("subject_public_id", flat=True)) == {
        personas.young_student_record.public_id
    }
    page = client.get(LIST_URL, {"q": "Niemand Bestaatniet"}).content.decode()
    assert "No credentials for a student named" in page


def test_list_is_paginated(client, personas: Personas):
    for number in range(PAGE_SIZE + 1):
        credential_for(personas.student_record, f"Onderdeel {number}")
    login(client, personas.leader)
    first = client.get(LIST_URL)
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(LIST_URL, {"page": 2})
    assert len(second.context["page"].object_list) == 1
    assert "Onderdeel 0" in second.content.decode()


def test_revoke_then_undo_through_the_public_endpoint(client, personas: Personas):
    issued = credential_for(personas.student_record)
    login(client, personas.leader)
    confirmation = client.get(revoke_url(issued))
    assert confirmation.status_code == 200
    assert "Leerlingenraad" in confirmation.content.decode()
    response = client.post(revoke_url(issued), {"reason": "Per vergissing uitgegeven"})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.is_revoked
    assert issued.revoked_reason == "Per vergissing uitgegeven"
    assert issued.revoked_by == personas.leader
    answer = verdict(client, issued)
    assert answer["valid"] is False
    assert answer["reason"] == "revoked"
    assert answer["revoked"] is True
    assert AuditEvent.objects.filter(what="credentials.credential.revoke").count() == 1
    page = client.get(LIST_URL).content.decode()
    assert unrevoke_url(issued) in page
    assert "Per vergissing uitgegeven" in page

    response = client.post(unrevoke_url(issued))
    assert response.status_code == 302
    issued.refresh_from_db()
    assert not issued.is_revoked
    assert issued.revoked_reason == ""
    assert verdict(client, issued)["valid"] is True
    assert AuditEvent.objects.filter(what="credentials.credential.unrevoke").count() == 1


def test_revoke_needs_a_reason_and_changes_nothing_without_one(client, personas: Personas):
    issued = credential_for(personas.student_record)
    list_before = issued.status_list.signed_json
    login(client, personas.leader)
    response = client.post(revoke_url(issued), {"reason": "   "})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["Give the reason for the revocation."]
    assert "Give the reason for the revocation." in response.content.decode()
    issued.refresh_from_db()
    assert not issued.is_revoked
    issued.status_list.refresh_from_db()
    assert issued.status_list.signed_json == list_before
    assert verdict(client, issued)["valid"] is True
    assert not AuditEvent.objects.filter(what="credentials.credential.revoke").exists()


def test_revoking_twice_or_undoing_an_unrevoked_credential_changes_nothing(client, personas):
    issued = credential_for(personas.student_record)
    login(client, personas.leader)
    assert client.post(unrevoke_url(issued)).status_code == 302
    assert not AuditEvent.objects.filter(what="credentials.credential.unrevoke").exists()
    client.post(revoke_url(issued), {"reason": "Eerste keer"})
    response = client.post(revoke_url(issued), {"reason": "Tweede keer"})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_reason == "Eerste keer"
    assert AuditEvent.objects.filter(what="credentials.credential.revoke").count() == 1


def test_rotation_keeps_old_credentials_valid_and_new_ones_use_the_new_key(client, personas):
    old = credential_for(personas.student_record, "Voor de wissel")
    old_key = IssuerKey.objects.get(school=personas.school)
    login(client, personas.leader)
    confirmation = client.get(ROTATE_URL).content.decode()
    assert old_key.key_id in confirmation
    assert "Credentials issued before stay valid" in confirmation
    assert IssuerKey.objects.filter(school=personas.school).count() == 1

    response = client.post(ROTATE_URL)
    assert response.status_code == 302
    old_key.refresh_from_db()
    assert old_key.retired_at is not None
    new_key = IssuerKey.objects.get(school=personas.school, retired_at__isnull=True)
    assert new_key != old_key
    assert verdict(client, old)["valid"] is True

    new = credential_for(personas.student_record, "Na de wissel")
    proof = json.loads(new.signed_json)["proof"][0]
    assert new.issuer_did == issuers.key_did(new_key)
    assert new_key.public_key_multibase in proof["verificationMethod"]
    assert old_key.public_key_multibase not in proof["verificationMethod"]
    assert verdict(client, new)["valid"] is True
    # Revoking an old credential still works after the rotation.
    client.post(revoke_url(old), {"reason": "Ingetrokken na de wissel"})
    assert verdict(client, old)["reason"] == "revoked"
    assert verdict(client, new)["valid"] is True


def test_rotation_with_a_web_domain_keeps_the_issuer(client, personas, settings):
    settings.LEERWEG_BASE_URL = "https://leerweg.example.nl"
    old = credential_for(personas.student_record)
    login(client, personas.leader)
    assert "same identity as issuer" in client.get(ROTATE_URL).content.decode()
    client.post(ROTATE_URL)
    new = credential_for(personas.student_record)
    assert new.issuer_did == old.issuer_did
    new_key = IssuerKey.objects.get(school=personas.school, retired_at__isnull=True)
    assert json.loads(new.signed_json)["proof"][0]["verificationMethod"].endswith(
        f"#{new_key.key_id}"
    )
    assert verdict(client, old)["valid"] is True
    assert verdict(client, new)["valid"] is True


@pytest.mark.parametrize(
    "persona",
    ["student", "guardian", "mentor", "other_teacher", "school_admin", "board_viewer"],
)
def test_only_school_leaders_may_use_the_pages(client, personas: Personas, persona: str):
    issued = credential_for(personas.student_record)
    login(client, personas.get(persona))
    assert client.get(LIST_URL).status_code == 403
    assert client.get(revoke_url(issued)).status_code == 403
    assert client.post(revoke_url(issued), {"reason": "Fout"}).status_code == 403
    assert client.post(unrevoke_url(issued)).status_code == 403
    assert client.get(ROTATE_URL).status_code == 403
    assert client.post(ROTATE_URL).status_code == 403
    issued.refresh_from_db()
    assert not issued.is_revoked
    assert IssuerKey.objects.filter(school=personas.school).count() == 1


def test_leader_of_another_school_gets_not_found_and_changes_nothing(client, personas):
    issued = credential_for(personas.student_record)
    key = IssuerKey.objects.get(school=personas.school)
    login(client, personas.other_school_staff)
    assert client.get(revoke_url(issued)).status_code == 404
    assert client.post(revoke_url(issued), {"reason": "Fout"}).status_code == 404
    assert client.post(unrevoke_url(issued)).status_code == 404
    assert "Leerlingenraad" not in client.get(LIST_URL).content.decode()
    # Rotating replaces only their own school's key.
    client.post(ROTATE_URL)
    key.refresh_from_db()
    assert key.retired_at is None
    issued.refresh_from_db()
    assert not issued.is_revoked


def test_anonymous_is_sent_to_login(client, personas):
    issued = credential_for(personas.student_record)
    for url in (LIST_URL, revoke_url(issued), ROTATE_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_document_home_links_leaders_to_the_list(client, personas):
    login(client, personas.leader)
    assert LIST_URL in client.get(reverse("credentials:document-home")).content.decode()
    login(client, personas.mentor)
    assert LIST_URL not in client.get(reverse("credentials:document-home")).content.decode()
