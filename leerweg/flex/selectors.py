"""Reads for flex hours: settings, weeks, what is offered in a week, who may take what."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from leerweg.flex.models import (
    AllocationRun,
    AttendanceStatus,
    FlexChoice,
    FlexSession,
    FlexSettings,
    FlexSlot,
    FlexSlotException,
    FlexWeek,
    MandatoryAssignment,
    Placement,
    WeekState,
)
from leerweg.paths.models import Evidence, GoalStatus, OwnGoal
from leerweg.schools.models import GroupMembership, School, SchoolYear, Student


def flex_settings_of(school: School) -> FlexSettings:
    """The school's settings; unsaved defaults (flex hours off) when it never chose."""
    found = FlexSettings.objects.filter(school=school).first()
    return found or FlexSettings(school=school, enabled=False)


def flex_enabled_at(school_id: int) -> bool:
    return FlexSettings.objects.filter(school_id=school_id, enabled=True).exists()


def week_monday(iso_year: int, iso_week: int) -> date:
    """The Monday of an ISO week; ``ValueError`` for a week that does not exist."""
    return date.fromisocalendar(iso_year, iso_week, 1)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def deadline_for(settings: FlexSettings, monday: date) -> datetime:
    """When choosing closes for the week that starts on ``monday``, in local time."""
    first_day = monday - timedelta(days=7) if settings.deadline_in_week_before else monday
    day = first_day + timedelta(days=settings.deadline_weekday - 1)
    at = settings.deadline_time
    if isinstance(at, str):
        at = time.fromisoformat(at)
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def school_year_of(school: School, day: date) -> SchoolYear | None:
    return SchoolYear.objects.filter(school=school, start_date__lte=day, end_date__gte=day).first()


def is_open(week: FlexWeek, now: datetime | None = None) -> bool:
    """Choices may be changed: the week is open and its deadline has not passed."""
    now = now or timezone.now()
    return week.state == WeekState.OPEN and now < week.deadline


def slots_of(school_year: SchoolYear) -> QuerySet[FlexSlot]:
    return FlexSlot.objects.filter(school_year=school_year).prefetch_related(
        Prefetch("exceptions", queryset=FlexSlotException.objects.order_by("date"))
    )


def slots_in_week(week: FlexWeek) -> list[FlexSlot]:
    """The slots that take place in ``week``: inside the school year, not called off."""
    slots = []
    for slot in FlexSlot.objects.filter(school_year_id=week.school_year_id).prefetch_related(
        "exceptions"
    ):
        day = slot.date_in(week.monday)
        called_off = any(exception.date == day for exception in slot.exceptions.all())
        in_year = week.school_year.start_date <= day <= week.school_year.end_date
        if in_year and not called_off:
            slots.append(slot)
    return slots


def sessions_in_week(week: FlexWeek, slots: Iterable[FlexSlot] | None = None) -> QuerySet:
    """The sessions offered in ``week``, with everything the eligibility rules read."""
    slot_ids = [slot.pk for slot in (slots if slots is not None else slots_in_week(week))]
    return (
        FlexSession.objects.filter(slot_id__in=slot_ids)
        .filter(Q(week__isnull=True) | Q(week=week))
        .select_related("slot", "teacher", "week")
        .prefetch_related("groups", "prerequisite_goals", "prerequisite_sessions", "goals")
        .order_by("slot__weekday", "slot__start_time", "title")
    )


def upcoming_weeks(school: School, today: date | None = None, count: int = 6) -> list[date]:
    """Mondays of this week and the next ``count - 1`` weeks that lie in a school year."""
    today = today or timezone.localdate()
    first = monday_of(today)
    mondays = [first + timedelta(weeks=n) for n in range(count)]
    years = list(SchoolYear.objects.filter(school=school, end_date__gte=first))
    return [
        monday
        for monday in mondays
        if any(y.start_date <= monday + timedelta(days=6) and monday <= y.end_date for y in years)
    ]


@dataclass(frozen=True)
class StudentFacts:
    """What the eligibility rules need to know about one student in one school year."""

    year_levels: frozenset[int] = frozenset()
    levels: frozenset[str] = frozenset()
    group_ids: frozenset[int] = frozenset()
    goals_worked_on: frozenset[int] = frozenset()
    sessions_attended: frozenset[int] = frozenset()


def student_facts(students: Iterable[Student], week: FlexWeek) -> dict[int, StudentFacts]:
    """Facts for many students at once, in three queries whatever their number.

    - Groups, years and levels: the student's groups in the week's school year.
    - A learning goal counts as worked on when the student has at least one
      piece of evidence linked to it (``paths.Evidence.curriculum_goals``).
      Evidence is what a student shows for a goal; progress judgements live in
      an app above flex and are not needed to decide who may join a session.
    - A session counts as attended when the student was placed in it in the
      published allocation of an earlier week, unless the teacher recorded
      them absent (with or without a reason: either way they missed it).
      Present, late and not yet recorded count. In an earlier week that was
      never published, having had to attend it (mandatory instruction) counts,
      as nothing else tells; once a week is published, its placements decide.
    """
    ids = [student.pk for student in students]
    groups: dict[int, list[tuple[int, int | None, str]]] = defaultdict(list)
    for student_id, group_id, year_level, level in GroupMembership.objects.filter(
        student_id__in=ids, group__school_year_id=week.school_year_id
    ).values_list("student_id", "group_id", "group__year_level", "group__level"):
        groups[student_id].append((group_id, year_level, level))
    goals: dict[int, set[int]] = defaultdict(set)
    for student_id, goal_id in Evidence.curriculum_goals.through.objects.filter(
        evidence__student_id__in=ids
    ).values_list("evidence__student_id", "curriculumgoal_id"):
        goals[student_id].add(goal_id)
    attended: dict[int, set[int]] = defaultdict(set)
    published = AllocationRun.objects.filter(week=OuterRef("week"), published_at__isnull=False)
    placed = (
        Placement.objects.filter(
            student_id__in=ids,
            run__published_at__isnull=False,
            run__week__school_id=week.school_id,
            run__week__monday__lt=week.monday,
        )
        .exclude(attendance__status__in=[AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED])
        .order_by()
        .values_list("student_id", "session_id")
    )
    required = (
        MandatoryAssignment.objects.filter(student_id__in=ids, week__monday__lt=week.monday)
        .exclude(Exists(published))
        .order_by()
        .values_list("student_id", "session_id")
    )
    for student_id, session_id in placed.union(required):
        attended[student_id].add(session_id)
    return {
        student_id: StudentFacts(
            year_levels=frozenset(y for _g, y, _l in groups[student_id] if y is not None),
            levels=frozenset(level.strip().lower() for _g, _y, level in groups[student_id]),
            group_ids=frozenset(g for g, _y, _l in groups[student_id]),
            goals_worked_on=frozenset(goals[student_id]),
            sessions_attended=frozenset(attended[student_id]),
        )
        for student_id in ids
    }


def is_eligible(session: FlexSession, facts: StudentFacts) -> bool:
    """May a student with ``facts`` choose ``session``? Reads prefetched relations only.

    The audience has three parts — years, levels, groups — and an empty part
    lets everybody through. A student must match every part that is filled in
    (one of its years *and* one of its levels *and* one of its groups), so
    "year 4" plus "havo" means year-4 havo students. On top of that the
    student must have worked on every prerequisite learning goal and attended
    every prerequisite session (see ``student_facts``).
    """
    if session.year_levels and not facts.year_levels.intersection(session.year_levels):
        return False
    levels = {level.strip().lower() for level in session.levels}
    if levels and not facts.levels.intersection(levels):
        return False
    group_ids = {group.pk for group in session.groups.all()}
    if group_ids and not facts.group_ids.intersection(group_ids):
        return False
    if any(goal.pk not in facts.goals_worked_on for goal in session.prerequisite_goals.all()):
        return False
    return all(
        earlier.pk in facts.sessions_attended for earlier in session.prerequisite_sessions.all()
    )


def eligible_sessions(
    students: Iterable[Student], week: FlexWeek, sessions: Iterable[FlexSession]
) -> dict[int, set[int]]:
    """For each student: the ids of the sessions among ``sessions`` they may choose."""
    students = list(students)
    sessions = list(sessions)
    facts = student_facts(students, week)
    return {
        student.pk: {s.pk for s in sessions if is_eligible(s, facts[student.pk])}
        for student in students
    }


def choices_of(student: Student, week: FlexWeek) -> QuerySet[FlexChoice]:
    return (
        FlexChoice.objects.filter(student=student, week=week)
        .select_related("session", "slot", "own_goal")
        .order_by("slot__weekday", "slot__start_time", "rank")
    )


def mandatory_of(student: Student, week: FlexWeek) -> QuerySet[MandatoryAssignment]:
    return MandatoryAssignment.objects.filter(student=student, week=week).select_related(
        "session__teacher", "slot", "set_by"
    )


def mandatory_for_session(session: FlexSession) -> QuerySet[MandatoryAssignment]:
    """Who must attend the session, in this week and later ones."""
    return (
        MandatoryAssignment.objects.filter(
            session=session, week__monday__gte=monday_of(timezone.localdate())
        )
        .select_related("student__user", "student__school", "week", "set_by")
        .order_by("week__monday", "student__user__last_name", "student__user__first_name")
    )


def active_goals_of(student: Student) -> QuerySet[OwnGoal]:
    """The own goals a student can tie a choice to: planned or being worked on."""
    return OwnGoal.objects.filter(
        student=student, status__in=[GoalStatus.PLANNED, GoalStatus.ACTIVE]
    ).order_by("title")


def choices_with_goals(students: Iterable[Student], since: date) -> QuerySet[FlexChoice]:
    """Choices of ``students`` tied to one of their own goals, from the week of ``since`` on."""
    return (
        FlexChoice.objects.filter(
            student__in=list(students), own_goal__isnull=False, week__monday__gte=monday_of(since)
        )
        .select_related("student__user", "student__school", "week", "slot", "session", "own_goal")
        .order_by("week__monday", "student__user__last_name", "slot__weekday", "rank")
    )


def sessions_of_school(school: School) -> QuerySet[FlexSession]:
    """Every session of the school in current school years, for prerequisite pickers."""
    return (
        FlexSession.objects.filter(
            slot__school=school, slot__school_year__end_date__gte=timezone.localdate()
        )
        .select_related("slot")
        .order_by("title")
    )


def sessions_with_demand(week: FlexWeek, slots: Iterable[FlexSlot]) -> QuerySet[FlexSession]:
    """The week's sessions with how many students want them and must attend them."""
    return sessions_in_week(week, slots).annotate(
        first_choices=Count(
            "choices", filter=Q(choices__week=week, choices__rank=1), distinct=True
        ),
        all_choices=Count("choices", filter=Q(choices__week=week), distinct=True),
        required=Count("mandatory", filter=Q(mandatory__week=week), distinct=True),
    )
