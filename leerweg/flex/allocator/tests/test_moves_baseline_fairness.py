"""Manual moves, first come first served, carry-over weights and the summary figures."""

import random

import pytest

from leerweg.flex.allocator import (
    Instance,
    SessionSpec,
    Status,
    StudentSpec,
    allocate,
    carry_over_weights,
    check,
    first_come_first_served,
    resolve_with_moves,
    summarise,
)

from .tiny import random_instance


def popular_session() -> Instance:
    """Three students all want ``a`` (one seat) on Monday; ``b`` has room."""
    students = [StudentSpec(name, 1, 1) for name in ("ada", "bo", "cy")]
    sessions = [SessionSpec("a", "mon", 1), SessionSpec("b", "mon", 3)]
    eligible = {(s.id, t.id) for s in students for t in sessions}
    choices = {(s.id, "mon"): ["a", "b"] for s in students}
    return Instance(students, sessions, eligible, choices)


def test_first_come_first_served_rewards_the_early():
    instance = popular_session()
    assert first_come_first_served(instance, ["cy", "ada", "bo"]) == {
        ("cy", "mon"): "a",
        ("ada", "mon"): "b",
        ("bo", "mon"): "b",
    }


def test_pin_moves_the_occupant_out_and_keeps_every_constraint():
    instance = popular_session()
    before = allocate(instance, seed=3)
    holder = next(s for (s, _), sid in before.assignments.items() if sid == "a")
    other = next(s.id for s in instance.students if s.id != holder)
    after = resolve_with_moves(instance, before.assignments, pin=[(other, "a")], seed=3)
    assert after.assignments[(other, "mon")] == "a"
    assert after.assignments[(holder, "mon")] == "b"
    assert check(instance, after.assignments) == []


def test_forbid_keeps_a_student_out():
    instance = popular_session()
    before = allocate(instance, seed=3)
    holder = next(s for (s, _), sid in before.assignments.items() if sid == "a")
    after = resolve_with_moves(instance, before.assignments, forbid=[(holder, "a")], seed=3)
    assert after.assignments[(holder, "mon")] == "b"
    # Nobody else is moved: a published allocation changes only where the move needs it.
    others = {k: v for k, v in before.assignments.items() if k[0] != holder}
    assert {k: v for k, v in after.assignments.items() if k[0] != holder} == others


def test_a_move_that_breaks_a_rule_is_refused_with_its_reason():
    instance = popular_session()
    instance.eligible.discard(("ada", "a"))
    before = allocate(instance, seed=3)
    after = resolve_with_moves(instance, before.assignments, pin=[("ada", "a")])
    assert after.status is Status.INFEASIBLE
    assert [c.constraint for c in after.conflicts] == ["eligibility"]


@pytest.mark.parametrize("seed", range(8))
def test_random_moves_never_break_a_hard_constraint(seed):
    rng = random.Random(9000 + seed)
    instance = random_instance(rng, students=12, slots=3)
    before = allocate(instance, seed=seed)
    if before.status is Status.INFEASIBLE:
        return
    pair = rng.choice(sorted(instance.eligible))
    after = resolve_with_moves(instance, before.assignments, pin=[pair], seed=seed)
    if after.status is Status.INFEASIBLE:
        assert after.conflicts
        return
    moved = Instance(
        instance.students, instance.sessions, instance.eligible, instance.choices, {pair}
    )
    assert {v.constraint for v in check(moved, after.assignments)} <= {"min-hours"}


def test_ties_are_broken_afresh_each_week():
    instance = popular_session()
    winners = {
        next(s for (s, _), sid in allocate(instance, seed=seed).assignments.items() if sid == "a")
        for seed in range(30)
    }
    assert winners == {"ada", "bo", "cy"}


def test_carry_over_weight_goes_to_the_unlucky_and_fades():
    assert carry_over_weights([]) == {}
    weights = carry_over_weights([{"ada": 0.0, "bo": 2.0}], decay=0.5)
    assert weights == {"ada": 1.0, "bo": 2.0}
    older = carry_over_weights([{"ada": 0.0, "bo": 2.0}, {"ada": 0.0, "bo": 0.0}], decay=0.5)
    assert older["bo"] == pytest.approx(1.5)
    with pytest.raises(ValueError):
        carry_over_weights([], decay=2)


def test_a_heavier_student_wins_the_contested_seat():
    instance = popular_session()
    instance.students[1] = StudentSpec("bo", 1, 1, weight=3.0)
    for seed in range(10):
        assert allocate(instance, seed=seed).assignments[("bo", "mon")] == "a"


def test_summary_counts_ranks_and_explains_who_is_short():
    instance = popular_session()
    instance.sessions[1] = SessionSpec("b", "mon", 1)
    summary = summarise(instance, {("ada", "mon"): "a", ("bo", "mon"): "b"})
    assert summary.rank_profile == {1: 1, 2: 1}
    assert summary.first_choice_share == 0.5
    assert summary.top3_share == 1.0
    assert summary.hours_short == {"cy": 1}
    assert [(u.student, u.reason) for u in summary.unplaced] == [("cy", "seats-full")]
    assert summary.regret == {"ada": 0, "bo": 1, "cy": 6}
