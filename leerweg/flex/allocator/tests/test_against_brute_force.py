"""Random small weeks: every answer passes the checker, and tiny ones match brute force."""

import random

import pytest

from leerweg.flex.allocator import Objective, Status, allocate, allocate_slot, check

from .tiny import (
    all_assignments,
    best,
    convex_quality,
    over_placed,
    random_instance,
    rank_signature,
    shortfall,
)

SEEDS = range(40)


def _feasible(instance, assignments) -> bool:
    hard = [v for v in check(instance, assignments) if v.constraint != "min-hours"]
    return not hard and not over_placed(instance, assignments)


def _allowed_violations(allocation) -> set[str]:
    return {"min-hours"} if allocation.hours_short else set()


@pytest.mark.parametrize("seed", SEEDS)
def test_convex_week_matches_brute_force(seed):
    instance = random_instance(random.Random(seed), students=3)
    allocation = allocate(instance, objective=Objective.CONVEX, seed=seed)
    if allocation.status is Status.INFEASIBLE:
        assert allocation.conflicts
        return
    found = {v.constraint for v in check(instance, allocation.assignments)}
    assert found <= _allowed_violations(allocation)
    optimum = best(
        instance, lambda a: (shortfall(instance, a), convex_quality(instance, a, seed)), _feasible
    )
    mine = (
        shortfall(instance, allocation.assignments),
        convex_quality(instance, allocation.assignments, seed),
    )
    assert mine[0] == optimum[0]
    assert mine[1] == pytest.approx(optimum[1], abs=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_rank_maximal_week_matches_brute_force(seed):
    instance = random_instance(random.Random(1000 + seed), students=3)
    allocation = allocate(instance, objective=Objective.RANK_MAXIMAL, seed=seed)
    if allocation.status is Status.INFEASIBLE:
        assert allocation.conflicts
        return
    optimum = best(
        instance, lambda a: (shortfall(instance, a), rank_signature(instance, a)), _feasible
    )
    mine = (
        shortfall(instance, allocation.assignments),
        rank_signature(instance, allocation.assignments),
    )
    assert mine == optimum


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("objective", list(Objective))
def test_slot_flow_places_as_many_as_possible_then_best(seed, objective):
    instance = random_instance(random.Random(2000 + seed), students=4, slots=1)
    allocation = allocate_slot(instance, 0, objective=objective, seed=seed)
    if allocation.status is Status.INFEASIBLE:
        assert all(c.constraint == "too-few-eligible" for c in allocation.conflicts)
        return
    wanted = {s for (s, slot), ranked in instance.choices.items() if ranked}
    hard = {v.constraint for v in check(instance, allocation.assignments)} - {"min-hours"}
    assert not hard
    candidates = [a for a in all_assignments(instance) if {s for s, _ in a} <= wanted]
    candidates = [
        a for a in candidates if not ({v.constraint for v in check(instance, a)} - {"min-hours"})
    ]
    most = max(len(a) for a in candidates)
    assert len(allocation.assignments) == most
    best_of_most = [a for a in candidates if len(a) == most]
    if objective is Objective.RANK_MAXIMAL:
        best = min(rank_signature(instance, a) for a in best_of_most)
        assert rank_signature(instance, allocation.assignments) == best
    else:
        best_cost = min(convex_quality(instance, a, seed, ties=False) for a in best_of_most)
        assert convex_quality(instance, allocation.assignments, seed, ties=False) == best_cost


@pytest.mark.parametrize("seed", range(10))
def test_bigger_random_weeks_pass_the_checker(seed):
    instance = random_instance(random.Random(5000 + seed), students=30, slots=4)
    for objective in Objective:
        allocation = allocate(instance, objective=objective, seed=seed)
        if allocation.status is Status.INFEASIBLE:
            assert allocation.conflicts
            continue
        assert allocation.status is Status.OPTIMAL
        assert allocation.gap <= 1e-3
        found = {v.constraint for v in check(instance, allocation.assignments)}
        assert found <= _allowed_violations(allocation)
