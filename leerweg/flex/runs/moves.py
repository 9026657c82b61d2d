"""Moving a student by hand in a finished run, alone or with a re-solve around the move.

Either way every rule is checked on the week as it is now; a move that would
break a rule refuses with the rules named, and stores nothing. The report's
figures and the students' outcomes are recomputed after each move.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from leerweg.accounts.models import User
from leerweg.flex.allocator import (
    Conflict,
    Instance,
    Objective,
    Status,
    Violation,
    check,
    resolve_with_moves,
)
from leerweg.flex.models import AllocationRun, FlexSession, Placement, PlacementSource, RunState
from leerweg.flex.runs.notices import student_notify_moved, students_notify_changed
from leerweg.flex.runs.problem import WeekProblem, week_problem
from leerweg.flex.runs.results import (
    Assignments,
    figures,
    outcomes_store,
    placement_rows,
    rank_of,
    run_assignments,
)
from leerweg.flex.runs.wording import constraint_wording
from leerweg.schools.models import Student

# A re-solve after a move runs while the leader waits for the page.
RESOLVE_TIME_LIMIT_SECONDS = 10.0


@transaction.atomic
def placement_move(
    *, run: AllocationRun, student: Student, session: FlexSession, by: User
) -> Placement:
    """Move ``student`` into ``session`` (in its slot) by hand, if no rule breaks.

    The move is checked with the allocator's ``check`` on the week as it is
    now, with the move applied: any broken rule that was not broken before
    refuses it, with the rules named. On a published run the change is
    visible at once and only the moved student is told.
    """
    run, problem = _run_to_change(run, student, session)
    before = run_assignments(run)
    after = {**before, (student.pk, session.slot_id): session.pk}
    known = {_violation_key(v) for v in check(problem.instance, before)}
    new = [v for v in check(problem.instance, after) if _violation_key(v) not in known]
    if new:
        raise ValidationError([_violation_message(v, problem) for v in new])
    placement, _created = Placement.objects.update_or_create(
        run=run,
        student=student,
        slot_id=session.slot_id,
        defaults={
            "session": session,
            "rank": rank_of(problem.instance, student.pk, session.slot_id, session.pk),
            "source": PlacementSource.MOVED,
            "moved_by": by,
        },
    )
    _result_refresh(run, problem.instance, after)
    if run.published_at is not None:
        week = run.week
        transaction.on_commit(lambda: student_notify_moved(week, student, session))
    return placement


@transaction.atomic
def placement_move_resolve(
    *, run: AllocationRun, student: Student, session: FlexSession, by: User
) -> int:
    """Move ``student`` into ``session`` and re-solve the others around the move.

    The allocator's ``resolve_with_moves`` pins the student there and changes
    as few other placements as it can (first only the students in that
    session, then the slot, then the week). Returns how many students got
    another placement besides the moved one. Refused, with the rules named,
    when even a re-solve cannot keep every rule; on a published run every
    student whose schedule changed is told.
    """
    run, problem = _run_to_change(run, student, session)
    before = run_assignments(run)
    result = resolve_with_moves(
        problem.instance,
        before,
        pin=[(student.pk, session.pk)],
        objective=Objective(run.objective),
        seed=run.seed,
        time_limit=RESOLVE_TIME_LIMIT_SECONDS,
    )
    if result.status is Status.INFEASIBLE:
        raise ValidationError([_conflict_message(c, problem) for c in result.conflicts])
    broken = [v for v in check(problem.instance, result.assignments) if v.constraint != "min-hours"]
    if broken:
        raise ValidationError([_violation_message(v, problem) for v in broken])
    changed = {
        key
        for key in before.keys() | result.assignments.keys()
        if before.get(key) != result.assignments.get(key)
    }
    _placements_replace(run, problem.instance, result.assignments, changed, student, by)
    _result_refresh(run, problem.instance, result.assignments)
    others = {student_id for student_id, _slot in changed} - {student.pk}
    if run.published_at is not None:
        week = run.week
        moved = [problem.students[student_id] for student_id in {student.pk, *others}]
        transaction.on_commit(lambda: students_notify_changed(week, moved))
    return len(others)


def _run_to_change(
    run: AllocationRun, student: Student, session: FlexSession
) -> tuple[AllocationRun, WeekProblem]:
    """The run, locked for the change, and its week's problem; refused unless both fit."""
    run = AllocationRun.objects.select_for_update().select_related("week__school").get(pk=run.pk)
    if run.state != RunState.DONE:
        raise ValidationError(_("Only a finished allocation can be changed."))
    problem = week_problem(run.week)
    if session.pk not in problem.sessions or student.pk not in problem.students:
        raise ValidationError(_("This session or student is not part of this week."))
    return run, problem


def _placements_replace(
    run: AllocationRun,
    instance: Instance,
    assignments: Assignments,
    changed: set[tuple[int, int]],
    mover: Student,
    by: User,
) -> None:
    """Store the re-solved placements of the ``changed`` (student, slot) pairs."""
    if changed:
        stale = Q()
        for student_id, slot_id in changed:
            stale |= Q(student_id=student_id, slot_id=slot_id)
        run.placements.filter(stale).delete()
    Placement.objects.bulk_create(
        Placement(
            run=run,
            student_id=student_id,
            slot_id=slot_id,
            session_id=session_id,
            rank=rank,
            source=PlacementSource.MOVED if student_id == mover.pk else source,
            moved_by=by if student_id == mover.pk else None,
        )
        for (student_id, slot_id), session_id, rank, source in placement_rows(
            instance, {k: v for k, v in assignments.items() if k in changed}
        )
    )


def _result_refresh(run: AllocationRun, instance: Instance, assignments: Assignments) -> None:
    """The report's figures and the outcomes after a move; the fairness weights stay."""
    weights = dict(run.outcomes.values_list("student_id", "weight"))
    run.report = {**run.report, **figures(instance, assignments)}
    run.save(update_fields=["report", "updated_at"])
    outcomes_store(run, instance, assignments, weights)


def _violation_key(violation: Violation) -> tuple:
    return (violation.constraint, violation.student, violation.session)


def _conflict_message(conflict: Conflict, problem: WeekProblem) -> str:
    names = [
        problem.students[s].user.get_full_name() for s in conflict.students if s in problem.students
    ]
    titles = [problem.sessions[s].title for s in conflict.sessions if s in problem.sessions]
    return " — ".join([constraint_wording(conflict.constraint), *names, *titles])


def _violation_message(violation: Violation, problem: WeekProblem) -> str:
    parts = [constraint_wording(violation.constraint)]
    if violation.student in problem.students:
        parts.append(problem.students[violation.student].user.get_full_name())
    if violation.session in problem.sessions:
        parts.append(problem.sessions[violation.session].title)
    return " — ".join(parts)
