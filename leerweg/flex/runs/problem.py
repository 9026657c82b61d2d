"""The allocation problem of a flex week, built from the database for the allocator."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from leerweg.flex.allocator import Instance, SessionSpec, StudentSpec, carry_over_weights
from leerweg.flex.models import (
    FlexChoice,
    FlexSession,
    FlexSlot,
    FlexWeek,
    MandatoryAssignment,
    StudentOutcome,
)
from leerweg.flex.selectors import (
    flex_settings_of,
    is_eligible,
    sessions_in_week,
    slots_in_week,
    student_facts,
)
from leerweg.schools.models import Student


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
    - Hours: what the student asked for — the flex hours they ranked sessions
      in plus those they must attend — but at least the school's minimum and
      at most its maximum, and never more than the slots of the week (a
      holiday week has fewer). The allocator places exactly that many, so a
      student who chose two flex hours gets two, and one who chose none gets
      the minimum.
    - Weights: ``carry_over_weights`` over the published runs of earlier weeks
      of the school year, oldest first.
    """
    slots = {slot.pk: slot for slot in slots_in_week(week)}
    sessions = {session.pk: session for session in sessions_in_week(week, slots.values())}
    students = _students_of(week)
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
    asked = _hours_asked(choices, mandatory, sessions)
    instance = Instance(
        students=[
            StudentSpec(
                id=student_id,
                min_hours=min(
                    max(asked.get(student_id, 0), settings.min_per_week),
                    settings.max_per_week,
                    len(slots),
                ),
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


def _hours_asked(
    choices: Mapping[tuple[int, int], list[int]],
    mandatory: set[tuple[int, int]],
    sessions: Mapping[int, FlexSession],
) -> dict[int, int]:
    """Per student: the flex hours they ranked sessions in or must attend, each slot once."""
    slots: dict[int, set[int]] = defaultdict(set)
    for student_id, slot_id in choices:
        slots[student_id].add(slot_id)
    for student_id, session_id in mandatory:
        slots[student_id].add(sessions[session_id].slot_id)
    return {student_id: len(taken) for student_id, taken in slots.items()}


def allocation_instance(week: FlexWeek) -> Instance:
    """The allocator's ``Instance`` for ``week`` (see ``week_problem``)."""
    return week_problem(week).instance


def _students_of(week: FlexWeek) -> dict[int, Student]:
    return {
        student.pk: student
        for student in Student.objects.filter(school_id=week.school_id)
        .filter(
            Q(memberships__group__school_year_id=week.school_year_id) | Q(flex_mandatory__week=week)
        )
        .distinct()
        .select_related("user", "school")
        .order_by("user__last_name", "user__first_name", "pk")
    }


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
