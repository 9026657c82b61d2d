"""API tokens: made on the account page, shown once, stored as a hash, one role each.

And the two ways into the API side by side: a bearer token needs no CSRF
token; a session does, for every write.
"""

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.accounts.models import ApiToken, User
from leerweg.accounts.services import api_token_create
from leerweg.insight.roles import available_roles
from leerweg.schools.models import GuardianLink
from leerweg.schools.tests.factories import link_guardian

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def role_key(user: User, kind: str) -> str:
    return next(role.key for role in available_roles(user) if role.kind == kind)


def student_key(personas: Personas) -> str:
    return role_key(personas.student, "student")


def staff_key(personas: Personas) -> str:
    return role_key(personas.mentor, "staff")


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def make_token(user: User, role_key: str) -> tuple[ApiToken, str]:
    return api_token_create(user=user, name="Mijn planner", role_key=role_key)


# The page


def test_the_settings_page_leads_to_the_token_page(client, personas: Personas):
    login(client, personas.student)
    response = client.get(reverse("accounts:settings"))
    assert reverse("accounts:api-tokens") in response.content.decode()


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client, personas: Personas):
    login(client, personas.student)
    response = client.post(
        reverse("accounts:api-tokens"), {"name": "Mijn planner", "role": student_key(personas)}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["created"]["secret"]
    assert len(secret) >= 43
    assert secret in response.content.decode()

    token = ApiToken.objects.get(user=personas.student)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:8]
    stored = [str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert secret not in stored
    assert token.role_key == student_key(personas)
    assert token.expires_at - timezone.now() > timedelta(days=360)

    again = client.get(reverse("accounts:api-tokens")).content.decode()
    assert secret not in again
    assert token.prefix in again


def test_a_token_can_only_act_in_a_role_the_person_holds(client, personas: Personas):
    login(client, personas.student)
    response = client.post(
        reverse("accounts:api-tokens"), {"name": "Stiekem", "role": staff_key(personas)}
    )
    assert response.status_code == 400
    assert "role" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_only_the_owner_revokes_a_token(client, personas: Personas):
    token, secret = make_token(personas.student, student_key(personas))
    url = reverse("accounts:api-token-revoke", args=[token.public_id])
    login(client, personas.other_student)
    assert client.post(url).status_code == 404
    assert Client().get(ME, headers=bearer(secret)).status_code == 200

    login(client, personas.student)
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(ME, headers=bearer(secret)).status_code == 401


# Using a token


def test_a_token_acts_as_its_person_in_its_role(personas: Personas):
    token, secret = make_token(personas.mentor, staff_key(personas))
    response = Client().get(ME, headers=bearer(secret))
    assert response.status_code == 200
    me = response.json()
    assert me["username"] == "mentor"
    assert [(r["key"], r["active"]) for r in me["roles"]] == [(staff_key(personas), True)]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_acts_only_in_its_own_role(personas: Personas):
    # The mentor is also the parent of Daan, a student in another group.
    link_guardian(personas.mentor, personas.other_student_record)
    _token, as_parent = make_token(personas.mentor, role_key(personas.mentor, "guardian"))
    _token, as_mentor = make_token(personas.mentor, staff_key(personas))
    sanne_goals = f"/api/v1/students/{personas.student_record.public_id}/goals"
    assert Client().get(sanne_goals, headers=bearer(as_parent)).status_code == 404
    assert Client().get(sanne_goals, headers=bearer(as_mentor)).json()["shared"] is True


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Bearer " + "x" * 500],
)
def test_a_wrong_token_is_a_401(personas: Personas, header: str):
    assert Client().get(ME, headers={"Authorization": header}).status_code == 401


def test_a_wrong_token_is_a_401_even_with_a_session(client, personas: Personas):
    login(client, personas.student)
    assert client.get(ME).status_code == 200
    assert client.get(ME, headers=bearer("not-a-token")).status_code == 401


def test_an_expired_token_is_a_401(personas: Personas):
    token, secret = make_token(personas.student, student_key(personas))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(ME, headers=bearer(secret)).status_code == 401


def test_a_token_for_a_role_the_person_lost_is_a_401(personas: Personas):
    _token, secret = make_token(personas.guardian, role_key(personas.guardian, "guardian"))
    assert Client().get(ME, headers=bearer(secret)).status_code == 200
    GuardianLink.objects.filter(guardian=personas.guardian).delete()
    assert Client().get(ME, headers=bearer(secret)).status_code == 401


def test_a_token_of_a_deactivated_account_is_a_401(personas: Personas):
    _token, secret = make_token(personas.student, student_key(personas))
    User.objects.filter(pk=personas.student.pk).update(is_active=False)
    assert Client().get(ME, headers=bearer(secret)).status_code == 401


# CSRF: sessions need it for writes, bearer tokens do not


def about_me_url(personas: Personas) -> str:
    return f"/api/v1/students/{personas.student_record.public_id}/profile/about-me"


def test_a_session_write_without_a_csrf_token_is_refused(personas: Personas):
    client = login(Client(enforce_csrf_checks=True), personas.student)
    response = client.put(about_me_url(personas), {"about_me": "Hoi"}, "application/json")
    assert response.status_code == 403


def test_a_session_write_with_the_csrf_token_goes_through(personas: Personas):
    client = login(Client(enforce_csrf_checks=True), personas.student)
    client.get(reverse("accounts:settings"))  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.put(
        about_me_url(personas), {"about_me": "Hoi"}, "application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 200
    assert response.json()["about_me"] == "Hoi"


def test_a_bearer_write_needs_no_csrf_token(personas: Personas):
    _token, secret = make_token(personas.student, student_key(personas))
    client = Client(enforce_csrf_checks=True)
    response = client.put(
        about_me_url(personas),
        {"about_me": "Via de app"},
        "application/json",
        headers=bearer(secret),
    )
    assert response.status_code == 200
    assert response.json()["about_me"] == "Via de app"


# Documentation


def test_api_docs_redirect_to_the_versioned_docs(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs"


def test_the_openapi_schema_offers_bearer_tokens_and_sessions(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["BearerTokenAuth"].items()
    assert "SessionAuth" in schemes
    assert "/api/v1/goals/{goal_id}" in schema["paths"]
