import pytest

from conftest import Personas, login
from leerweg.audit.models import AuditEvent
from leerweg.profiles.models import Interest, Profile, Sharing, SkillRating

pytestmark = pytest.mark.django_db

JSON = "application/json"


def url(personas: Personas, tail: str = "") -> str:
    return f"/api/v1/students/{personas.student_record.public_id}/profile{tail}"


def test_the_student_sees_every_part_of_their_profile(client, personas: Personas):
    Profile.objects.create(student=personas.student_record, about_me="Ik hou van bijen.")
    login(client, personas.student)
    data = client.get(url(personas)).json()
    assert len(data["visible_parts"]) == 8
    assert data["about_me"] == "Ik hou van bijen."
    assert data["talents"] == [{"title": "Goed uitleggen", "description": ""}]
    assert len(data["skills"]) == 8
    assert not AuditEvent.objects.exists()


def test_the_mentor_sees_only_what_is_shared_and_is_recorded(client, personas: Personas):
    Profile.objects.create(student=personas.student_record, about_me="Ik hou van bijen.")
    login(client, personas.mentor)
    data = client.get(url(personas)).json()
    assert data["visible_parts"] == ["goals", "evidence", "route"]
    assert data["about_me"] is None
    assert data["talents"] is None
    assert AuditEvent.objects.filter(what="api.profile").count() == 1


def test_sharing_about_me_with_teachers_shows_it_to_the_mentor(client, personas: Personas):
    Profile.objects.create(student=personas.student_record, about_me="Ik hou van bijen.")
    login(client, personas.student)
    response = client.put(url(personas, "/sharing"), {"parts": {"about_me": ["teachers"]}}, JSON)
    assert response.status_code == 200
    assert response.json()["chosen"] is True
    assert response.json()["parts"]["about_me"] == ["teachers"]
    assert response.json()["parts"]["goals"] == []

    login(client, personas.mentor)
    data = client.get(url(personas)).json()
    assert data["visible_parts"] == ["about_me"]
    assert data["about_me"] == "Ik hou van bijen."


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("guardian", 200),
        ("leader", 200),
        ("other_teacher", 404),
        ("other_student", 404),
        ("other_school_staff", 404),
        ("board_viewer", 403),
        ("partner_with_consent", 403),
    ],
)
def test_who_gets_the_profile(client, personas: Personas, persona: str, status: int):
    login(client, personas.get(persona))
    response = client.get(url(personas))
    assert response.status_code == status
    if status == 200:
        assert response.json()["about_me"] is None


def test_without_authentication_the_profile_is_a_401(client, personas: Personas):
    assert client.get(url(personas)).status_code == 401


def test_the_student_writes_about_me(client, personas: Personas):
    login(client, personas.student)
    response = client.put(url(personas, "/about-me"), {"about_me": "  Ik dans graag. "}, JSON)
    assert response.status_code == 200
    assert response.json()["about_me"] == "Ik dans graag."
    assert Profile.objects.get(student=personas.student_record).about_me == "Ik dans graag."


def test_too_long_about_me_is_a_422_and_nothing_changes(client, personas: Personas):
    login(client, personas.student)
    response = client.put(url(personas, "/about-me"), {"about_me": "x" * 2001}, JSON)
    assert response.status_code == 422
    assert not Profile.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("mentor", 403), ("guardian", 403), ("other_student", 404)]
)
def test_nobody_else_writes_the_profile(client, personas: Personas, persona: str, status: int):
    login(client, personas.get(persona))
    response = client.put(url(personas, "/about-me"), {"about_me": "Gehackt"}, JSON)
    assert response.status_code == status
    assert not Profile.objects.exists()


def test_interests_are_replaced_and_checked(client, personas: Personas):
    login(client, personas.student)
    response = client.put(
        url(personas, "/interests"), {"areas": ["sport", "music"], "tags": ["Schaken"]}, JSON
    )
    assert response.status_code == 200
    assert response.json()["interests"] == {"areas": ["music", "sport"], "tags": ["schaken"]}

    unknown = client.put(url(personas, "/interests"), {"areas": ["knutselen"]}, JSON)
    too_many = client.put(url(personas, "/interests"), {"tags": [f"w{n}" for n in range(16)]}, JSON)
    too_long = client.put(url(personas, "/interests"), {"tags": ["x" * 41]}, JSON)
    assert [unknown.status_code, too_many.status_code, too_long.status_code] == [422] * 3
    assert too_long.json()["detail"][0]["loc"] == ["body", "tags"]
    assert Interest.objects.filter(student=personas.student_record).count() == 3


def test_skills_are_replaced_and_kept_on_the_scale(client, personas: Personas):
    login(client, personas.student)
    first = client.put(url(personas, "/skills"), {"ratings": {"collaborating": 3}}, JSON)
    assert first.status_code == 200
    rated = {row["skill"]: row["rating"] for row in first.json()["skills"]}
    assert rated["collaborating"] == 3
    assert rated["communicating"] is None

    off_scale = client.put(url(personas, "/skills"), {"ratings": {"collaborating": 5}}, JSON)
    unknown = client.put(url(personas, "/skills"), {"ratings": {"juggling": 2}}, JSON)
    assert [off_scale.status_code, unknown.status_code] == [422, 422]
    assert SkillRating.objects.get(student=personas.student_record).self_rating == 3

    client.put(url(personas, "/skills"), {"ratings": {"communicating": 2}}, JSON)
    assert list(SkillRating.objects.values_list("skill", flat=True)) == ["communicating"]


def test_sharing_shows_the_defaults_until_the_student_chooses(client, personas: Personas):
    login(client, personas.student)
    data = client.get(url(personas, "/sharing")).json()
    assert data["chosen"] is False
    assert data["parts"]["route"] == ["mentor_coach"]
    assert data["parts"]["about_me"] == []


def test_unknown_audiences_are_a_422_and_nothing_changes(client, personas: Personas):
    login(client, personas.student)
    response = client.put(url(personas, "/sharing"), {"parts": {"goals": ["everyone"]}}, JSON)
    assert response.status_code == 422
    assert not Sharing.objects.exists()


def test_only_the_student_sees_their_sharing_choices(client, personas: Personas):
    login(client, personas.mentor)
    assert client.get(url(personas, "/sharing")).status_code == 403
