"""Allocating a flex week: the problem from the database, runs, publishing and manual moves.

A run goes QUEUED → RUNNING → DONE (an allocation was found and stored),
INFEASIBLE (the set-up cannot be allocated; the report names each conflict) or
FAILED (something went wrong; nothing of the run's result is stored). The
solving happens in a background task (``tasks.allocation_run_task``) so a page
never waits for it; the run's ``progress`` and ``stage`` tell the leader how
far it is. Only a DONE run can be published, and one run per week at most.

The report stores ids, never names: names and Dutch wordings are added when
the report is shown (``run_report``), in the reader's language.
"""

import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from leerweg.accounts.models import User
from leerweg.flex.allocator import (
    Allocation,
    Conflict,
    Instance,
    Objective,
    SessionSpec,
    Status,
    StudentSpec,
    allocate,
    carry_over_weights,
    check,
    compare,
    first_come_first_served,
    resolve_with_moves,
    summarise,
)
from leerweg.flex.models import (
    AllocationRun,
    FlexChoice,
    FlexSession,
    FlexSlot,
    FlexWeek,
    MandatoryAssignment,
    Placement,
    PlacementSource,
    RunState,
    StudentOutcome,
    WeekState,
)
from leerweg.flex.selectors import (
    flex_settings_of,
    is_eligible,
    sessions_in_week,
    slots_in_week,
    student_facts,
)
from leerweg.notifications.models import NotificationKind
from leerweg.notifications.services import notification_send
from leerweg.schools.models import Student

# How long the solver may search; it returns the best allocation found and its proven bound.
TIME_LIMIT_SECONDS = 20.0
# A re-solve after a move runs while the leader waits for the page.
RESOLVE_TIME_LIMIT_SECONDS = 10.0

# Stages of a run as stored in ``AllocationRun.stage``, with their wording for the progress bar.
STAGES = {
    "queued": gettext_lazy("Waiting for its turn"),
    "building": gettext_lazy("Building the problem"),
    "solving": gettext_lazy("Solving"),
    "checking": gettext_lazy("Checking every rule"),
    "comparing": gettext_lazy("Comparing with first come, first served"),
    "saving": gettext_lazy("Saving"),
    "done": gettext_lazy("Finished"),
}

OBJECTIVES = {
    Objective.CONVEX.value: gettext_lazy(
        "Protect the worst-off: a second choice for two students is better than "
        "a first choice for one and a fifth for the other."
    ),
    Objective.RANK_MAXIMAL.value: gettext_lazy(
        "As many first choices as possible, then as many second choices, and so on, "
        "even if a few students get a poor choice."
    ),
}

OBJECTIVE_NAMES = {
    Objective.CONVEX.value: gettext_lazy("protect the worst-off"),
    Objective.RANK_MAXIMAL.value: gettext_lazy("as many first choices as possible"),
}

# The Dutch (translated) wording of each constraint code of the allocator's diagnosis and check.
CONSTRAINTS = {
    "mandatory-over-capacity": gettext_lazy(
        "More students must attend this session than it has places."
    ),
    "mandatory-same-slot": gettext_lazy(
        "This student must attend two sessions in the same flex hour."
    ),
    "mandatory-same-series": gettext_lazy(
        "This student must attend the same session twice in one week."
    ),
    "mandatory-over-max-hours": gettext_lazy(
        "This student must attend more sessions than the maximum number of flex hours."
    ),
    "too-few-eligible": gettext_lazy(
        "This student may not attend enough sessions to reach the minimum number of flex hours."
    ),
    "capacity": gettext_lazy("The session has more students than places."),
    "eligibility": gettext_lazy("The student may not attend this session."),
    "same-series": gettext_lazy("The student would attend the same session twice this week."),
    "max-hours": gettext_lazy("The student would have more than the maximum number of flex hours."),
    "min-hours": gettext_lazy(
        "The student would have fewer than the minimum number of flex hours."
    ),
    "mandatory-missing": gettext_lazy("The student must attend another session in this flex hour."),
    "mandatory-forbidden": gettext_lazy(
        "The student must attend the session they are kept out of."
    ),
    "wrong-slot": gettext_lazy("The session is not in this flex hour."),
}

UNPLACED_REASONS = {
    "not-eligible": gettext_lazy("not enough sessions open to this student"),
    "seats-full": gettext_lazy("every session open to this student was full"),
    "seats-left": gettext_lazy("places were left, but none fitted the other rules"),
}


def constraint_wording(code: str) -> str:
    return str(CONSTRAINTS.get(code, gettext_lazy("A rule of the allocation is broken.")))


# --- Building the problem -------------------------------------------------------------------


@dataclass
class WeekProblem:
    """The allocator's instance of a week and the rows its ids stand for."""

    instance: Instance
    students: dict[int, Student]
    sessions: dict[int, FlexSession]
    slots: dict[int, FlexSlot]
    # Students in the order they first saved choices for the week; who never chose is left out.
    arrival: list[int] = field(default_factory=list)


def series_key(session: FlexSession) -> tuple[int, str]:
    return (session.teacher_id, session.title.strip().casefold())


def week_problem(week: FlexWeek) -> WeekProblem:
    """The week's allocation problem, in a fixed number of queries whatever the school's size.

    - Students: every student in a group of the week's school year, and anyone
      who must attend a session that week.
    - Sessions: those offered in the slots that take place that week (a slot
      called off by an exception is left out, with its sessions).
    - Series: sessions with the same teacher and the same title (compared
      case-folded) in one week are one session repeated: a student attends it
      at most once a week.
    - Hours: the school's minimum, but never more than the slots of the week
      (a holiday week has fewer), and the school's maximum.
    - Weights: ``carry_over_weights`` over the published runs of earlier weeks
      of the school year, oldest first.
    """
    slots = {slot.pk: slot for slot in slots_in_week(week)}
    sessions = {session.pk: session for session in sessions_in_week(week, slots.values())}
    students = {
        student.pk: student
        for student in Student.objects.filter(school_id=week.school_id)
        .filter(
            Q(memberships__group__school_year_id=week.school_year_id) | Q(flex_mandatory__week=week)
        )
        .distinct()
        .select_related("user", "school")
        .order_by("user__last_name", "user__first_name", "pk")
    }
    facts = student_facts(students.values(), week)
    eligible = {
        (student_id, session_id)
        for student_id in students
        for session_id, session in sessions.items()
        if is_eligible(session, facts[student_id])
    }
    choices, arrival = _choices(week, students, sessions)
    mandatory = {
        (student_id, session_id)
        for student_id, session_id in MandatoryAssignment.objects.filter(week=week).values_list(
            "student_id", "session_id"
        )
        if student_id in students and session_id in sessions
    }
    settings = flex_settings_of(week.school)
    weights = earlier_weights(week)
    min_hours = min(settings.min_per_week, len(slots))
    instance = Instance(
        students=[
            StudentSpec(
                id=student_id,
                min_hours=min_hours,
                max_hours=settings.max_per_week,
                weight=weights.get(student_id, 1.0),
            )
            for student_id in students
        ],
        sessions=[
            SessionSpec(
                id=session.pk,
                slot=session.slot_id,
                capacity=session.capacity,
                series=series_key(session),
            )
            for session in sessions.values()
        ],
        eligible=eligible,
        choices=choices,
        mandatory=mandatory,
    )
    return WeekProblem(instance, students, sessions, slots, arrival)


def allocation_instance(week: FlexWeek) -> Instance:
    """The allocator's ``Instance`` for ``week`` (see ``week_problem``)."""
    return week_problem(week).instance


def _choices(
    week: FlexWeek, students: Mapping[int, Student], sessions: Mapping[int, FlexSession]
) -> tuple[dict[tuple[int, int], list[int]], list[int]]:
    """Ranked choices per (student, slot), and students in the order they first chose."""
    choices: dict[tuple[int, int], list[int]] = defaultdict(list)
    first: dict[int, datetime] = {}
    rows = FlexChoice.objects.filter(week=week).order_by("student_id", "slot_id", "rank")
    for student_id, slot_id, session_id, created_at in rows.values_list(
        "student_id", "slot_id", "session_id", "created_at"
    ):
        if student_id not in students or session_id not in sessions:
            continue
        choices[(student_id, slot_id)].append(session_id)
        if student_id not in first or created_at < first[student_id]:
            first[student_id] = created_at
    arrival = sorted(first, key=lambda student_id: (first[student_id], student_id))
    return dict(choices), arrival


def earlier_weights(week: FlexWeek) -> dict[int, float]:
    """Fairness weights from the published runs of earlier weeks of the week's school year.

    A week's outcome per student is their regret per required flex hour, with
    the school's current minimum (at least one hour) as the number of hours.
    """
    minimum = max(1, flex_settings_of(week.school).min_per_week)
    history: dict[int, dict[int, float]] = defaultdict(dict)
    for run_id, student_id, regret in (
        StudentOutcome.objects.filter(
            run__week__school_year_id=week.school_year_id,
            run__week__monday__lt=week.monday,
            run__published_at__isnull=False,
        )
        .order_by("run__week__monday", "student_id")
        .values_list("run_id", "student_id", "regret")
    ):
        history[run_id][student_id] = regret / minimum
    return carry_over_weights(list(history.values()))


# --- Running ----------------------------------------------------------------------------------


def allocation_run_start(
    *, week: FlexWeek, started_by: User | None, objective: str = Objective.CONVEX.value
) -> AllocationRun:
    """Queue a run of ``week``; the task starts once the transaction is committed.

    Choices are locked from now on: an OPEN week becomes LOCKED.
    """
    if objective not in OBJECTIVES:
        raise ValidationError({"objective": _("Choose how the allocation weighs choices.")})
    with transaction.atomic():
        week = FlexWeek.objects.select_for_update().get(pk=week.pk)
        if week.state == WeekState.OPEN:
            week.state = WeekState.LOCKED
            week.save(update_fields=["state", "updated_at"])
        run = AllocationRun.objects.create(
            week=week,
            started_by=started_by,
            objective=objective,
            seed=random.SystemRandom().randrange(2**62),
            stage="queued",
        )
        # The task module imports this one; importing it here avoids a cycle.
        from leerweg.flex.tasks import allocation_run_task

        transaction.on_commit(lambda: allocation_run_task.enqueue(run.pk))
    return run


def _progress(run: AllocationRun, progress: int, stage: str) -> None:
    run.progress, run.stage = progress, stage
    AllocationRun.objects.filter(pk=run.pk).update(progress=progress, stage=stage)


def allocation_run_execute(*, run_id: int) -> str:
    """Solve a queued run and store its result; returns the run's final state.

    Meant for the background task: a run that is no longer QUEUED (a worker
    that picks it up twice) is left alone.
    """
    started = AllocationRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
        state=RunState.RUNNING, progress=5, stage="building"
    )
    if not started:
        return AllocationRun.objects.filter(pk=run_id).values_list("state", flat=True).first() or ""
    run = AllocationRun.objects.select_related("week__school", "week__school_year").get(pk=run_id)
    try:
        _execute(run)
    except Exception as error:
        AllocationRun.objects.filter(pk=run.pk).update(
            state=RunState.FAILED,
            stage="done",
            error=str(error) or error.__class__.__name__,
            finished_at=timezone.now(),
        )
        return RunState.FAILED
    return run.state


def _execute(run: AllocationRun) -> None:
    problem = week_problem(run.week)
    _progress(run, 20, "solving")
    allocation = allocate(
        problem.instance,
        objective=Objective(run.objective),
        seed=run.seed,
        time_limit=TIME_LIMIT_SECONDS,
    )
    if allocation.status is Status.INFEASIBLE:
        _store_infeasible(run, allocation)
        return
    _progress(run, 70, "checking")
    violations = [
        violation
        for violation in check(problem.instance, allocation.assignments)
        # Too few hours is an outcome (seats ran out), reported as hours short.
        if violation.constraint != "min-hours"
    ]
    if violations:
        _store_refused(run, violations)
        return
    _progress(run, 80, "comparing")
    baseline = first_come_first_served(problem.instance, problem.arrival)
    comparison = compare(problem.instance, allocation, baseline)
    _progress(run, 90, "saving")
    _store_allocation(run, problem, allocation, comparison)


def _store_infeasible(run: AllocationRun, allocation: Allocation) -> None:
    run.report = {
        "conflicts": [
            {
                "constraint": conflict.constraint,
                "students": list(conflict.students),
                "sessions": list(conflict.sessions),
                "slot": conflict.slot,
            }
            for conflict in allocation.conflicts
        ]
    }
    _finish(run, RunState.INFEASIBLE, allocation)


def _store_refused(run: AllocationRun, violations: list) -> None:
    run.report = {
        "violations": [
            {"constraint": v.constraint, "student": v.student, "session": v.session}
            for v in violations
        ]
    }
    run.error = _("The allocation broke a rule, so it was not stored.")
    _finish(run, RunState.FAILED, None)


def _finish(run: AllocationRun, state: str, allocation: Allocation | None) -> None:
    run.state = state
    run.progress = 100
    run.stage = "done"
    run.finished_at = timezone.now()
    if allocation is not None:
        run.solver_status = allocation.status.value
        if allocation.status is not Status.INFEASIBLE:
            run.objective_value = allocation.objective
            run.bound = allocation.bound
            run.gap = allocation.gap
        run.seconds = allocation.seconds
    run.save()


@transaction.atomic
def _store_allocation(
    run: AllocationRun,
    problem: WeekProblem,
    allocation: Allocation,
    comparison: Mapping[str, Mapping[str, float]],
) -> None:
    instance = problem.instance
    Placement.objects.bulk_create(
        Placement(
            run=run,
            student_id=student_id,
            slot_id=slot_id,
            session_id=session_id,
            rank=rank,
            source=source,
        )
        for (student_id, slot_id), session_id, rank, source in _placements(
            instance, allocation.assignments
        )
    )
    weights = {student.id: student.weight for student in instance.students}
    run.report = {
        **figures(instance, allocation.assignments),
        "comparison": {name: dict(values) for name, values in comparison.items()},
        "phases": [
            {"name": p.name, "objective": p.objective, "bound": p.bound, "gap": p.gap}
            for p in allocation.phases
        ],
    }
    _store_outcomes(run, instance, allocation.assignments, weights)
    _finish(run, RunState.DONE, allocation)
    FlexWeek.objects.filter(pk=run.week_id, state__in=[WeekState.OPEN, WeekState.LOCKED]).update(
        state=WeekState.ALLOCATED, updated_at=timezone.now()
    )


def _rank_of(instance: Instance, student_id: int, slot_id: int, session_id: int) -> int | None:
    ranked = instance.choices.get((student_id, slot_id), [])
    return ranked.index(session_id) + 1 if session_id in ranked else None


def _placements(instance: Instance, assignments: Mapping[tuple[int, int], int]):
    for key, session_id in sorted(assignments.items()):
        student_id, slot_id = key
        rank = _rank_of(instance, student_id, slot_id, session_id)
        if (student_id, session_id) in instance.mandatory:
            source = PlacementSource.MANDATORY
        elif rank is not None:
            source = PlacementSource.CHOSEN
        else:
            source = PlacementSource.FILLED
        yield key, session_id, rank, source


def figures(instance: Instance, assignments: Mapping[tuple[int, int], int]) -> dict:
    """The report's figures of one set of assignments (JSON-ready)."""
    summary = summarise(instance, assignments)
    return {
        "summary": {
            "placements": summary.placements,
            "rank_profile": {str(rank): n for rank, n in summary.rank_profile.items()},
            "first_choice_share": summary.first_choice_share,
            "top3_share": summary.top3_share,
            "unranked": summary.unranked,
            "students_short": len(summary.hours_short),
            "hours_short": sum(summary.hours_short.values()),
            "worst_regret": summary.worst_regret,
        },
        "unplaced": [
            {"student": u.student, "hours_short": u.hours_short, "reason": u.reason}
            for u in summary.unplaced
        ],
    }


def _store_outcomes(
    run: AllocationRun,
    instance: Instance,
    assignments: Mapping[tuple[int, int], int],
    weights: Mapping[int, float],
) -> None:
    summary = summarise(instance, assignments)
    StudentOutcome.objects.filter(run=run).delete()
    StudentOutcome.objects.bulk_create(
        StudentOutcome(
            run=run,
            student_id=student.id,
            regret=summary.regret.get(student.id, 0),
            hours_short=summary.hours_short.get(student.id, 0),
            weight=weights.get(student.id, 1.0),
        )
        for student in instance.students
    )


# --- Publishing and moving -------------------------------------------------------------------


@transaction.atomic
def allocation_publish(*, run: AllocationRun, by: User) -> AllocationRun:
    """Show the run's placements to its students and tell each placed student in the app.

    Only a DONE run, and only one run per week: a week whose allocation is
    published keeps it (moves change it afterwards).
    """
    run = AllocationRun.objects.select_for_update().select_related("week").get(pk=run.pk)
    if run.state != RunState.DONE:
        raise ValidationError(_("Only a finished allocation can be published."))
    if run.published_at is not None:
        raise ValidationError(_("This allocation has already been published."))
    if AllocationRun.objects.filter(week=run.week, published_at__isnull=False).exists():
        raise ValidationError(_("Another allocation of this week has already been published."))
    run.published_at = timezone.now()
    run.published_by = by
    run.save(update_fields=["published_at", "published_by", "updated_at"])
    FlexWeek.objects.filter(pk=run.week_id).update(
        state=WeekState.PUBLISHED, updated_at=timezone.now()
    )
    placed = Student.objects.filter(flex_placements__run=run).distinct().select_related("user")
    recipients = list(placed)
    week = run.week
    transaction.on_commit(lambda: _notify_published(week, recipients))
    return run


def _notify_published(week: FlexWeek, students: list[Student]) -> None:
    for student in students:
        notification_send(
            recipient=student.user,
            kind=NotificationKind.OTHER,
            title=gettext_noop("Your flex hours for week %(week)s are known"),
            params={"week": week.iso_week},
            link=reverse("flex:choose", args=[student.public_id, week.iso_year, week.iso_week]),
        )


def _notify_moved(week: FlexWeek, student: Student, session: FlexSession) -> None:
    notification_send(
        recipient=student.user,
        kind=NotificationKind.OTHER,
        title=gettext_noop("Your flex hours for week %(week)s changed: you go to “%(title)s”"),
        params={"week": week.iso_week, "title": session.title},
        link=reverse("flex:choose", args=[student.public_id, week.iso_year, week.iso_week]),
    )


def run_assignments(run: AllocationRun) -> dict[tuple[int, int], int]:
    return {
        (student_id, slot_id): session_id
        for student_id, slot_id, session_id in run.placements.values_list(
            "student_id", "slot_id", "session_id"
        )
    }


def _violation_key(violation) -> tuple:
    return (violation.constraint, violation.student, violation.session)


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
    run = AllocationRun.objects.select_for_update().select_related("week__school").get(pk=run.pk)
    if run.state != RunState.DONE:
        raise ValidationError(_("Only a finished allocation can be changed."))
    problem = week_problem(run.week)
    if session.pk not in problem.sessions or student.pk not in problem.students:
        raise ValidationError(_("This session or student is not part of this week."))
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
            "rank": _rank_of(problem.instance, student.pk, session.slot_id, session.pk),
            "source": PlacementSource.MOVED,
            "moved_by": by,
        },
    )
    weights = dict(run.outcomes.values_list("student_id", "weight"))
    run.report = {**run.report, **figures(problem.instance, after)}
    run.save(update_fields=["report", "updated_at"])
    _store_outcomes(run, problem.instance, after, weights)
    if run.published_at is not None:
        week = run.week
        transaction.on_commit(lambda: _notify_moved(week, student, session))
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
    run = AllocationRun.objects.select_for_update().select_related("week__school").get(pk=run.pk)
    if run.state != RunState.DONE:
        raise ValidationError(_("Only a finished allocation can be changed."))
    problem = week_problem(run.week)
    if session.pk not in problem.sessions or student.pk not in problem.students:
        raise ValidationError(_("This session or student is not part of this week."))
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
            source=PlacementSource.MOVED if student_id == student.pk else source,
            moved_by=by if student_id == student.pk else None,
        )
        for (student_id, slot_id), session_id, rank, source in _placements(
            problem.instance, {k: v for k, v in result.assignments.items() if k in changed}
        )
    )
    weights = dict(run.outcomes.values_list("student_id", "weight"))
    run.report = {**run.report, **figures(problem.instance, result.assignments)}
    run.save(update_fields=["report", "updated_at"])
    _store_outcomes(run, problem.instance, result.assignments, weights)
    others = {student_id for student_id, _slot in changed} - {student.pk}
    if run.published_at is not None:
        week = run.week
        moved = [problem.students[student_id] for student_id in {student.pk, *others}]
        transaction.on_commit(lambda: _notify_changed(week, moved))
    return len(others)


def _notify_changed(week: FlexWeek, students: list[Student]) -> None:
    for student in students:
        notification_send(
            recipient=student.user,
            kind=NotificationKind.OTHER,
            title=gettext_noop("Your flex hours for week %(week)s changed"),
            params={"week": week.iso_week},
            link=reverse("flex:choose", args=[student.public_id, week.iso_year, week.iso_week]),
        )


def _conflict_message(conflict: Conflict, problem: WeekProblem) -> str:
    names = [
        problem.students[s].user.get_full_name() for s in conflict.students if s in problem.students
    ]
    titles = [problem.sessions[s].title for s in conflict.sessions if s in problem.sessions]
    return " — ".join([constraint_wording(conflict.constraint), *names, *titles])


def _violation_message(violation, problem: WeekProblem) -> str:
    parts = [constraint_wording(violation.constraint)]
    if violation.student in problem.students:
        parts.append(problem.students[violation.student].user.get_full_name())
    if violation.session in problem.sessions:
        parts.append(problem.sessions[violation.session].title)
    return " — ".join(parts)


# --- Reading runs ------------------------------------------------------------------------------


def runs_of_week(week: FlexWeek):
    return (
        AllocationRun.objects.filter(week=week)
        .select_related("started_by", "published_by")
        .annotate(placed=Count("placements"))
        .order_by("-created_at")
    )


def published_history(week: FlexWeek) -> list[AllocationRun]:
    """Published runs of the school year up to and including ``week``, oldest first."""
    return list(
        AllocationRun.objects.filter(
            week__school_year_id=week.school_year_id,
            week__monday__lte=week.monday,
            published_at__isnull=False,
        )
        .select_related("week")
        .order_by("week__monday")
    )


def session_counts(run: AllocationRun) -> dict[int, int]:
    return dict(
        run.placements.values("session_id").annotate(n=Count("pk")).values_list("session_id", "n")
    )


def weeks_close(now: datetime | None = None) -> list[AllocationRun]:
    """For every school: lock each OPEN week whose deadline has passed and start its run.

    A week is taken with a row lock and only while still OPEN, so two cron jobs
    at once never start two runs for one week.
    """
    now = now or timezone.now()
    started = []
    due = FlexWeek.objects.filter(
        state=WeekState.OPEN, deadline__lte=now, school__flex_settings__enabled=True
    ).values_list("pk", flat=True)
    for week_id in list(due):
        with transaction.atomic():
            week = (
                FlexWeek.objects.select_for_update()
                .select_related("school")
                .filter(pk=week_id, state=WeekState.OPEN)
                .first()
            )
            if week is None:
                continue
            started.append(allocation_run_start(week=week, started_by=None))
    return started


# --- The report as a page shows it -------------------------------------------------------------

PERCENT_FIGURES = ("first choice", "top 3")
COMPARISON_LABELS = {
    "first choice": gettext_lazy("share of first choices"),
    "top 3": gettext_lazy("share in the top 3"),
    "unranked": gettext_lazy("placements not chosen"),
    "students short": gettext_lazy("students short of hours"),
    "hours short": gettext_lazy("flex hours short"),
    "worst regret": gettext_lazy("worst regret of one student"),
}


@dataclass
class Named:
    """A conflict or broken rule with the people and sessions in it, in words."""

    wording: str
    students: list[str]
    sessions: list[str]


@dataclass
class SlotPlacements:
    slot: FlexSlot
    placements: list[Placement]
    # Sessions of the slot with their places and how many were placed in them.
    sessions: list[tuple[FlexSession, int]]


@dataclass
class RunReport:
    students: list[Student] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    rank_rows: list[tuple[str, int]] = field(default_factory=list)
    unplaced: list[tuple[Student, float, str]] = field(default_factory=list)
    conflicts: list[Named] = field(default_factory=list)
    violations: list[Named] = field(default_factory=list)
    comparison: list[tuple[str, str, str]] = field(default_factory=list)
    comparison_bars: list[tuple[str, float, str]] = field(default_factory=list)
    fairness: list[tuple[FlexWeek, float, float]] = field(default_factory=list)
    slots: list[SlotPlacements] = field(default_factory=list)
    all_sessions: list[FlexSession] = field(default_factory=list)


def run_report(run: AllocationRun) -> RunReport:
    """Everything the run's page shows, with names of students and titles of sessions."""
    report = RunReport()
    data = run.report or {}
    wanted = _ids_in_report(data)
    placements = list(
        run.placements.select_related(
            "student__user", "student__school", "session", "slot"
        ).order_by("slot__weekday", "slot__start_time", "student__user__last_name", "pk")
    )
    students = {p.student_id: p.student for p in placements}
    missing = wanted["students"] - set(students)
    students |= {
        s.pk: s for s in Student.objects.filter(pk__in=missing).select_related("user", "school")
    }
    sessions = {
        s.pk: s
        for s in FlexSession.objects.filter(slot__school_id=run.week.school_id)
        .filter(Q(pk__in=wanted["sessions"]) | Q(placements__run=run))
        .distinct()
        .select_related("slot", "teacher")
    }
    report.students = sorted(students.values(), key=lambda s: s.pk)
    report.conflicts = [
        _named(c, c["students"], c["sessions"], students, sessions)
        for c in data.get("conflicts", [])
    ]
    report.violations = [
        _named(
            v,
            [v["student"]] if v["student"] else [],
            [v["session"]] if v["session"] else [],
            students,
            sessions,
        )
        for v in data.get("violations", [])
    ]
    report.summary = data.get("summary", {})
    report.rank_rows = _rank_rows(report.summary.get("rank_profile", {}))
    report.unplaced = [
        (students[u["student"]], u["hours_short"], str(UNPLACED_REASONS.get(u["reason"], "")))
        for u in data.get("unplaced", [])
        if u["student"] in students
    ]
    report.comparison, report.comparison_bars = _comparison(data.get("comparison", {}))
    report.fairness = [
        (
            earlier.week,
            earlier.report.get("summary", {}).get("first_choice_share", 0.0),
            earlier.report.get("summary", {}).get("worst_regret", 0),
        )
        for earlier in published_history(run.week)
    ]
    if run.state == RunState.DONE:
        report.slots, report.all_sessions = _slots(run, placements)
    return report


def _ids_in_report(data: Mapping) -> dict[str, set[int]]:
    students: set[int] = set()
    sessions: set[int] = set()
    for conflict in data.get("conflicts", []):
        students.update(conflict["students"])
        sessions.update(conflict["sessions"])
    for violation in data.get("violations", []):
        if violation["student"]:
            students.add(violation["student"])
        if violation["session"]:
            sessions.add(violation["session"])
    students.update(u["student"] for u in data.get("unplaced", []))
    return {"students": students, "sessions": sessions}


def _named(item, student_ids, session_ids, students, sessions) -> Named:
    return Named(
        wording=constraint_wording(item["constraint"]),
        students=[students[s].user.get_full_name() for s in student_ids if s in students],
        sessions=[sessions[s].title for s in session_ids if s in sessions],
    )


def _rank_rows(profile: Mapping[str, int]) -> list[tuple[str, int]]:
    rows = []
    for rank, count in sorted(profile.items(), key=lambda item: int(item[0])):
        if int(rank) <= 5:
            rows.append((_("choice %(rank)s") % {"rank": rank}, count))
        else:
            rows.append((_("not chosen"), count))
    return rows


def _comparison(data: Mapping) -> tuple[list[tuple[str, str, str]], list[tuple[str, float, str]]]:
    ours, theirs = data.get("allocation", {}), data.get("first come", {})
    rows, bars = [], []
    for key, label in COMPARISON_LABELS.items():
        if key not in ours or key not in theirs:
            continue
        if key in PERCENT_FIGURES:
            rows.append((str(label), f"{ours[key]:.0%}", f"{theirs[key]:.0%}"))
            bars.append(
                (_("%(figure)s, allocation") % {"figure": label}, ours[key], f"{ours[key]:.0%}")
            )
            bars.append(
                (_("%(figure)s, first come") % {"figure": label}, theirs[key], f"{theirs[key]:.0%}")
            )
        else:
            rows.append((str(label), f"{ours[key]:g}", f"{theirs[key]:g}"))
    return rows, bars


def _slots(run: AllocationRun, placements: list[Placement]):
    counts = session_counts(run)
    offered = list(sessions_in_week(run.week))
    by_slot: dict[int, list[FlexSession]] = defaultdict(list)
    for session in offered:
        by_slot[session.slot_id].append(session)
    slots = []
    for slot in {s.slot_id: s.slot for s in offered}.values():
        slots.append(
            SlotPlacements(
                slot=slot,
                placements=[p for p in placements if p.slot_id == slot.pk],
                sessions=[(s, counts.get(s.pk, 0)) for s in by_slot[slot.pk]],
            )
        )
    return slots, offered
