"""Named conflicts for impossible set-ups, the checker's codes, and the slot's own conflicts."""

from typing import Any

import pytest

from leerweg.flex.allocator import (
    Instance,
    Objective,
    SessionSpec,
    Status,
    StudentSpec,
    allocate,
    allocate_slot,
    check,
)


def week(**changes) -> Instance:
    """Two slots, a workshop ``w`` given twice and a session ``x``; Ada and Bo need one hour."""
    base: dict[str, Any] = {
        "students": [StudentSpec("ada", 1, 2), StudentSpec("bo", 1, 2)],
        "sessions": [
            SessionSpec("w1", "mon", 1, "w"),
            SessionSpec("w2", "tue", 1, "w"),
            SessionSpec("x", "tue", 1),
        ],
        "eligible": {(s, t) for s in ("ada", "bo") for t in ("w1", "w2", "x")},
        "choices": {("ada", "mon"): ["w1"], ("bo", "mon"): ["w1"]},
        "mandatory": set(),
    }
    base.update(changes)
    return Instance(**base)


def codes(allocation) -> set[str]:
    return {conflict.constraint for conflict in allocation.conflicts}


def test_mandatory_students_beyond_capacity_are_named():
    allocation = allocate(week(mandatory={("ada", "w1"), ("bo", "w1")}), seed=1)
    assert allocation.status is Status.INFEASIBLE
    assert not allocation.published
    assert not allocation.assignments
    (conflict,) = allocation.conflicts
    assert conflict.constraint == "mandatory-over-capacity"
    assert set(conflict.students) == {"ada", "bo"}
    assert conflict.sessions == ("w1",)


def test_a_student_eligible_for_nothing_is_named():
    instance = week(eligible={("bo", "w1")})
    allocation = allocate(instance, seed=1)
    (conflict,) = allocation.conflicts
    assert conflict.constraint == "too-few-eligible"
    assert conflict.students == ("ada",)
    assert "eligible for no session" in conflict.message


def test_the_same_workshop_twice_does_not_count_as_two_hours():
    instance = week(
        students=[StudentSpec("ada", 2, 2)], eligible={("ada", "w1"), ("ada", "w2")}, choices={}
    )
    assert codes(allocate(instance, seed=1)) == {"too-few-eligible"}


@pytest.mark.parametrize(
    ("mandatory", "expected"),
    [
        ({("ada", "w2"), ("ada", "x")}, "mandatory-same-slot"),
        ({("ada", "w1"), ("ada", "w2")}, "mandatory-same-series"),
    ],
)
def test_clashing_mandatory_sessions_are_named(mandatory, expected):
    instance = week(
        mandatory=mandatory, students=[StudentSpec("ada", 1, 3), StudentSpec("bo", 0, 2)]
    )
    assert expected in codes(allocate(instance, seed=1))


def test_more_mandatory_hours_than_allowed_is_named():
    instance = week(
        mandatory={("ada", "w1"), ("ada", "x")},
        students=[StudentSpec("ada", 1, 1)],
        choices={},
        eligible={("ada", "w1")},
    )
    assert codes(allocate(instance, seed=1)) == {"mandatory-over-max-hours"}


def test_unknown_ids_and_impossible_specs_are_conflicts_not_crashes():
    instance = week(
        choices={("zed", "mon"): ["nope"]},
        students=[StudentSpec("ada", 3, 1), StudentSpec("bo", 1, 2)],
    )
    assert codes(allocate(instance, seed=1)) == {
        "unknown-student",
        "unknown-session",
        "hours-range",
    }


def test_seats_running_out_is_not_a_conflict_but_a_shortfall():
    instance = week(eligible={("ada", "w1"), ("bo", "w1")})
    allocation = allocate(instance, seed=1)
    assert allocation.status is Status.OPTIMAL
    assert len(allocation.hours_short) == 1
    assert [v.constraint for v in check(instance, allocation.assignments)] == ["min-hours"]


def test_checker_names_every_broken_constraint():
    instance = week(
        students=[StudentSpec("ada", 1, 1), StudentSpec("bo", 1, 2)],
        eligible={("ada", "w1"), ("ada", "w2"), ("bo", "w1")},
        mandatory={("bo", "x")},
    )
    assignments = {
        ("ada", "mon"): "w1",
        ("ada", "tue"): "w2",
        ("bo", "mon"): "w1",
        ("bo", "wed"): "x",
        ("cy", "mon"): "w1",
    }
    found = {(v.constraint, v.student, v.session) for v in check(instance, assignments)}
    assert found == {
        ("unknown-student", "cy", None),
        ("wrong-slot", "bo", "x"),
        ("capacity", None, "w1"),
        ("same-series", "ada", "w2"),
        ("max-hours", "ada", None),
        ("mandatory-missing", "bo", "x"),
    }
    assert ("eligibility", "bo", "x") not in found  # mandatory pairs need no separate eligibility


def test_checker_names_ineligible_and_short_students():
    instance = week(eligible={("ada", "w1")})
    found = {(v.constraint, v.student) for v in check(instance, {("bo", "mon"): "w1"})}
    assert found == {("eligibility", "bo"), ("min-hours", "ada")}


def test_slot_names_a_student_eligible_for_nothing_in_it():
    instance = week(eligible={("ada", "x")})
    allocation = allocate_slot(instance, "mon", seed=1)
    assert allocation.status is Status.INFEASIBLE
    assert sorted(c.message for c in allocation.conflicts) == [
        "student ada is eligible for no session in slot mon but needs 1 hours",
        "student bo is eligible for no session in slot mon but needs 1 hours",
    ]
    assert {c.students for c in allocation.conflicts} == {("ada",), ("bo",)}


@pytest.mark.parametrize("objective", list(Objective))
def test_slot_respects_series_taken_in_other_slots(objective):
    instance = week(choices={("ada", "tue"): ["w2", "x"]})
    allocation = allocate_slot(
        instance, "tue", objective=objective, seed=1, others={("ada", "mon"): "w1"}
    )
    assert allocation.assignments == {("ada", "tue"): "x"}
