"""Handing out, rotating and revoking xAPI credentials, through HTTP."""

import base64
import hashlib

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.audit.models import AuditEvent
from leerweg.lrs.credentials import (
    MAX_ACTIVE_CREDENTIALS,
    create_credential,
    store_for_partner,
    store_for_school,
)
from leerweg.lrs.models import Credential, Store
from leerweg.partners.models import PartnerOrganisation

pytestmark = pytest.mark.django_db

LIST = reverse("lrs_pages:credential-list")
CREATE = reverse("lrs_pages:credential-create")
KEEPERS = ["partner_with_consent", "partner_without_consent", "leader", "school_admin"]
OTHERS = ["student", "other_student", "guardian", "mentor", "other_teacher", "board_viewer"]


def rotate_url(credential: Credential) -> str:
    return reverse("lrs_pages:credential-rotate", args=[credential.public_id])


def revoke_url(credential: Credential) -> str:
    return reverse("lrs_pages:credential-revoke", args=[credential.public_id])


def xapi_status(key: str, secret: str) -> int:
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    response = Client().get(
        "/xapi/statements",
        HTTP_AUTHORIZATION=f"Basic {token}",
        HTTP_X_EXPERIENCE_API_VERSION="2.0.0",
    )
    return response.status_code


def own_store(personas: Personas, who: str) -> Store:
    if who.startswith("partner"):
        user = personas.get(who)
        return store_for_partner(PartnerOrganisation.objects.get(members__user=user))
    school = personas.other_school if who == "other_school_staff" else personas.school
    return store_for_school(school)


def make_key(client: Client, label: str = "Clubapp") -> tuple[Credential, str]:
    response = client.post(CREATE, {"label": label})
    assert response.status_code == 200
    return response.context["credential"], response.context["secret"]


# --- Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [*KEEPERS, "other_school_staff"])
def test_keepers_list_and_make_keys_for_their_own_organisation(
    client, personas: Personas, who: str
):
    login(client, personas.get(who))
    assert client.get(LIST).status_code == 200
    assert client.get(CREATE).status_code == 200
    credential, _secret = make_key(client)
    assert credential.store == own_store(personas, who)
    assert credential.created_by == personas.get(who)
    assert "Clubapp" in client.get(LIST).content.decode()


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_else_sees_or_makes_keys(client, personas: Personas, who: str):
    credential, _secret = create_credential(store_for_school(personas.school), "Rooster", None)
    login(client, personas.get(who))
    assert client.get(LIST).status_code == 403
    assert client.post(CREATE, {"label": "Stiekem"}).status_code == 403
    assert client.post(rotate_url(credential)).status_code == 403
    assert client.post(revoke_url(credential)).status_code == 403
    assert Credential.objects.count() == 1
    assert Credential.objects.get().revoked_at is None


def test_anonymous_is_sent_to_the_login(client, personas: Personas):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("owner", "who"),
    [
        ("partner_with_consent", "partner_without_consent"),
        ("partner_with_consent", "leader"),
        ("leader", "partner_with_consent"),
        ("leader", "other_school_staff"),
        ("other_school_staff", "school_admin"),
    ],
)
def test_another_organisations_key_is_hidden(client, personas: Personas, owner: str, who: str):
    credential, secret = create_credential(own_store(personas, owner), "Van een ander", None)
    login(client, personas.get(who))
    assert "Van een ander" not in client.get(LIST).content.decode()
    for url in (rotate_url(credential), revoke_url(credential)):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    credential.refresh_from_db()
    assert credential.revoked_at is None
    assert xapi_status(credential.key, secret) == 200


def test_nav_links_to_the_keys_for_keepers_only(personas: Personas):
    for who, shown in [("partner_with_consent", True), ("school_admin", True), ("mentor", False)]:
        page = login(Client(), personas.get(who)).get(reverse("insight:home")).content.decode()
        assert (LIST in page) is shown, who


# --- The secret ------------------------------------------------------------------------------


def test_the_secret_is_shown_once_and_never_stored(client, personas: Personas):
    login(client, personas.partner_with_consent)
    response = client.post(CREATE, {"label": "Clubapp"})
    credential, secret = response.context["credential"], response.context["secret"]
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert secret in page and credential.key in page
    assert settings.LEERWEG_BASE_URL.rstrip("/") + "/xapi" in page
    assert "X-Experience-API-Version: 2.0.0" in page
    assert "/partner/" in page  # the account homePage of the student agents
    assert reverse("consent:partner-links") in page

    credential.refresh_from_db()
    assert credential.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in client.get(LIST).content.decode()
    stored = [str(value) for value in Credential.objects.values_list()]
    stored += [row.session_data for row in Session.objects.all()]
    assert not any(secret in value for value in stored)
    assert xapi_status(credential.key, secret) == 200


def test_the_school_page_has_no_partner_actor_format(client, personas: Personas):
    login(client, personas.school_admin)
    page = client.post(CREATE, {"label": "Rekentool"}).content.decode()
    assert reverse("consent:partner-links") not in page


@pytest.mark.parametrize("label", ["", "   ", "x" * 101])
def test_a_bad_name_makes_nothing(client, personas: Personas, label: str):
    login(client, personas.leader)
    response = client.post(CREATE, {"label": label})
    assert response.status_code == 400
    assert "secret" not in response.context
    assert not Credential.objects.exists()


def test_the_number_of_working_keys_is_bounded(client, personas: Personas):
    store = store_for_school(personas.school)
    for number in range(MAX_ACTIVE_CREDENTIALS):
        create_credential(store, f"Tool {number}", None)
    login(client, personas.leader)
    response = client.post(CREATE, {"label": "Eén te veel"})
    assert response.status_code == 400
    assert Credential.objects.count() == MAX_ACTIVE_CREDENTIALS


# --- Rotate and revoke -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["partner_with_consent", "leader"])
def test_rotating_stops_the_old_secret_at_once(client, personas: Personas, who: str):
    login(client, personas.get(who))
    credential, old = make_key(client)
    assert client.get(rotate_url(credential)).status_code == 200
    response = client.post(rotate_url(credential))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    new = response.context["secret"]
    assert new != old and new in response.content.decode()
    assert response.context["credential"].key == credential.key
    assert xapi_status(credential.key, old) == 401
    assert xapi_status(credential.key, new) == 200
    assert Credential.objects.count() == 1


def test_revoking_stops_the_key(client, personas: Personas):
    login(client, personas.school_admin)
    credential, secret = make_key(client)
    assert client.get(revoke_url(credential)).status_code == 200
    assert client.post(revoke_url(credential)).status_code == 302
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert credential.revoked_by == personas.school_admin
    assert xapi_status(credential.key, secret) == 401
    # Once more changes nothing.
    revoked_at = credential.revoked_at
    assert client.post(revoke_url(credential)).status_code == 302
    credential.refresh_from_db()
    assert credential.revoked_at == revoked_at


def test_a_revoked_key_cannot_be_rotated(client, personas: Personas):
    login(client, personas.partner_with_consent)
    credential, secret = make_key(client)
    client.post(revoke_url(credential))
    digest = Credential.objects.get().secret_digest
    for method in (client.get, client.post):
        response = method(rotate_url(credential), follow=True)
        assert response.redirect_chain[-1][0] == LIST
        assert "secret" not in response.context
        assert "cannot get a new secret" in response.content.decode()
    assert Credential.objects.get().secret_digest == digest
    assert xapi_status(credential.key, secret) == 401


def test_making_rotating_and_revoking_are_audited(client, personas: Personas):
    login(client, personas.leader)
    credential, _secret = make_key(client)
    client.post(rotate_url(credential))
    client.post(revoke_url(credential))
    events = AuditEvent.objects.filter(subject_public_id=credential.public_id)
    assert sorted(events.values_list("what", "action")) == [
        ("lrs.credential.create", "create"),
        ("lrs.credential.revoke", "change"),
        ("lrs.credential.rotate", "change"),
    ]
    assert {event.actor for event in events} == {personas.leader}
    assert {event.school_public_id for event in events} == {personas.school.public_id}
    assert {event.actor_role for event in events} == {"staff:school_leader"}


def test_a_partners_actions_are_audited_without_a_school(client, personas: Personas):
    login(client, personas.partner_with_consent)
    credential, _secret = make_key(client)
    event = AuditEvent.objects.get(subject_public_id=credential.public_id)
    assert (event.actor_role, event.school_public_id) == ("partner", None)


# --- Last used -------------------------------------------------------------------------------


def test_last_used_is_written_at_most_once_a_day(client, personas: Personas):
    credential, secret = create_credential(store_for_school(personas.school), "Tool", None)
    assert credential.last_used_on is None
    assert xapi_status(credential.key, secret) == 200
    credential.refresh_from_db()
    assert credential.last_used_on == timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        assert xapi_status(credential.key, secret) == 200
    assert not [
        q for q in queries if q["sql"].startswith("UPDATE") and "lrs_credential" in q["sql"]
    ]
    login(client, personas.leader)
    assert "never" not in client.get(LIST).content.decode()


def test_a_failed_check_is_not_a_use(personas: Personas):
    credential, _secret = create_credential(store_for_school(personas.school), "Tool", None)
    assert xapi_status(credential.key, "wrong") == 401
    credential.refresh_from_db()
    assert credential.last_used_on is None
