"""Flex hours for the demo secondary school: two weekly flex hours, eight sessions, choices.

Made once: a school that already has flex settings is left alone, so the
command can run again on a demo that was loaded before flex hours existed.
The demo student ranks sessions for the next open week and is required to
attend one instruction, so every flex page has something to show.
"""

import random
from datetime import date, time, timedelta

from django.db import transaction

from leerweg.accounts.models import User
from leerweg.curriculum.models import CurriculumGoal
from leerweg.demo.blueprint import SECONDARY
from leerweg.demo.logins import DemoUsername
from leerweg.flex import services
from leerweg.flex.models import FlexSettings, FlexWeek
from leerweg.flex.selectors import (
    eligible_sessions,
    is_open,
    monday_of,
    sessions_in_week,
    slots_in_week,
)
from leerweg.schools.models import Board, School, SchoolYear, StaffMembership, StaffRole, Student

SEED = 20261203
CHOOSING_STUDENTS = 40

# (title, description, room, capacity, slot index, years, levels)
SESSIONS: tuple[tuple[str, str, str, int, int, list[int], list[str]], ...] = (
    (
        "Extra instructie wiskunde",
        "Uitleg en oefenen met breuken, procenten en verhoudingen.",
        "B12",
        12,
        0,
        [],
        [],
    ),
    (
        "Schrijfwerkplaats",
        "Werk aan je profielwerkstuk of betoog met feedback van de docent.",
        "Mediatheek",
        20,
        0,
        [4, 5, 6],
        [],
    ),
    ("Debatclub", "Oefen met argumenteren en spreken voor een groep.", "A04", 16, 0, [], []),
    ("Stilte-studieruimte", "Rustig zelfstandig werken aan je planning.", "Aula", 60, 0, [], []),
    ("Engels spreken", "Gesprekken oefenen in kleine groepjes.", "C21", 14, 1, [], []),
    ("Programmeren in Python", "Bouw in vier weken een klein spel.", "Lab 2", 18, 1, [], []),
    ("Examentraining havo", "Oude examens oefenen met uitleg.", "B14", 24, 1, [5], ["havo"]),
    ("Kunstatelier", "Tekenen, schilderen en ruimtelijk werk.", "Atelier", 15, 1, [], []),
)


def flex_demo_create(*, board: Board, today: date) -> None:
    """Give the board's secondary school flex hours, unless it has them already."""
    school = School.objects.filter(board=board, brin=SECONDARY.brin).first()
    if school is None or FlexSettings.objects.filter(school=school).exists():
        return
    year = SchoolYear.objects.filter(
        school=school, start_date__lte=today, end_date__gte=today
    ).first()
    if year is None:
        return
    with transaction.atomic():
        _set_up(school, year, today)


def _set_up(school: School, year: SchoolYear, today: date) -> None:
    services.flex_settings_set(
        school=school,
        enabled=True,
        min_per_week=1,
        max_per_week=2,
        deadline_weekday=5,
        deadline_time=time(16, 0),
        deadline_in_week_before=True,
    )
    slots = [
        services.flex_slot_save(
            school_year=year,
            name="Flexuur 1",
            weekday=2,
            start_time=time(10, 30),
            end_time=time(11, 20),
        ),
        services.flex_slot_save(
            school_year=year,
            name="Flexuur 2",
            weekday=4,
            start_time=time(13, 0),
            end_time=time(13, 50),
        ),
    ]
    christmas = date(year.start_date.year, 12, 22)
    for slot in slots:
        day = slot.date_in(monday_of(christmas))
        if year.start_date <= day <= year.end_date:
            services.flex_slot_exception_add(slot=slot, day=day, reason="Kerstvakantie")
    teachers = _teachers(school)
    goal = CurriculumGoal.objects.filter(school=school).order_by("pk").first()
    for index, (title, description, room, capacity, slot_index, years, levels) in enumerate(
        SESSIONS
    ):
        services.flex_session_save(
            slot=slots[slot_index],
            teacher=teachers[index % len(teachers)],
            title=title,
            description=description,
            room=room,
            capacity=capacity,
            year_levels=years,
            levels=levels,
            goals=[goal] if goal is not None and index == 0 else [],
        )
    week = _first_open_week(school, today)
    if week is not None:
        _choices(school, week, teachers[0])


def _teachers(school: School) -> list[User]:
    demo = User.objects.filter(username=DemoUsername.TEACHER).first()
    others = User.objects.filter(
        staff_memberships__school=school, staff_memberships__role=StaffRole.TEACHER
    ).order_by("pk")
    teachers = ([demo] if demo else []) + [u for u in others[:8] if u != demo]
    if not teachers:
        leaders = StaffMembership.objects.filter(school=school).select_related("user")
        teachers = [membership.user for membership in leaders[:1]]
    return teachers


def _first_open_week(school: School, today: date) -> FlexWeek | None:
    for weeks_ahead in (1, 2):
        try:
            week = services.flex_week_ensure(
                school=school, monday=monday_of(today) + timedelta(weeks=weeks_ahead)
            )
        except services.FlexUnavailableError:
            continue
        if is_open(week):
            return week
    return None


def _choices(school: School, week: FlexWeek, teacher: User) -> None:
    """Ranked choices for some students; the demo student must attend the maths instruction."""
    rng = random.Random(SEED)
    slots = slots_in_week(week)
    sessions = list(sessions_in_week(week, slots))
    demo_student = Student.objects.filter(user__username=DemoUsername.STUDENT).first()
    students = list(Student.objects.filter(school=school).order_by("pk")[:CHOOSING_STUDENTS])
    if demo_student is not None and demo_student not in students:
        students.append(demo_student)
    eligible = eligible_sessions(students, week, sessions)
    for student in students:
        ranked = {}
        for slot in rng.sample(slots, k=min(len(slots), rng.randint(1, 2))):
            options = [s for s in sessions if s.slot_id == slot.pk and s.pk in eligible[student.pk]]
            picked = rng.sample(options, k=min(len(options), rng.randint(2, 4)))
            if picked:
                ranked[slot.pk] = [(session, None) for session in picked]
        if ranked:
            services.flex_choices_save(student=student, week=week, ranked=ranked)
    instruction = next((s for s in sessions if s.title == SESSIONS[0][0]), None)
    if demo_student is not None and instruction is not None:
        services.mandatory_assign(
            student=demo_student,
            session=instruction,
            week=week,
            reason="Extra uitleg bij procenten voor de toets van volgende week.",
            set_by=teacher,
        )
