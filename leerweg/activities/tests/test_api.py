from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas, login
from leerweg.activities.models import Activity, Source
from leerweg.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

JSON = "application/json"
TODAY = timezone.localdate()


def url(personas: Personas) -> str:
    return f"/api/v1/students/{personas.student_record.public_id}/activities"


def activity(**overrides: object) -> dict[str, object]:
    return {
        "title": "Leerlingenraad",
        "setting": "in_school",
        "started_on": TODAY.isoformat(),
        **overrides,
    }


def test_the_student_sees_and_adds_their_own(client, personas: Personas):
    login(client, personas.student)
    assert [a["title"] for a in client.get(url(personas)).json()["items"]] == ["Hockeytraining"]
    response = client.post(url(personas), activity(area="sport", organisation="HC Baken"), JSON)
    assert response.status_code == 201
    assert (response.json()["source"], response.json()["area"]) == ("student", "sport")
    assert Activity.objects.filter(student=personas.student_record).count() == 2


def test_the_mentor_adds_a_school_activity_and_sees_only_that(client, personas: Personas):
    login(client, personas.mentor)
    assert client.get(url(personas)).json()["items"] == []
    response = client.post(url(personas), activity(), JSON)
    assert response.status_code == 201
    assert response.json()["source"] == Source.STAFF
    assert [a["title"] for a in client.get(url(personas)).json()["items"]] == ["Leerlingenraad"]
    assert AuditEvent.objects.filter(what="api.activity.create").count() == 1
    assert AuditEvent.objects.filter(what="api.activities.list").count() == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("guardian", 403),
        ("leader", 403),
        ("other_teacher", 404),
        ("other_student", 404),
        ("board_viewer", 403),
    ],
)
def test_who_may_not_add(client, personas: Personas, persona: str, status: int):
    login(client, personas.get(persona))
    assert client.post(url(personas), activity(), JSON).status_code == status
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"ended_on": (TODAY - timedelta(days=1)).isoformat()},
        {"started_on": (TODAY + timedelta(days=400)).isoformat()},
        {"setting": "on_the_moon"},
        {"title": ""},
    ],
)
def test_invalid_activities_are_a_422(client, personas: Personas, overrides):
    login(client, personas.student)
    assert client.post(url(personas), activity(**overrides), JSON).status_code == 422
    assert Activity.objects.count() == 1


def test_others_get_404_for_the_timeline(client, personas: Personas):
    login(client, personas.other_teacher)
    assert client.get(url(personas)).status_code == 404
