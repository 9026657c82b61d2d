"""The shortcuts that make big weeks fast give the same answers as the plain way.

- one slot: the min-cost flow priced over a growing set of arcs equals the flow over every arc;
- a manual move solves only the students who may change and leaves everybody else as they were;
- a fractional LP optimum of the week is rounded by freeing only its fractional students;
- regret leaves mandatory placements out, as the student cannot choose in that slot.
"""

import random

import pytest

from leerweg.flex.allocator import (
    Instance,
    Objective,
    SessionSpec,
    StudentSpec,
    allocate,
    allocate_slot,
    check,
    resolve_with_moves,
    summarise,
    week_ip,
)
from leerweg.flex.allocator.candidates import build_candidates, candidate_costs
from leerweg.flex.allocator.slot_flow import _mandatory, _Network, _students_in_slot, _Table


def crowded_slot(rng: random.Random, students: int = 60, sessions: int = 8) -> Instance:
    """One slot whose popular sessions are far too small: many must take what they did not rank."""
    offered = [SessionSpec(f"t{k}", 0, rng.randint(1, 9)) for k in range(sessions)]
    people = [StudentSpec(f"s{i}", 1, 1, rng.choice([1.0, 1.5, 3.0])) for i in range(students)]
    eligible = {(p.id, s.id) for p in people for s in offered if rng.random() < 0.7}
    popular = [s.id for s in offered[:4]]
    choices = {}
    for p in people:
        mine = [sid for sid in popular if (p.id, sid) in eligible]
        rng.shuffle(mine)
        if mine:
            choices[(p.id, 0)] = mine
    return Instance(people, offered, eligible, choices, set())


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("objective", list(Objective))
def test_priced_slot_flow_equals_the_flow_over_every_arc(seed, objective):
    instance = crowded_slot(random.Random(seed))
    sessions = list(instance.sessions)
    students = _students_in_slot(instance, 0, sessions, None)
    table = _Table.gather(instance, 0, students, sessions)
    fixed, seats = _mandatory(instance, sessions)
    table.close(instance, 0, students, fixed, {})
    network = _Network(table, students, sessions, seats, objective, seed)
    everything, cost = network.solve(table.everything())
    network.solve(table.first_offer())
    priced, priced_cost = network.solve_everything(table, [])
    assert len(priced) == len(everything)
    assert priced_cost == cost
    allocation = allocate_slot(instance, 0, objective=objective, seed=seed)
    assert len(allocation.assignments) == len(everything)
    assert allocation.objective == cost
    assert {v.constraint for v in check(instance, allocation.assignments)} <= {"min-hours"}


def school(rng: random.Random, students: int = 40) -> Instance:
    sessions = [
        SessionSpec(f"w{k}-{slot}", slot, rng.randint(7, 11), f"w{k}")
        for slot in range(3)
        for k in range(4)
    ]
    people = [StudentSpec(f"s{i}", 2, 3) for i in range(students)]
    eligible = {(p.id, s.id) for p in people for s in sessions}
    choices = {}
    for p in people:
        for slot in range(3):
            here = [s.id for s in sessions if s.slot == slot]
            rng.shuffle(here)
            choices[(p.id, slot)] = here[:3]
    return Instance(people, sessions, eligible, choices, set())


@pytest.mark.parametrize("seed", range(6))
def test_a_move_changes_only_students_it_frees(seed):
    rng = random.Random(seed)
    instance = school(rng)
    before = allocate(instance, seed=seed)
    taken: dict = {}
    for sid in before.assignments.values():
        taken[sid] = taken.get(sid, 0) + 1
    full = next(s for s in instance.sessions if taken.get(s.id, 0) >= s.capacity)
    mover = next(
        p.id
        for p in instance.students
        if (p.id, full.slot) in before.assignments
        and before.assignments[(p.id, full.slot)] != full.id
        and not any(
            instance.session(sid).series == full.series
            for (q, _), sid in before.assignments.items()
            if q == p.id
        )
    )
    after = resolve_with_moves(instance, before.assignments, pin=[(mover, full.id)], seed=seed)
    assert after.assignments[(mover, full.slot)] == full.id
    pinned = Instance(
        instance.students,
        instance.sessions,
        instance.eligible,
        instance.choices,
        {(mover, full.id)},
    )
    assert check(pinned, after.assignments) == []
    changed = {
        s
        for (s, slot), sid in after.assignments.items()
        if before.assignments.get((s, slot)) != sid
    }
    changed |= {
        s
        for (s, slot), sid in before.assignments.items()
        if after.assignments.get((s, slot)) != sid
    }
    in_full = {s for (s, _), sid in before.assignments.items() if sid == full.id}
    in_slot = {s for (s, slot) in before.assignments if slot == full.slot}
    assert changed <= {mover} | in_full | in_slot


def test_mandatory_placements_carry_no_regret_and_stay_out_of_the_profile():
    students = [StudentSpec("ada", 2, 2), StudentSpec("bo", 1, 1)]
    sessions = [SessionSpec("a", "mon", 2), SessionSpec("b", "tue", 2), SessionSpec("c", "tue", 2)]
    eligible = {(s.id, t.id) for s in students for t in sessions}
    choices = {("ada", "tue"): ["b"], ("bo", "tue"): ["b"]}
    instance = Instance(students, sessions, eligible, choices, {("ada", "a")})
    summary = summarise(instance, {("ada", "mon"): "a", ("ada", "tue"): "b", ("bo", "tue"): "c"})
    assert summary.regret == {"ada": 0, "bo": 5}
    assert summary.mandatory == 1
    assert summary.placements == 3
    assert summary.rank_profile == {1: 1, 6: 1}
    assert summary.unranked == 1
    assert summary.top3_share == 0.5


@pytest.mark.parametrize("seed", range(6))
def test_an_augmenting_path_through_a_session_nobody_ranked_is_found(seed):
    """Ada and Bo both rank only ``p`` (one seat); only Ada may also take ``q``."""
    students = [StudentSpec("ada", 1, 1), StudentSpec("bo", 1, 1)]
    sessions = [SessionSpec("p", 0, 1), SessionSpec("q", 0, 1)]
    instance = Instance(
        students,
        sessions,
        {("ada", "p"), ("ada", "q"), ("bo", "p")},
        {("ada", 0): ["p"], ("bo", 0): ["p"]},
        set(),
    )
    table = _Table.gather(instance, 0, students, sessions)
    table.close(instance, 0, students, {}, {})
    network = _Network(table, students, sessions, {"p": 1, "q": 1}, Objective.CONVEX, seed)
    placed, _ = network.solve(table.first_offer())
    assert len(placed) == 1
    assert network._augmentable(table) is not None
    assert sorted(network.solve_everything(table, placed)[0]) == [("ada", "q"), ("bo", "p")]
    allocation = allocate_slot(instance, 0, seed=seed)
    assert allocation.assignments == {("ada", 0): "q", ("bo", 0): "p"}


def test_rounding_frees_only_the_students_with_a_fractional_pair():
    rng = random.Random(3)
    instance = school(rng)
    candidates = build_candidates(instance)
    model = week_ip._build(instance, candidates)
    quality = candidate_costs(model.candidates, 3)
    week_ip._solve_phase(model, "convex", week_ip._with_short(model, quality, 1e6), 10.0)
    assert model.values is not None
    fractional = list(model.values)
    loose = candidates[0].student.id
    mine = [i for i, c in enumerate(candidates) if c.student.id == loose]
    for i in mine:
        fractional[i] = 0.5
    rounded = week_ip._round_fractional(model, fractional, 10.0)
    assert rounded is not None
    assert week_ip._integral(rounded[: model.num_pairs])
    others = [i for i, c in enumerate(candidates) if c.student.id != loose]
    assert all(round(rounded[i]) == round(model.values[i]) for i in others)
    assignments = {
        (c.student.id, c.session.slot): c.session.id
        for c, value in zip(candidates, rounded, strict=False)
        if value > 0.5
    }
    assert check(instance, assignments) == []
    lp = model.highs.getLp()
    assert list(lp.col_upper_[: model.num_pairs]) == [1.0] * model.num_pairs
    assert list(lp.col_lower_[: model.num_pairs]) == [0.0] * model.num_pairs
