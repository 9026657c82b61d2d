from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from leerweg.curriculum import services
from leerweg.curriculum.models import Aim, CurriculumGoal, LearningLine
from leerweg.curriculum.tests.factories import (
    CurriculumGoalFactory,
    LearningDomainFactory,
    LearningLineFactory,
)
from leerweg.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read messages in English (the msgids); Dutch is tested elsewhere."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def goal_values(line: LearningLine, code: str, **extra: Any) -> dict[str, Any]:
    values = {
        "line": line,
        "code": code,
        "title": f"Doel {code}",
        "sector": "VO",
        "year_from": 1,
        "year_to": 2,
        "aim": Aim.QUALIFICATION,
    }
    return values | extra


def test_create_domain_line_and_goal_in_order():
    school = SchoolFactory.create(sector="VO")
    first = services.domain_create(school=school, code="nederlands", name="Nederlands")
    second = services.domain_create(school=school, code="wiskunde", name="Wiskunde")
    line = services.line_create(domain=first, code="lezen", name="Lezen")
    goal = services.goal_create(**goal_values(line, "ned-1"))
    assert (first.position, second.position) == (0, 1)
    assert goal.school == school
    assert goal.position == 0
    assert services.goal_create(**goal_values(line, "ned-2")).position == 1


def test_a_taken_code_is_refused_beside_the_code_field():
    school = SchoolFactory.create()
    services.domain_create(school=school, code="nederlands", name="Nederlands")
    with pytest.raises(ValidationError) as error:
        services.domain_create(school=school, code="nederlands", name="Nog eens")
    assert list(error.value.message_dict) == ["code"]


def test_the_same_code_is_fine_at_another_school():
    for school in SchoolFactory.create_batch(2):
        services.domain_create(school=school, code="nederlands", name="Nederlands")


def test_goal_years_must_fit_the_sector_and_be_in_order():
    line = LearningLineFactory.create()
    with pytest.raises(ValidationError) as error:
        services.goal_create(**goal_values(line, "a", year_from=3, year_to=2))
    assert error.value.message_dict == {
        "year_to": ["The last year cannot come before the first year."]
    }
    with pytest.raises(ValidationError) as error:
        services.goal_create(**goal_values(line, "b", sector="MBO", year_from=1, year_to=6))
    assert list(error.value.message_dict) == ["year_to"]
    assert not CurriculumGoal.objects.exists()


def test_update_moves_a_goal_to_the_end_of_another_line():
    goal = CurriculumGoalFactory.create()
    other = LearningLineFactory.create(domain=goal.line.domain)
    CurriculumGoalFactory.create(line=other, position=7)
    services.goal_update(goal=goal, **goal_values(other, goal.code, description="Nieuw"))
    goal.refresh_from_db()
    assert goal.line == other and goal.position == 8 and goal.description == "Nieuw"


def test_a_line_cannot_move_to_another_schools_domain():
    line = LearningLineFactory.create()
    elsewhere = LearningDomainFactory.create()
    with pytest.raises(ValidationError) as error:
        services.line_update(line=line, domain=elsewhere, code=line.code, name="X")
    assert list(error.value.message_dict) == ["domain"]


def test_a_goal_cannot_require_itself():
    goal = CurriculumGoalFactory.create()
    with pytest.raises(ValidationError, match="itself"):
        services.goal_set_prerequisites(goal=goal, prerequisites=[goal])


def test_a_goal_cannot_require_a_goal_of_another_school():
    goal = CurriculumGoalFactory.create()
    foreign = CurriculumGoalFactory.create()
    assert foreign.school_id != goal.school_id
    with pytest.raises(ValidationError) as error:
        services.goal_set_prerequisites(goal=goal, prerequisites=[foreign])
    assert foreign.code in error.value.message_dict["prerequisites"][0]
    assert not goal.prerequisites.exists()


def test_prerequisites_may_not_go_round_in_a_circle():
    a = CurriculumGoalFactory.create(code="a")
    line = a.line
    b = CurriculumGoalFactory.create(line=line, code="b", prerequisites=[a])
    c = CurriculumGoalFactory.create(line=line, code="c", prerequisites=[b])
    with pytest.raises(ValidationError) as error:
        services.goal_set_prerequisites(goal=a, prerequisites=[c])
    assert "a → c → b → a" in error.value.message_dict["prerequisites"][0]
    assert not a.prerequisites.exists()


def test_prerequisites_are_set_and_replaced():
    a = CurriculumGoalFactory.create()
    b = CurriculumGoalFactory.create(line=a.line)
    c = CurriculumGoalFactory.create(line=a.line, prerequisites=[a])
    services.goal_set_prerequisites(goal=c, prerequisites=[b])
    assert list(c.prerequisites.all()) == [b]
    assert list(b.unlocks.all()) == [c]


def test_a_failed_goal_create_stores_nothing():
    a = CurriculumGoalFactory.create()
    foreign = CurriculumGoalFactory.create()
    with pytest.raises(ValidationError):
        services.goal_create(**goal_values(a.line, "new", prerequisites=[foreign]))
    assert not CurriculumGoal.objects.filter(code="new").exists()


def test_deleting_a_domain_takes_its_lines_and_goals_and_their_links():
    a = CurriculumGoalFactory.create()
    kept = CurriculumGoalFactory.create(line__domain__school=a.school, prerequisites=[a])
    services.domain_delete(domain=a.line.domain)
    assert list(CurriculumGoal.objects.all()) == [kept]
    assert not kept.prerequisites.exists()
