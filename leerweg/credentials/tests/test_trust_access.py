"""Who sees and downloads which credential; public pages need no login; the KEK check."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from conftest import Personas, login
from leerweg.credentials.checks import key_encryption_key_check
from leerweg.credentials.tests.trust_factories import credential_for
from leerweg.credentials.trust import issuers

pytestmark = pytest.mark.django_db


def download_url(issued) -> str:
    return reverse("credentials:credential-download", args=[issued.public_id])


def test_student_lists_and_downloads_only_their_own(client, personas: Personas):
    own = credential_for(personas.student_record, "Leerlingenraad")
    other = credential_for(personas.other_student_record, "Schoolband")
    login(client, personas.student)
    page = client.get(reverse("credentials:credential-list")).content.decode()
    assert "Leerlingenraad" in page
    assert "Schoolband" not in page
    assert reverse("credentials:verify-document", args=[own.public_id]) in page
    response = client.get(download_url(own))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="credential-{own.public_id}.json"'
    )
    assert json.loads(response.content)["id"] == f"urn:uuid:{own.public_id}"
    assert client.get(download_url(other)).status_code == 404


def test_guardian_downloads_for_a_child_under_16_only(client, personas: Personas):
    young = credential_for(personas.young_student_record)
    sixteen = credential_for(personas.student_record)
    login(client, personas.young_guardian)
    assert client.get(download_url(young)).status_code == 200
    login(client, personas.guardian)
    assert client.get(download_url(sixteen)).status_code == 404
    assert (
        "Leerlingenraad" not in client.get(reverse("credentials:credential-list")).content.decode()
    )


def test_staff_cannot_download_and_staff_of_another_school_sees_nothing(client, personas):
    issued = credential_for(personas.student_record)
    for user in (personas.mentor, personas.leader, personas.other_school_staff):
        login(client, user)
        assert client.get(download_url(issued)).status_code == 403


def test_public_pages_need_no_login(client, personas):
    issued = credential_for(personas.student_record)
    assert client.get(reverse("credentials:verify")).status_code == 200
    assert (
        client.get(reverse("credentials:verify-document", args=[issued.public_id])).status_code
        == 200
    )
    status_url = reverse(
        "credentials:status-list", args=[personas.school.public_id, issued.status_list.public_id]
    )
    assert client.get(status_url).status_code == 200
    assert client.get(download_url(issued)).status_code == 302


def test_key_encryption_key_check(settings):
    settings.LEERWEG_CREDENTIAL_KEK = ""
    settings.LEERWEG_CREDENTIAL_KEK_FROM_SECRET_KEY = False
    errors = key_encryption_key_check(None)
    assert [error.id for error in errors] == ["credentials.E001"]
    settings.LEERWEG_CREDENTIAL_KEK = "dGVzdA=="
    with pytest.raises(ImproperlyConfigured):
        issuers.key_encryption_key()
    assert key_encryption_key_check(None)
    settings.LEERWEG_CREDENTIAL_KEK = "A" * 43
    assert issuers.key_encryption_key() == bytes(32)
    assert key_encryption_key_check(None) == []


def test_did_web_needs_an_https_domain(settings, personas):
    for address in ("http://leerweg.example.nl", "https://localhost", "https://10.0.0.1"):
        settings.LEERWEG_BASE_URL = address
        assert issuers.school_did_web(personas.school) is None
    settings.LEERWEG_BASE_URL = "https://leerweg.example.nl:8443/"
    assert issuers.school_did_web(personas.school) == (
        f"did:web:leerweg.example.nl%3A8443:scholen:{personas.school.public_id}"
    )
