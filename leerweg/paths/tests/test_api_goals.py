from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas, login
from leerweg.audit.models import AuditEvent
from leerweg.curriculum.tests.factories import CurriculumGoalFactory, LearningLineFactory
from leerweg.paths.models import OwnGoal, PlanStep, Reflection

pytestmark = pytest.mark.django_db

JSON = "application/json"


def goals_url(personas: Personas) -> str:
    return f"/api/v1/students/{personas.student_record.public_id}/goals"


def goal_url(goal: OwnGoal, tail: str = "") -> str:
    return f"/api/v1/goals/{goal.public_id}{tail}"


# Reading: the same rules as the goal pages


def test_the_mentor_sees_sannes_goals_by_default_and_is_recorded(client, personas: Personas):
    login(client, personas.mentor)
    data = client.get(goals_url(personas)).json()
    assert data["shared"] is True
    assert [goal["title"] for goal in data["items"]] == ["Ik wil beter presenteren"]
    assert data["items"][0]["steps"][0]["title"] == "Oefenen voor de spiegel"
    assert AuditEvent.objects.filter(what="api.goals.list").count() == 1

    detail = client.get(goal_url(personas.own_goal))
    assert detail.status_code == 200
    assert detail.json()["version"] == 1
    assert AuditEvent.objects.filter(what="api.goal.detail").count() == 1


def test_the_guardian_gets_no_goals_by_default(client, personas: Personas):
    login(client, personas.guardian)
    assert client.get(goals_url(personas)).json() == {"shared": False, "items": []}
    assert client.get(goal_url(personas.own_goal)).status_code == 404


@pytest.mark.parametrize("persona", ["other_student", "other_teacher", "other_school_staff"])
def test_others_get_404_for_list_and_goal(client, personas: Personas, persona: str):
    login(client, personas.get(persona))
    assert client.get(goals_url(personas)).status_code == 404
    assert client.get(goal_url(personas.own_goal)).status_code == 404


def test_the_board_gets_403(client, personas: Personas):
    login(client, personas.board_viewer)
    assert client.get(goals_url(personas)).status_code == 403


def test_a_leader_sees_the_student_but_not_the_goal(client, personas: Personas):
    login(client, personas.leader)
    assert client.get(goals_url(personas)).json()["shared"] is False
    assert client.get(goal_url(personas.own_goal)).status_code == 404


# Writing: only the student


def test_the_student_adds_a_goal_with_learning_goals(client, personas: Personas):
    line = LearningLineFactory.create(domain__school=personas.school)
    learning_goal = CurriculumGoalFactory.create(line=line, code="presenteren-1")
    login(client, personas.student)
    response = client.post(
        goals_url(personas),
        {
            "title": "Ik wil een website bouwen",
            "plan_how": "Elke week een les.",
            "curriculum_goals": ["presenteren-1"],
        },
        JSON,
    )
    assert response.status_code == 201
    goal = OwnGoal.objects.get(public_id=response.json()["id"])
    assert goal.created_by == personas.student
    assert list(goal.curriculum_goals.all()) == [learning_goal]
    assert response.json()["curriculum_goals"] == ["presenteren-1"]


@pytest.mark.parametrize(
    "body",
    [
        {"title": ""},
        {"description": "Geen titel"},
        {"title": "Doel", "status": "dreaming"},
        {"title": "Doel", "curriculum_goals": ["bestaat-niet"]},
        {"title": "Doel", "target_date": "not-a-date"},
    ],
)
def test_invalid_goals_are_a_422_and_nothing_is_stored(client, personas: Personas, body):
    login(client, personas.student)
    response = client.post(goals_url(personas), body, JSON)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert OwnGoal.objects.count() == 1


def test_the_pages_date_rule_holds_in_the_api(client, personas: Personas):
    login(client, personas.student)
    far = (timezone.localdate() + timedelta(days=4 * 366)).isoformat()
    response = client.post(goals_url(personas), {"title": "Doel", "target_date": far}, JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "target_date"]


def test_nobody_else_adds_a_goal(client, personas: Personas):
    login(client, personas.mentor)
    assert client.post(goals_url(personas), {"title": "Van de mentor"}, JSON).status_code == 403
    login(client, personas.other_student)
    assert client.post(goals_url(personas), {"title": "Van Daan"}, JSON).status_code == 404
    assert OwnGoal.objects.count() == 1


def test_a_patch_changes_only_what_is_sent(client, personas: Personas):
    goal = personas.own_goal
    login(client, personas.student)
    response = client.patch(goal_url(goal), {"version": 1, "status": "achieved"}, JSON)
    assert response.status_code == 200
    assert response.json()["version"] == 2
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert goal.title == "Ik wil beter presenteren"
    assert goal.plan_how.startswith("Elke week oefenen")


def test_a_patch_on_a_stale_version_is_a_409_with_the_current_version(client, personas: Personas):
    goal = personas.own_goal
    login(client, personas.student)
    assert client.patch(goal_url(goal), {"version": 1, "title": "Eerste"}, JSON).status_code == 200
    second = client.patch(goal_url(goal), {"version": 1, "title": "Tweede"}, JSON)
    assert second.status_code == 409
    assert second.json()["version"] == 2
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Eerste", 2)


def test_a_patch_without_a_version_is_a_422(client, personas: Personas):
    login(client, personas.student)
    response = client.patch(goal_url(personas.own_goal), {"title": "Zonder versie"}, JSON)
    assert response.status_code == 422


def test_a_crafted_patch_of_another_students_goal_is_a_404(client, personas: Personas):
    login(client, personas.other_student)
    response = client.patch(goal_url(personas.own_goal), {"version": 1, "title": "Van Daan"}, JSON)
    assert response.status_code == 404
    personas.own_goal.refresh_from_db()
    assert personas.own_goal.title == "Ik wil beter presenteren"


def test_the_mentor_reads_but_does_not_change_the_goal(client, personas: Personas):
    login(client, personas.mentor)
    response = client.patch(goal_url(personas.own_goal), {"version": 1, "title": "Mentor"}, JSON)
    assert response.status_code == 403


def test_a_step_moves_the_version_so_a_stale_step_is_a_409(client, personas: Personas):
    goal = personas.own_goal
    login(client, personas.student)
    response = client.post(goal_url(goal, "/steps"), {"version": 1, "title": "Video kijken"}, JSON)
    assert response.status_code == 201
    assert response.json()["version"] == 2
    assert [s["title"] for s in response.json()["steps"]][-1] == "Video kijken"
    stale = client.post(goal_url(goal, "/steps"), {"version": 1, "title": "Nog een"}, JSON)
    assert stale.status_code == 409
    assert stale.json()["version"] == 2
    assert PlanStep.objects.filter(goal=goal).count() == 2


def test_a_reflection_can_move_the_goal_on(client, personas: Personas):
    goal = personas.own_goal
    login(client, personas.student)
    response = client.post(
        goal_url(goal, "/reflections"), {"text": "Gelukt!", "status": "achieved"}, JSON
    )
    assert response.status_code == 201
    assert response.json()["status"] == "achieved"
    assert response.json()["reflections"][0]["text"] == "Gelukt!"
    empty = client.post(goal_url(goal, "/reflections"), {"text": "  "}, JSON)
    assert empty.status_code == 422
    assert Reflection.objects.filter(goal=goal).count() == 1


# Odd input is refused, never a server error


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", JSON),
        ('{"version": 99999999999999999999999, "title": "x"}', JSON),
        ('{"version": 1, "curriculum_goals": ["a\\u0000b"]}', JSON),
        ('{"version": 1, "title": "a\\u0000b"}', JSON),
        ("version=1&title=x", "application/x-www-form-urlencoded"),
    ],
)
def test_odd_input_is_a_4xx(client, personas: Personas, body: str, content_type: str):
    login(client, personas.student)
    response = client.patch(goal_url(personas.own_goal), body, content_type)
    assert 400 <= response.status_code < 500
    personas.own_goal.refresh_from_db()
    assert personas.own_goal.version == 1


def test_listing_goals_costs_a_fixed_number_of_queries(
    client, personas: Personas, django_assert_max_num_queries
):
    for n in range(5):
        goal = OwnGoal.objects.create(student=personas.student_record, title=f"Doel {n}")
        PlanStep.objects.create(goal=goal, title="Stap")
    login(client, personas.mentor)
    with django_assert_max_num_queries(14):
        response = client.get(goals_url(personas))
    assert len(response.json()["items"]) == 6
