from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.flex import services
from leerweg.flex.models import (
    AllocationRun,
    FlexSession,
    FlexSettings,
    FlexSlot,
    FlexSlotException,
    FlexWeek,
    MandatoryAssignment,
    Placement,
    RunState,
)
from leerweg.flex.selectors import monday_of
from leerweg.schools.models import School, SchoolYear, Student


def open_monday() -> date:
    """The Monday two weeks ahead: with the default deadline (Friday before), still open."""
    return monday_of(timezone.localdate()) + timedelta(weeks=2)


@dataclass
class FlexSetUp:
    settings: FlexSettings
    tuesday: FlexSlot
    thursday: FlexSlot
    week: FlexWeek


def flex_set_up(school: School, *, min_per_week: int = 0, max_per_week: int = 2) -> FlexSetUp:
    """Flex hours on at ``school``: Tuesday and Thursday slots, and the open week."""
    settings = services.flex_settings_set(
        school=school,
        enabled=True,
        min_per_week=min_per_week,
        max_per_week=max_per_week,
        deadline_weekday=5,
        deadline_time=time(16, 0),
        deadline_in_week_before=True,
    )
    year = SchoolYear.objects.filter(school=school).order_by("-end_date").first()
    assert year is not None
    tuesday = services.flex_slot_save(
        school_year=year,
        name="Flexuur 1",
        weekday=2,
        start_time=time(10, 30),
        end_time=time(11, 20),
    )
    thursday = services.flex_slot_save(
        school_year=year, name="Flexuur 2", weekday=4, start_time=time(13, 0), end_time=time(13, 50)
    )
    week = services.flex_week_ensure(school=school, monday=open_monday())
    return FlexSetUp(settings=settings, tuesday=tuesday, thursday=thursday, week=week)


def session_in(
    slot: FlexSlot, teacher: User, title: str = "Breuken oefenen", capacity: int = 20, **extra
) -> FlexSession:
    return services.flex_session_save(
        slot=slot, teacher=teacher, title=title, capacity=capacity, **extra
    )


def flex_url_arguments(school: School, teacher: User, student: Student) -> dict[str, object]:
    """URL arguments for tests/test_url_matrix.py: flex hours at ``school``, a session of
    ``teacher``, a day it is called off, and ``student`` required to attend it."""
    slot = FlexSlot.objects.filter(school=school).order_by("pk").first()
    if slot is None:
        set_up = flex_set_up(school)
        slot = set_up.tuesday
        first = session_in(slot, teacher)
        FlexSlotException.objects.create(
            slot=slot, date=slot.date_in(set_up.week.monday) + timedelta(weeks=1), reason="Toets"
        )
        MandatoryAssignment.objects.create(
            student=student,
            week=set_up.week,
            slot=slot,
            session=first,
            reason="Extra uitleg breuken",
            set_by=teacher,
        )
    session = FlexSession.objects.filter(slot=slot).order_by("pk").first()
    exception = FlexSlotException.objects.filter(slot=slot).first()
    assignment = MandatoryAssignment.objects.filter(session=session).first()
    assert session is not None and exception is not None and assignment is not None
    week = FlexWeek.objects.get(school=school, monday=open_monday())
    return {
        "slot_id": slot.pk,
        "exception_id": exception.pk,
        "session_id": session.public_id,
        "assignment_id": assignment.public_id,
        "year": week.iso_year,
        "week": week.iso_week,
    }


def published_week(
    week: FlexWeek, placements: list[tuple[Student, FlexSession, str, int | None]]
) -> AllocationRun:
    """A published allocation of ``week`` placing each (student, session, source, rank)."""
    run = AllocationRun.objects.create(
        week=week,
        state=RunState.DONE,
        objective="convex",
        seed=1,
        published_at=timezone.now(),
    )
    for student, session, source, rank in placements:
        Placement.objects.create(
            run=run, student=student, slot=session.slot, session=session, rank=rank, source=source
        )
    return run
