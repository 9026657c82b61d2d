"""Reads for published flex weeks: schedules, rosters, attendance and absences.

A week is published when one of its allocation runs has ``published_at`` set
(at most one has); its placements are then the week's flex schedule. Weeks
without a published run have no schedule, whatever their state says.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Value
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.flex.models import (
    AllocationRun,
    Attendance,
    AttendanceStatus,
    FlexChoice,
    FlexSession,
    FlexWeek,
    MandatoryAssignment,
    Placement,
)
from leerweg.flex.selectors import monday_of, slots_in_week
from leerweg.schools.models import GroupMembership, School, Student

# The student's page shows this week and the next ones.
SCHEDULE_WEEKS = 6
# Statuses a mentor is shown: absent without a reason, and late.
NOTEWORTHY = (AttendanceStatus.ABSENT, AttendanceStatus.LATE)


def published_run_of(week: FlexWeek) -> AllocationRun | None:
    return AllocationRun.objects.filter(week=week, published_at__isnull=False).first()


def published_placements() -> QuerySet[Placement]:
    """Placements of published runs, with what a schedule line shows."""
    return Placement.objects.filter(run__published_at__isnull=False).select_related(
        "run__week", "slot", "session__teacher", "attendance"
    )


def session_takes_place_in(session: FlexSession, week: FlexWeek) -> bool:
    """The session is offered in ``week``: its slot takes place then, and it is not a
    one-off session of another week."""
    if session.week_id not in (None, week.pk):
        return False
    return any(slot.pk == session.slot_id for slot in slots_in_week(week))


def slot_date(placement: Placement) -> date:
    return placement.slot.date_in(placement.run.week.monday)


def attendance_open(session: FlexSession, week: FlexWeek, today: date | None = None) -> bool:
    """Attendance may be taken from the day of the session on (and corrected later)."""
    return session.slot.date_in(week.monday) <= (today or timezone.localdate())


@dataclass
class ScheduleWeek:
    """One week on a student's schedule: placements once published, else their choices."""

    week: FlexWeek
    published: bool
    placements: list[Placement] = field(default_factory=list)
    choices: list[FlexChoice] = field(default_factory=list)


def student_schedule(student: Student, today: date | None = None) -> list[ScheduleWeek]:
    """This week and the next ones, in four queries whatever the number of weeks."""
    first = monday_of(today or timezone.localdate())
    weeks = list(
        FlexWeek.objects.filter(
            school_id=student.school_id,
            monday__gte=first,
            monday__lt=first + timedelta(weeks=SCHEDULE_WEEKS),
        ).order_by("monday")
    )
    placements = list(
        published_placements()
        .filter(student=student, run__week__in=weeks)
        .order_by("slot__weekday", "slot__start_time")
    )
    reasons = {
        (week_id, slot_id): reason
        for week_id, slot_id, reason in MandatoryAssignment.objects.filter(
            student=student, week__in=weeks
        ).values_list("week_id", "slot_id", "reason")
    }
    published = {p.run.week_id for p in placements} | set(
        AllocationRun.objects.filter(week__in=weeks, published_at__isnull=False).values_list(
            "week_id", flat=True
        )
    )
    choices = list(
        FlexChoice.objects.filter(student=student, week__in=weeks)
        .exclude(week_id__in=published)
        .select_related("session", "slot")
        .order_by("slot__weekday", "slot__start_time", "rank")
    )
    for placement in placements:
        placement.day = slot_date(placement)  # type: ignore[attr-defined]
        placement.reason = reasons.get(  # type: ignore[attr-defined]
            (placement.run.week_id, placement.slot_id), ""
        )
    return [
        ScheduleWeek(
            week=week,
            published=week.pk in published,
            placements=[p for p in placements if p.run.week_id == week.pk],
            choices=[c for c in choices if c.week_id == week.pk],
        )
        for week in weeks
    ]


def group_names(students: Iterable[Student], week: FlexWeek) -> dict[int, str]:
    """The names of each student's groups in the week's school year, comma-separated."""
    names: dict[int, list[str]] = defaultdict(list)
    for student_id, name in (
        GroupMembership.objects.filter(
            student__in=list(students), group__school_year_id=week.school_year_id
        )
        .order_by("group__name")
        .values_list("student_id", "group__name")
    ):
        names[student_id].append(name)
    return {student_id: ", ".join(found) for student_id, found in names.items()}


def roster(run: AllocationRun, session: FlexSession) -> list[Placement]:
    """The students placed in ``session`` by ``run``, by name, each with ``group`` set."""
    placements = list(
        Placement.objects.filter(run=run, session=session)
        .select_related("student__user", "student__school", "slot", "attendance")
        .order_by("student__user__last_name", "student__user__first_name", "pk")
    )
    groups = group_names([p.student for p in placements], run.week)
    for placement in placements:
        placement.group = groups.get(placement.student_id, "")  # type: ignore[attr-defined]
    return placements


def teacher_sessions(user: User, school: School, week: FlexWeek) -> QuerySet[FlexSession]:
    """The sessions ``user`` teaches in ``week``, with how many students were placed."""
    run = published_run_of(week)
    return (
        FlexSession.objects.filter(
            teacher=user,
            slot__school=school,
            slot_id__in=[slot.pk for slot in slots_in_week(week)],
        )
        .filter(Q(week__isnull=True) | Q(week=week))
        .select_related("slot", "teacher")
        .annotate(
            placed=Count("placements", filter=Q(placements__run=run))
            if run is not None
            else Value(0)
        )
        .order_by("slot__weekday", "slot__start_time", "title")
    )


def week_placements(run: AllocationRun) -> QuerySet[Placement]:
    """Every placement of a run, for the export: by day, time, session and name."""
    return (
        Placement.objects.filter(run=run)
        .select_related("run__week", "slot", "session__teacher", "student__user", "attendance")
        .order_by(
            "slot__weekday",
            "slot__start_time",
            "session__title",
            "student__user__last_name",
            "student__user__first_name",
        )
    )


def absences_of(students: Iterable[Student], since: date, until: date) -> QuerySet[Attendance]:
    """Absences without a reason and late arrivals of ``students`` in published weeks."""
    return (
        Attendance.objects.filter(
            placement__student__in=list(students),
            placement__run__published_at__isnull=False,
            placement__run__week__monday__gte=monday_of(since),
            placement__run__week__monday__lte=until,
            status__in=NOTEWORTHY,
        )
        .select_related(
            "placement__student__user",
            "placement__student__school",
            "placement__run__week",
            "placement__slot",
            "placement__session__teacher",
        )
        .order_by(
            "-placement__run__week__monday",
            "-placement__slot__weekday",
            "placement__student__user__last_name",
        )
    )


def absence_counts(students: Iterable[Student], since: date, until: date) -> dict[int, int]:
    """For each student with any: how many absences without a reason and late arrivals."""
    return dict(
        absences_of(students, since, until)
        .order_by()
        .values_list("placement__student_id")
        .annotate(count=Count("pk"))
        .values_list("placement__student_id", "count")
    )


def week_of_school(school_id: int, iso_year: int, iso_week: int) -> FlexWeek | None:
    """The school's flex week with that ISO number; ``None`` when there is none."""
    try:
        monday = date.fromisocalendar(iso_year, iso_week, 1)
    except ValueError:
        return None
    return (
        FlexWeek.objects.filter(school_id=school_id, monday=monday)
        .select_related("school_year")
        .first()
    )
