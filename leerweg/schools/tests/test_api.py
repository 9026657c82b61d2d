import pytest
from django.urls import reverse

from conftest import Personas, login
from leerweg.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_api_without_a_session_answers_401(client, personas: Personas):
    assert client.get("/api/v1/students").status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_students_are_scoped_to_the_active_role(client, personas: Personas):
    login(client, personas.mentor)
    data = client.get("/api/v1/students").json()
    assert data["count"] == 2
    assert {item["first_name"] for item in data["items"]} == {"Sanne", "Mila"}
    assert AuditEvent.objects.filter(what="api.student.list").count() == 2


def test_student_detail_hides_other_students_as_not_found(client, personas: Personas):
    login(client, personas.other_teacher)
    url = f"/api/v1/students/{personas.student_record.public_id}"
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/students/not-a-uuid").status_code == 404


def test_student_detail_gives_age_but_not_the_date_of_birth(client, personas: Personas):
    login(client, personas.mentor)
    data = client.get(f"/api/v1/students/{personas.student_record.public_id}").json()
    assert data["age"] == 16
    assert data["decides_own_consent"] is True
    assert "date_of_birth" not in data


def test_bad_page_numbers_are_a_clear_422(client, personas: Personas):
    login(client, personas.mentor)
    response = client.get("/api/v1/students", {"page": "zero"})
    assert response.status_code == 422


def test_me_lists_roles(client, personas: Personas):
    login(client, personas.mentor)
    me = client.get(reverse("api:me")).json()
    assert me["username"] == "mentor"
    assert [r["kind"] for r in me["roles"]] == ["staff"]
    assert me["roles"][0]["active"] is True


def test_openapi_schema_is_published(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/students" in schema["paths"]
