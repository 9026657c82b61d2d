import pytest
from django.urls import reverse

from conftest import Personas, login
from leerweg.paths.models import OwnGoal, PlanStep, Reflection

pytestmark = pytest.mark.django_db

GOAL = {
    "title": "Ik wil een website bouwen voor de hockeyclub",
    "description": "Een site met het wedstrijdschema die de club echt gebruikt.",
    "status": "active",
    "plan_how": "Elke week een les volgen en iets bouwen.",
    "plan_when": "Dinsdag in het flexuur",
    "plan_where": "Op school",
    "plan_with_whom": "Met Daan",
}


def test_a_student_writes_a_goal_with_a_plan(client, personas: Personas):
    login(client, personas.student)
    response = client.post(
        reverse("paths:goal-add", args=[personas.student_record.public_id]), GOAL
    )
    goal = OwnGoal.objects.get(title=GOAL["title"])
    assert response["Location"] == reverse("paths:goal-detail", args=[goal.public_id])
    assert goal.plan_with_whom == "Met Daan"
    assert goal.created_by == personas.student


def test_a_goal_without_a_title_is_a_field_error_and_nothing_is_stored(client, personas: Personas):
    login(client, personas.student)
    response = client.post(
        reverse("paths:goal-add", args=[personas.student_record.public_id]),
        {**GOAL, "title": ""},
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert OwnGoal.objects.count() == 1  # the persona's own


def test_two_people_editing_the_same_plan_the_second_is_told(client, personas: Personas):
    goal = personas.own_goal
    url = reverse("paths:goal-edit", args=[goal.public_id])
    login(client, personas.student)
    first = client.post(url, {**GOAL, "title": "Eerste versie", "version": goal.version})
    assert first.status_code == 302
    second = client.post(url, {**GOAL, "title": "Tweede versie", "version": goal.version})
    assert second.status_code == 409
    goal.refresh_from_db()
    assert goal.title == "Eerste versie"
    assert goal.version == 2
    assert second.context["form"].initial["version"] == 2


def test_adding_a_step_moves_the_version_so_an_open_edit_form_is_stale(client, personas: Personas):
    goal = personas.own_goal
    login(client, personas.student)
    client.post(
        reverse("paths:step-add", args=[goal.public_id]),
        {"version": goal.version, "title": "Video kijken", "due_on": ""},
    )
    assert PlanStep.objects.filter(goal=goal, title="Video kijken").exists()
    stale = client.post(
        reverse("paths:goal-edit", args=[goal.public_id]), {**GOAL, "version": goal.version}
    )
    assert stale.status_code == 409


def test_steps_are_ticked_off_and_reflections_move_the_goal_on(client, personas: Personas):
    goal = personas.own_goal
    login(client, personas.student)
    client.post(
        reverse("paths:step-toggle", args=[goal.public_id, personas.step.pk]),
        {"version": goal.version},
    )
    personas.step.refresh_from_db()
    assert personas.step.done_at is not None
    client.post(
        reverse("paths:goal-reflect", args=[goal.public_id]),
        {"text": "Het lukte zonder spiekbriefje!", "status": "achieved"},
    )
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert Reflection.objects.get(goal=goal).status_then == "achieved"


def test_a_student_editing_another_students_goal_gets_not_found(client, personas: Personas):
    login(client, personas.other_student)
    goal = personas.own_goal
    assert client.get(reverse("paths:goal-edit", args=[goal.public_id])).status_code == 404
    response = client.post(
        reverse("paths:goal-edit", args=[goal.public_id]), {**GOAL, "version": 1}
    )
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.title == "Ik wil beter presenteren"


def test_the_mentor_reads_but_cannot_edit(client, personas: Personas):
    login(client, personas.mentor)
    goal = personas.own_goal
    assert client.get(reverse("paths:goal-detail", args=[goal.public_id])).status_code == 200
    assert client.get(reverse("paths:goal-edit", args=[goal.public_id])).status_code == 403


def test_where_the_school_asks_for_it_the_mentor_agrees(client, personas: Personas):
    personas.school.own_goals_need_agreement = True
    personas.school.save()
    login(client, personas.mentor)
    goal = personas.own_goal
    page = client.get(reverse("paths:goal-detail", args=[goal.public_id]))
    assert page.context["needs_agreement"] and page.context["may_agree"]
    client.post(reverse("paths:goal-agree", args=[goal.public_id]))
    goal.refresh_from_db()
    assert goal.agreed_by == personas.mentor


def test_a_student_cannot_link_another_schools_learning_goal(personas: Personas):
    from leerweg.curriculum.models import CurriculumGoal, LearningDomain, LearningLine
    from leerweg.paths.services.goals import own_goal_create

    domain = LearningDomain.objects.create(school=personas.other_school, code="nl", name="NL")
    line = LearningLine.objects.create(domain=domain, code="lezen", name="Lezen")
    foreign = CurriculumGoal.objects.create(
        line=line,
        school=personas.other_school,
        code="nl-1",
        title="Lezen",
        sector="VO",
        year_from=1,
        year_to=3,
        aim="qualification",
    )
    goal = own_goal_create(
        student=personas.student_record,
        created_by=personas.student,
        title="Meer lezen",
        curriculum_goals=[foreign],
    )
    assert list(goal.curriculum_goals.all()) == []
