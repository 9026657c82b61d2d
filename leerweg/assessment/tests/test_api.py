"""Rubrics, feedback and self-assessment through the API: the same answers as the pages."""

import pytest
from django.test import Client

from conftest import Personas, login
from leerweg.accounts.models import User
from leerweg.accounts.services import api_token_create
from leerweg.assessment.models import Feedback, Rubric, SelfAssessment
from leerweg.assessment.tests.factories import make_rubric
from leerweg.audit.models import AuditEvent
from leerweg.notifications.models import Notification

pytestmark = pytest.mark.django_db

JSON = "application/json"


def bearer(user: User, kind: str, personas: Personas) -> dict[str, str]:
    """Headers with a new API token of ``user`` acting as ``kind`` at Het Baken."""
    role_key = f"{kind}:{personas.school.pk}"
    _token, secret = api_token_create(user=user, name="Test", role_key=role_key)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def rubric(personas: Personas) -> Rubric:
    return make_rubric(personas.school, personas.mentor)


def first_levels(rubric: Rubric) -> dict[str, int]:
    first = rubric.levels.order_by("rank").first()
    assert first is not None
    return {str(criterion.pk): first.pk for criterion in rubric.criteria.all()}


def assessment_url(personas: Personas, tail: str = "assessment") -> str:
    return f"/api/v1/evidence/{personas.evidence.public_id}/{tail}"


# Rubrics


def test_staff_read_the_rubric_library_and_a_rubric_with_a_token(personas, rubric):
    client = Client()
    headers = bearer(personas.other_teacher, "staff", personas)
    listed = client.get("/api/v1/rubrics", headers=headers).json()
    assert [r["title"] for r in listed] == ["Presenteren"]
    detail = client.get(f"/api/v1/rubrics/{rubric.pk}", headers=headers).json()
    assert [level["name"] for level in detail["levels"]] == [
        "Beginnend",
        "Op weg",
        "Op niveau",
        "Boven niveau",
    ]
    assert detail["criteria"][0]["title"] == "Opbouw"
    assert detail["criteria"][0]["descriptors"][0] == "Opbouw: Beginnend"


def test_a_rubric_of_another_school_is_hidden(client, personas, rubric):
    login(client, personas.other_school_staff)
    assert client.get("/api/v1/rubrics").json() == []
    assert client.get(f"/api/v1/rubrics/{rubric.pk}").status_code == 404


def test_guardians_have_no_rubrics(client, personas, rubric):
    login(client, personas.guardian)
    assert client.get("/api/v1/rubrics").status_code == 403


# Feedback


def test_the_mentor_gives_feedback_with_levels_and_sanne_reads_it(personas, rubric):
    mentor = Client()
    response = mentor.post(
        assessment_url(personas, "feedback"),
        {"feed_back": "Goed verteld.", "rubric": rubric.pk, "levels": first_levels(rubric)},
        JSON,
        headers=bearer(personas.mentor, "staff", personas),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rubric"] == rubric.pk
    assert [level["level_name"] for level in body["levels"]] == ["Beginnend", "Beginnend"]
    assert Notification.objects.filter(recipient=personas.student).exists()

    student = Client()
    data = student.get(
        assessment_url(personas), headers=bearer(personas.student, "student", personas)
    ).json()
    assert [f["feed_back"] for f in data["feedback"]] == ["Goed verteld."]
    assert data["feedback"][0]["author"] == personas.mentor.get_full_name()


def test_staff_reads_of_the_assessment_are_recorded(client, personas):
    login(client, personas.mentor)
    assert client.get(assessment_url(personas)).status_code == 200
    assert AuditEvent.objects.filter(what="api.assessment.evidence").count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("other_teacher", 404),
        ("leader", 404),
        ("other_school_staff", 404),
        ("guardian", 403),
        ("student", 403),
    ],
)
def test_who_may_not_give_feedback(client, personas, persona: str, status: int):
    login(client, personas.get(persona))
    response = client.post(assessment_url(personas, "feedback"), {"feed_back": "Hm."}, JSON)
    assert response.status_code == status
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("other_teacher", 404), ("leader", 404), ("guardian", 404)]
)
def test_who_does_not_see_the_assessment(client, personas, persona: str, status: int):
    login(client, personas.get(persona))
    assert client.get(assessment_url(personas)).status_code == status


def test_a_level_outside_the_rubric_is_refused_and_nothing_is_stored(client, personas, rubric):
    other = make_rubric(personas.school, personas.mentor, title="Samenwerken")
    wrong_level = other.levels.first()
    criterion = rubric.criteria.first()
    assert wrong_level is not None and criterion is not None
    login(client, personas.mentor)
    response = client.post(
        assessment_url(personas, "feedback"),
        {"feed_back": "Goed.", "rubric": rubric.pk, "levels": {str(criterion.pk): wrong_level.pk}},
        JSON,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "levels"]
    # A criterion of another rubric, too.
    other_criterion = other.criteria.first()
    assert other_criterion is not None
    levels = {str(other_criterion.pk): wrong_level.pk}
    response = client.post(
        assessment_url(personas, "feedback"),
        {"feed_back": "Goed.", "rubric": rubric.pk, "levels": levels},
        JSON,
    )
    assert response.status_code == 422
    assert not Feedback.objects.exists()
    assert not Notification.objects.filter(recipient=personas.student).exists()


def test_empty_feedback_is_refused(client, personas):
    login(client, personas.mentor)
    response = client.post(assessment_url(personas, "feedback"), {}, JSON)
    assert response.status_code == 422
    assert not Feedback.objects.exists()


def test_a_rubric_of_another_school_is_refused(client, personas):
    elsewhere = make_rubric(personas.other_school, personas.other_school_staff)
    login(client, personas.mentor)
    response = client.post(
        assessment_url(personas, "feedback"),
        {"feed_back": "Goed.", "rubric": elsewhere.pk, "levels": first_levels(elsewhere)},
        JSON,
    )
    assert response.status_code == 422
    assert not Feedback.objects.exists()


# Self-assessment


def test_sanne_assesses_her_own_evidence(personas, rubric):
    response = Client().post(
        assessment_url(personas, "self-assessment"),
        {"rubric": rubric.pk, "levels": first_levels(rubric), "note": "Ik was zenuwachtig."},
        JSON,
        headers=bearer(personas.student, "student", personas),
    )
    assert response.status_code == 201, response.content
    assert response.json()["note"] == "Ik was zenuwachtig."
    client = login(Client(), personas.mentor)
    data = client.get(assessment_url(personas)).json()
    assert [s["note"] for s in data["self_assessments"]] == ["Ik was zenuwachtig."]


@pytest.mark.parametrize(
    ("persona", "status"), [("other_student", 404), ("mentor", 403), ("guardian", 403)]
)
def test_only_sanne_assesses_herself(client, personas, rubric, persona: str, status: int):
    login(client, personas.get(persona))
    response = client.post(
        assessment_url(personas, "self-assessment"),
        {"rubric": rubric.pk, "levels": first_levels(rubric)},
        JSON,
    )
    assert response.status_code == status
    assert not SelfAssessment.objects.exists()


def test_a_self_assessment_needs_a_level_of_the_rubric(client, personas, rubric):
    other = make_rubric(personas.school, personas.mentor, title="Samenwerken")
    criterion, wrong_level = rubric.criteria.first(), other.levels.first()
    assert criterion is not None and wrong_level is not None
    login(client, personas.student)
    url = assessment_url(personas, "self-assessment")
    bad = {"rubric": rubric.pk, "levels": {str(criterion.pk): wrong_level.pk}}
    assert client.post(url, bad, JSON).status_code == 422
    assert client.post(url, {"rubric": rubric.pk, "levels": {}}, JSON).status_code == 422
    assert not SelfAssessment.objects.exists()


# Own goals: the same three answers


def goal_url(personas: Personas, tail: str = "assessment") -> str:
    return f"/api/v1/goals/{personas.own_goal.public_id}/{tail}"


def test_feedback_and_self_assessment_on_an_own_goal(personas, rubric):
    mentor = Client()
    given = mentor.post(
        goal_url(personas, "feedback"),
        {"feed_forward": "Plan de eerste stap.", "rubric": rubric.pk},
        JSON,
        headers=bearer(personas.mentor, "staff", personas),
    )
    assert given.status_code == 201, given.content
    assert Feedback.objects.get().own_goal == personas.own_goal

    sanne = bearer(personas.student, "student", personas)
    assessed = Client().post(
        goal_url(personas, "self-assessment"),
        {"rubric": rubric.pk, "levels": first_levels(rubric), "note": "Ik begin net."},
        JSON,
        headers=sanne,
    )
    assert assessed.status_code == 201, assessed.content
    data = Client().get(goal_url(personas), headers=sanne).json()
    assert data["goal_id"] == str(personas.own_goal.public_id)
    assert [f["feed_forward"] for f in data["feedback"]] == ["Plan de eerste stap."]
    assert [s["note"] for s in data["self_assessments"]] == ["Ik begin net."]


def test_staff_reads_of_a_goal_assessment_are_recorded(client, personas):
    login(client, personas.mentor)
    assert client.get(goal_url(personas)).status_code == 200
    assert AuditEvent.objects.filter(what="api.assessment.goal").count() == 1


def test_a_goal_self_assessment_with_a_level_of_another_rubric_is_refused(client, personas, rubric):
    other = make_rubric(personas.school, personas.mentor, title="Ander")
    login(client, personas.student)
    lowest = other.levels.all()[0]
    levels = {str(c.pk): lowest.pk for c in rubric.criteria.all()}
    response = client.post(
        goal_url(personas, "self-assessment"), {"rubric": rubric.pk, "levels": levels}, JSON
    )
    assert response.status_code == 422
    assert not SelfAssessment.objects.exists()


def test_a_goal_not_shared_with_a_teacher_is_not_found(client, personas):
    login(client, personas.other_teacher)
    assert client.get(goal_url(personas)).status_code == 404
    response = client.post(goal_url(personas, "feedback"), {"feed_back": "Hoi"}, JSON)
    assert response.status_code == 404
    assert not Feedback.objects.exists()
