"""Writes for flex hours: the school's set-up, sessions, a student's choices, mandatory instruction.

Every rule a page states is checked here as well, so the API and scripts get
the same refusals: choices after the deadline, for a session the student may
not take, more than five per slot, one session twice, another school's data.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from leerweg.accounts.models import User
from leerweg.curriculum.models import CurriculumGoal
from leerweg.flex.models import (
    MAX_RANKS,
    FlexChoice,
    FlexSession,
    FlexSettings,
    FlexSlot,
    FlexSlotException,
    FlexWeek,
    MandatoryAssignment,
    WeekState,
)
from leerweg.flex.selectors import (
    deadline_for,
    eligible_sessions,
    flex_settings_of,
    is_open,
    monday_of,
    school_year_of,
    sessions_in_week,
    slots_in_week,
)
from leerweg.notifications.models import NotificationKind
from leerweg.notifications.services import notification_send
from leerweg.paths.models import GoalStatus, OwnGoal
from leerweg.schools.models import Group, School, SchoolYear, Student

Ranked = Sequence[tuple[FlexSession, OwnGoal | None]]


class FlexUnavailableError(Exception):
    """The school does not use flex hours, or the week lies outside its school years."""


@transaction.atomic
def flex_settings_set(
    *,
    school: School,
    enabled: bool,
    min_per_week: int,
    max_per_week: int,
    deadline_weekday: int,
    deadline_time: time,
    deadline_in_week_before: bool,
) -> FlexSettings:
    """Save the school's rules; open weeks whose deadline lies ahead get the new deadline."""
    settings = FlexSettings.objects.filter(school=school).first() or FlexSettings(school=school)
    settings.enabled = enabled
    settings.min_per_week = min_per_week
    settings.max_per_week = max_per_week
    settings.deadline_weekday = deadline_weekday
    settings.deadline_time = deadline_time
    settings.deadline_in_week_before = deadline_in_week_before
    if min_per_week > max_per_week:
        raise ValidationError({"min_per_week": _("The minimum cannot be more than the maximum.")})
    settings.full_clean()
    settings.save()
    now = timezone.now()
    for week in FlexWeek.objects.filter(school=school, state=WeekState.OPEN, deadline__gt=now):
        new_deadline = deadline_for(settings, week.monday)
        if new_deadline != week.deadline:
            week.deadline = new_deadline
            week.save(update_fields=["deadline", "updated_at"])
    return settings


@transaction.atomic
def flex_slot_save(
    *,
    school_year: SchoolYear,
    name: str,
    weekday: int,
    start_time: time,
    end_time: time,
    slot: FlexSlot | None = None,
) -> FlexSlot:
    if slot is not None and slot.school_year_id != school_year.pk:
        raise ValidationError(_("A flex slot stays in its school year."))
    slot = slot or FlexSlot(school_id=school_year.school_id, school_year=school_year)
    slot.name = name.strip()
    slot.weekday = weekday
    slot.start_time = start_time
    slot.end_time = end_time
    if start_time >= end_time:
        raise ValidationError({"end_time": _("The end must be after the start.")})
    slot.full_clean()
    slot.save()
    return slot


@transaction.atomic
def flex_slot_exception_add(*, slot: FlexSlot, day: date, reason: str) -> FlexSlotException:
    """Call a slot off on ``day``, which must be the slot's weekday in its school year."""
    year = slot.school_year
    if day.isoweekday() != slot.weekday:
        raise ValidationError(
            {"date": _("This flex hour is on %(day)s.") % {"day": slot.get_weekday_display()}}
        )
    if not year.start_date <= day <= year.end_date:
        raise ValidationError(
            {"date": _("Choose a date in school year %(year)s.") % {"year": year}}
        )
    if FlexSlotException.objects.filter(slot=slot, date=day).exists():
        raise ValidationError({"date": _("This flex hour is already called off on that date.")})
    exception = FlexSlotException(slot=slot, date=day, reason=reason.strip())
    exception.full_clean()
    exception.save()
    return exception


def flex_slot_exception_remove(*, exception: FlexSlotException) -> None:
    exception.delete()


@transaction.atomic
def flex_week_ensure(*, school: School, monday: date) -> FlexWeek:
    """The school's flex week starting on ``monday``, made on first use.

    Refused (``FlexUnavailableError``) when the school does not use flex hours
    or no school year of the school covers the week.
    """
    monday = monday_of(monday)
    week = FlexWeek.objects.filter(school=school, monday=monday).first()
    if week is not None:
        return week
    settings = flex_settings_of(school)
    if not settings.enabled:
        raise FlexUnavailableError
    # A school year may start or end mid-week (1 August): any school day counts.
    year = school_year_of(school, monday) or school_year_of(school, monday + timedelta(days=4))
    if year is None:
        raise FlexUnavailableError
    iso_year, iso_week, _day = monday.isocalendar()
    week, _created = FlexWeek.objects.get_or_create(
        school=school,
        monday=monday,
        defaults={
            "school_year": year,
            "iso_year": iso_year,
            "iso_week": iso_week,
            "deadline": deadline_for(settings, monday),
        },
    )
    return week


def _same_school(school: School, items: Iterable[object], attribute: str = "school_id") -> bool:
    return all(getattr(item, attribute) == school.pk for item in items)


@transaction.atomic
def flex_session_save(
    *,
    slot: FlexSlot,
    teacher: User,
    title: str,
    capacity: int,
    week: FlexWeek | None = None,
    description: str = "",
    room: str = "",
    year_levels: Sequence[int] = (),
    levels: Sequence[str] = (),
    groups: Sequence[Group] = (),
    prerequisite_goals: Sequence[CurriculumGoal] = (),
    prerequisite_sessions: Sequence[FlexSession] = (),
    goals: Sequence[CurriculumGoal] = (),
    session: FlexSession | None = None,
) -> FlexSession:
    """Create or change a session; every linked row must belong to the slot's school."""
    school = slot.school
    if week is not None and week.school_year_id != slot.school_year_id:
        raise ValidationError({"week": _("Choose a week in the school year of the flex slot.")})
    if not _same_school(school, [*groups, *prerequisite_goals, *goals]):
        raise ValidationError(_("Groups and learning goals must be of your own school."))
    if not _same_school(school, [s.slot for s in prerequisite_sessions]):
        raise ValidationError(_("Earlier sessions must be of your own school."))
    if session is not None and any(s.pk == session.pk for s in prerequisite_sessions):
        raise ValidationError(
            {"prerequisite_sessions": _("A session cannot be its own prerequisite.")}
        )
    session = session or FlexSession()
    session.slot = slot
    session.week = week
    session.teacher = teacher
    session.title = title.strip()
    session.description = description.strip()
    session.room = room.strip()
    session.capacity = capacity
    session.year_levels = sorted({int(level) for level in year_levels})
    session.levels = sorted({level.strip().lower() for level in levels if level.strip()})
    session.full_clean()
    session.save()
    session.groups.set(groups)
    session.prerequisite_goals.set(prerequisite_goals)
    session.prerequisite_sessions.set(prerequisite_sessions)
    session.goals.set(goals)
    return session


def _refuse_unless_open(week: FlexWeek, now: datetime | None) -> None:
    if not is_open(week, now):
        raise ValidationError(
            _("Choosing for this week closed on %(deadline)s. Your choices are locked.")
            % {"deadline": timezone.localtime(week.deadline).strftime("%d-%m-%Y %H:%M")}
        )


def _check_slot(
    slot_id: int,
    ranked: Ranked,
    *,
    student: Student,
    offered: dict[int, FlexSession],
    eligible: set[int],
    mandatory_slots: set[int],
) -> None:
    if slot_id in mandatory_slots:
        raise ValidationError(_("You must attend a session in this flex hour; you cannot choose."))
    if len(ranked) > MAX_RANKS:
        raise ValidationError(
            _("Choose at most %(count)d sessions per flex hour.") % {"count": MAX_RANKS}
        )
    seen: set[int] = set()
    for session, own_goal in ranked:
        if session.pk not in offered or offered[session.pk].slot_id != slot_id:
            raise ValidationError(
                _("“%(title)s” is not offered in this flex hour.") % {"title": session.title}
            )
        if session.pk not in eligible:
            raise ValidationError(
                _(
                    "You cannot choose “%(title)s”: it is meant for other students, "
                    "or asks for something you have not done yet."
                )
                % {"title": session.title}
            )
        if session.pk in seen:
            raise ValidationError(
                _("You chose “%(title)s” more than once.") % {"title": session.title}
            )
        seen.add(session.pk)
        if own_goal is not None and (
            own_goal.student_id != student.pk
            or own_goal.status not in (GoalStatus.PLANNED, GoalStatus.ACTIVE)
        ):
            raise ValidationError(_("Tie a choice only to one of your own current goals."))


@transaction.atomic
def flex_choices_save(
    *,
    student: Student,
    week: FlexWeek,
    ranked: Mapping[int, Ranked],
    now: datetime | None = None,
) -> list[FlexChoice]:
    """Replace the student's choices for ``week``: per slot id, sessions in order of preference.

    Refused as a whole (nothing stored) when the week is another school's or
    closed, a slot holds more than five sessions or one session twice, a
    session is not offered in that slot or not open to the student, a goal is
    not the student's own, or the number of flex hours falls outside the
    school's minimum and maximum. Mandatory sessions count as flex hours.
    """
    if week.school_id != student.school_id:
        raise ValidationError(_("This week is not of your school."))
    _refuse_unless_open(week, now)
    slots = slots_in_week(week)
    offered = {session.pk: session for session in sessions_in_week(week, slots)}
    eligible = eligible_sessions([student], week, offered.values())[student.pk]
    mandatory_slots = set(
        MandatoryAssignment.objects.filter(student=student, week=week).values_list(
            "slot_id", flat=True
        )
    )
    chosen = {slot_id: list(items) for slot_id, items in ranked.items() if items}
    for slot_id, items in chosen.items():
        _check_slot(
            slot_id,
            items,
            student=student,
            offered=offered,
            eligible=eligible,
            mandatory_slots=mandatory_slots,
        )
    _check_hours(
        student,
        week,
        hours=len(chosen) + len(mandatory_slots),
        available=len({s.slot_id for s in offered.values() if s.pk in eligible} | mandatory_slots),
    )
    FlexChoice.objects.filter(student=student, week=week).delete()
    return FlexChoice.objects.bulk_create(
        FlexChoice(
            student=student,
            week=week,
            slot_id=slot_id,
            session=session,
            rank=rank,
            own_goal=own_goal,
        )
        for slot_id, items in chosen.items()
        for rank, (session, own_goal) in enumerate(items, start=1)
    )


def _check_hours(student: Student, week: FlexWeek, *, hours: int, available: int) -> None:
    settings = flex_settings_of(student.school)
    if hours > settings.max_per_week:
        raise ValidationError(
            _("You may take at most %(count)d flex hours this week; you chose %(chosen)d.")
            % {"count": settings.max_per_week, "chosen": hours}
        )
    # A student cannot be asked for more hours than there are sessions open to them.
    needed = min(settings.min_per_week, available)
    if hours < needed:
        raise ValidationError(
            _("Choose at least %(count)d flex hours this week; you chose %(chosen)d.")
            % {"count": needed, "chosen": hours}
        )


@transaction.atomic
def mandatory_assign(
    *, student: Student, session: FlexSession, week: FlexWeek, reason: str, set_by: User
) -> MandatoryAssignment:
    """Require ``student`` to attend ``session`` in ``week``; their choices in that slot go.

    The audience and prerequisites do not apply: extra instruction is for the
    students who need it. Refused when the session does not take place that
    week, the week is already allocated, the student already must be
    somewhere else in that slot, or the session is full with mandatory students.
    """
    if not (student.school_id == week.school_id == session.slot.school_id):
        raise ValidationError(_("The student, the session and the week must be of one school."))
    if week.state in (WeekState.ALLOCATED, WeekState.PUBLISHED):
        raise ValidationError(_("This week has already been allocated."))
    if not sessions_in_week(week).filter(pk=session.pk).exists():
        raise ValidationError({"week": _("This session does not take place in that week.")})
    if MandatoryAssignment.objects.filter(student=student, week=week, slot=session.slot).exists():
        raise ValidationError(
            _("%(name)s already must attend a session in this flex hour that week.")
            % {"name": student.user.get_full_name()}
        )
    if MandatoryAssignment.objects.filter(session=session, week=week).count() >= session.capacity:
        raise ValidationError(_("This session is full with students who must attend it."))
    assignment = MandatoryAssignment(
        student=student,
        week=week,
        slot=session.slot,
        session=session,
        reason=reason.strip(),
        set_by=set_by,
    )
    assignment.full_clean()
    assignment.save()
    FlexChoice.objects.filter(student=student, week=week, slot=session.slot).delete()
    transaction.on_commit(lambda: _notify_mandatory(assignment))
    return assignment


def _notify_mandatory(assignment: MandatoryAssignment) -> None:
    student = assignment.student
    notification_send(
        recipient=student.user,
        kind=NotificationKind.OTHER,
        title=gettext_noop("You must attend “%(title)s” in week %(week)s"),
        params={"title": assignment.session.title, "week": assignment.week.iso_week},
        link=reverse(
            "flex:choose",
            args=[student.public_id, assignment.week.iso_year, assignment.week.iso_week],
        ),
    )


def mandatory_remove(*, assignment: MandatoryAssignment) -> None:
    if assignment.week.state in (WeekState.ALLOCATED, WeekState.PUBLISHED):
        raise ValidationError(_("This week has already been allocated."))
    assignment.delete()
