"""Rubrics for tests, made through the service so they are complete."""

from leerweg.accounts.models import User
from leerweg.assessment.models import Rubric
from leerweg.assessment.rubric_content import Criterion, RubricContent
from leerweg.assessment.services import rubric_create
from leerweg.curriculum.models import CurriculumGoal
from leerweg.curriculum.tests.factories import goal_for_urls
from leerweg.schools.models import School

LEVELS = ("Beginnend", "Op weg", "Op niveau", "Boven niveau")


def content(criteria: tuple[str, ...] = ("Opbouw", "Contact met publiek")) -> RubricContent:
    return RubricContent(
        levels=LEVELS,
        criteria=tuple(
            Criterion(title, tuple(f"{title}: {level}" for level in LEVELS)) for title in criteria
        ),
    )


def make_rubric(
    school: School,
    author: User,
    *,
    title: str = "Presenteren",
    goal: CurriculumGoal | None = None,
) -> Rubric:
    return rubric_create(
        school=school, author=author, title=title, content=content(), curriculum_goal=goal
    )


def assessment_url_arguments(school: School, author: User) -> dict[str, int]:
    """URL arguments for tests/test_url_matrix.py: a rubric of ``school`` by ``author``."""
    rubric = Rubric.objects.filter(school=school, title="Presenteren").first()
    if rubric is None:
        rubric = make_rubric(school, author, goal=goal_for_urls(school))
    return {"rubric_id": rubric.pk}
