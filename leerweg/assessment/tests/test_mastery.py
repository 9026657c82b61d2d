"""The mastery rule on its own: no database, no Django."""

from datetime import UTC, datetime, timedelta

import pytest

from leerweg.assessment.mastery import (
    Judgement,
    Level,
    Reason,
    lower_median,
    mastery,
    scaled,
)

START = datetime(2025, 9, 1, tzinfo=UTC)


def judged(*levels: int) -> list[Judgement]:
    """Judgements a week apart, oldest first."""
    return [
        Judgement(when=START + timedelta(weeks=week), level=Level(level))
        for week, level in enumerate(levels)
    ]


def test_never_judged_has_no_level():
    assert mastery([]) is None


def test_three_of_the_last_four_at_proficient_or_higher_is_proficient():
    result = mastery(judged(1, 3, 2, 3, 4))
    assert result is not None
    assert (result.level, result.reason) == (Level.PROFICIENT, Reason.CONSISTENT_AT)
    assert (result.met, result.window) == (3, 4)


def test_only_the_last_four_count():
    # Three early advanced judgements, then four at developing.
    result = mastery(judged(4, 4, 4, 2, 2, 2, 2))
    assert result is not None and result.level is Level.DEVELOPING


def test_three_advanced_of_the_last_four_is_advanced():
    result = mastery(judged(4, 3, 4, 4))
    assert result is not None and result.level is Level.ADVANCED


def test_order_of_input_does_not_matter():
    judgements = judged(1, 1, 3, 3, 3)
    assert mastery(list(reversed(judgements))) == mastery(judgements)


def test_fewer_than_three_judgements_cannot_reach_proficient():
    result = mastery(judged(4, 4))
    assert result is not None
    assert (result.level, result.reason) == (Level.DEVELOPING, Reason.TOO_FEW)


def test_half_at_developing_is_developing_and_less_is_beginning():
    half = mastery(judged(1, 2, 1, 3))
    assert half is not None and half.level is Level.DEVELOPING
    below = mastery(judged(1, 1, 1, 2))
    assert below is not None
    assert (below.level, below.reason, below.met) == (Level.BEGINNING, Reason.BELOW, 1)


def test_judgements_of_different_teachers_count_alike():
    teachers = [
        Judgement(when=START + timedelta(days=day), level=Level.PROFICIENT, judge=name)
        for day, name in enumerate(["El Amrani", "Visser", "Smit"])
    ]
    result = mastery(teachers)
    assert result is not None and result.level is Level.PROFICIENT


@pytest.mark.parametrize(
    ("rank", "of", "level"),
    [(1, 4, 1), (4, 4, 4), (1, 3, 2), (3, 3, 4), (1, 5, 1), (4, 5, 4), (2, 2, 4), (1, 2, 2)],
)
def test_rubrics_with_other_numbers_of_levels_are_scaled_to_four(rank, of, level):
    assert scaled(rank, of) == Level(level)


def test_a_rank_outside_the_rubric_is_refused():
    with pytest.raises(ValueError, match="level 5 of 4"):
        scaled(5, 4)


def test_one_rubric_judgement_is_the_lower_median_of_its_criteria():
    assert lower_median([Level(4), Level(1), Level(3), Level(2)]) == Level(2)
    assert lower_median([Level(3), Level(3), Level(1)]) == Level(3)
