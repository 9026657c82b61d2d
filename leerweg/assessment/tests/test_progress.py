"""Progress per learning goal, from rubric judgements of several teachers, through HTTP."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.assessment.access import EVIDENCE, Target
from leerweg.assessment.models import Feedback
from leerweg.assessment.services import feedback_give
from leerweg.assessment.tests.factories import make_rubric
from leerweg.curriculum.tests.factories import goal_for_urls

pytestmark = pytest.mark.django_db


def judge(personas: Personas, rubric, author, ranks: tuple[int, int], days_ago: int) -> None:
    levels = list(rubric.levels.all())
    feedback = feedback_give(
        target=Target(EVIDENCE, personas.evidence),
        author=author,
        rubric=rubric,
        levels={
            criterion.pk: levels[rank - 1].pk
            for criterion, rank in zip(rubric.criteria.all(), ranks, strict=True)
        },
    )
    Feedback.objects.filter(pk=feedback.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


@pytest.fixture
def judged_goal(personas: Personas):
    goal = goal_for_urls(personas.school)
    rubric = make_rubric(personas.school, personas.leader, goal=goal)
    judge(personas, rubric, personas.mentor, (1, 2), days_ago=40)
    judge(personas, rubric, personas.other_teacher, (3, 3), days_ago=30)
    judge(personas, rubric, personas.mentor, (3, 4), days_ago=20)
    judge(personas, rubric, personas.leader, (2, 2), days_ago=10)
    judge(personas, rubric, personas.other_teacher, (4, 3), days_ago=1)
    return goal


def test_judgements_of_several_teachers_give_one_level_with_its_reason(
    login_as, personas: Personas, judged_goal
):
    url = reverse(
        "assessment:goal-progress", args=[personas.student_record.public_id, judged_goal.pk]
    )
    response = login_as(personas.mentor).get(url)
    progress = response.context["progress"]
    # Last four: 3, 2, 3, 3 (the lower middle of each rubric) → three at proficient or higher.
    assert progress["level_key"] == "proficient"
    assert [item["row"].judgement.judge for item in progress["judgements"]] == [
        "Lotte Visser",
        "Marieke Smit",
        "Ahmed El Amrani",
        "Lotte Visser",
        "Ahmed El Amrani",
    ]
    html = response.content.decode()
    assert progress["reason"] in html and progress["level"] in html


def test_the_student_sees_their_progress_list(login_as, personas: Personas, judged_goal):
    url = reverse("assessment:student-progress", args=[personas.student_record.public_id])
    response = login_as(personas.student).get(url)
    assert [item["goal"] for item in response.context["goals"]] == [judged_goal]


def test_progress_is_not_for_guardians_or_teachers_of_other_groups(
    login_as, personas: Personas, judged_goal
):
    url = reverse("assessment:student-progress", args=[personas.student_record.public_id])
    assert login_as(personas.guardian).get(url).status_code == 403
    assert login_as(personas.other_teacher).get(url).status_code == 404
