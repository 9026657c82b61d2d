from datetime import time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import Personas
from leerweg.curriculum.models import CurriculumGoal
from leerweg.curriculum.tests.factories import curriculum_url_arguments
from leerweg.flex.models import FlexChoice, FlexSettings, FlexSlotException, MandatoryAssignment
from leerweg.flex.selectors import (
    deadline_for,
    eligible_sessions,
    is_open,
    slots_in_week,
    student_facts,
)
from leerweg.flex.services import FlexUnavailableError, flex_week_ensure
from leerweg.flex.tests.factories import flex_set_up, open_monday, session_in
from leerweg.paths.models import Evidence, EvidenceKind


@pytest.fixture
def flex(personas: Personas):
    return flex_set_up(personas.school)


def test_a_rank_is_taken_once_per_slot_and_a_session_once_per_week(personas: Personas, flex):
    first = session_in(flex.tuesday, personas.mentor, "Breuken")
    second = session_in(flex.tuesday, personas.mentor, "Debat")
    student = personas.student_record
    FlexChoice.objects.create(
        student=student, week=flex.week, slot=flex.tuesday, session=first, rank=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FlexChoice.objects.create(
            student=student, week=flex.week, slot=flex.tuesday, session=second, rank=1
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FlexChoice.objects.create(
            student=student, week=flex.week, slot=flex.tuesday, session=first, rank=2
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FlexChoice.objects.create(
            student=student, week=flex.week, slot=flex.tuesday, session=second, rank=6
        )


def test_a_student_is_required_in_one_session_per_slot_and_week(personas: Personas, flex):
    first = session_in(flex.tuesday, personas.mentor, "Breuken")
    second = session_in(flex.tuesday, personas.mentor, "Debat")
    values = {"student": personas.student_record, "week": flex.week, "slot": flex.tuesday}
    MandatoryAssignment.objects.create(**values, session=first, reason="a", set_by=personas.mentor)
    with pytest.raises(IntegrityError), transaction.atomic():
        MandatoryAssignment.objects.create(
            **values, session=second, reason="b", set_by=personas.mentor
        )


def test_the_minimum_cannot_exceed_the_maximum_in_the_database(personas: Personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        FlexSettings.objects.create(school=personas.school, min_per_week=4, max_per_week=2)


def test_the_deadline_lies_in_the_week_before_or_in_the_week_itself(personas: Personas):
    monday = open_monday()
    settings = FlexSettings(school=personas.school, deadline_weekday=5, deadline_time=time(16, 0))
    before = timezone.localtime(deadline_for(settings, monday))
    assert (before.date(), before.time()) == (monday - timedelta(days=3), time(16, 0))
    settings.deadline_in_week_before = False
    settings.deadline_weekday = 1
    settings.deadline_time = time(8, 30)
    same = timezone.localtime(deadline_for(settings, monday))
    assert (same.date(), same.time()) == (monday, time(8, 30))


def test_a_week_is_open_until_its_deadline(personas: Personas, flex):
    assert is_open(flex.week)
    assert not is_open(flex.week, now=flex.week.deadline)
    assert not is_open(flex.week, now=flex.week.deadline + timedelta(seconds=1))


def test_a_called_off_slot_is_not_in_the_week(personas: Personas, flex):
    FlexSlotException.objects.create(
        slot=flex.thursday, date=flex.thursday.date_in(flex.week.monday), reason="Studiedag"
    )
    assert slots_in_week(flex.week) == [flex.tuesday]


def test_a_week_outside_every_school_year_is_not_made(personas: Personas, flex):
    with pytest.raises(FlexUnavailableError):
        flex_week_ensure(school=personas.school, monday=open_monday() + timedelta(weeks=60))


def _goal(personas: Personas) -> CurriculumGoal:
    curriculum_url_arguments(personas.school)
    goal = CurriculumGoal.objects.filter(school=personas.school).first()
    assert goal is not None
    return goal


def test_the_audience_must_match_every_part_that_is_filled_in(personas: Personas, flex):
    everybody = session_in(flex.tuesday, personas.mentor, "Iedereen")
    year_four_havo = session_in(
        flex.tuesday, personas.mentor, "4 havo", year_levels=[4], levels=["HAVO"]
    )
    year_three = session_in(flex.tuesday, personas.mentor, "Jaar 3", year_levels=[3])
    other_group = session_in(flex.tuesday, personas.mentor, "4H2", groups=[personas.other_group])
    sanne = personas.student_record
    eligible = eligible_sessions(
        [sanne], flex.week, [everybody, year_four_havo, year_three, other_group]
    )[sanne.pk]
    assert eligible == {everybody.pk, year_four_havo.pk}


def test_a_goal_prerequisite_is_met_by_evidence_linked_to_the_goal(personas: Personas, flex):
    goal = _goal(personas)
    session = session_in(flex.tuesday, personas.mentor, prerequisite_goals=[goal])
    sanne = personas.student_record
    assert eligible_sessions([sanne], flex.week, [session])[sanne.pk] == set()
    evidence = Evidence.objects.create(
        student=sanne, kind=EvidenceKind.TEXT, title="Breuken", created_by=personas.student
    )
    evidence.curriculum_goals.add(goal)
    assert eligible_sessions([sanne], flex.week, [session])[sanne.pk] == {session.pk}


def test_a_session_prerequisite_is_met_by_attending_it_in_an_earlier_week(personas: Personas, flex):
    basics = session_in(flex.tuesday, personas.mentor, "Basis")
    follow_up = session_in(
        flex.thursday, personas.mentor, "Vervolg", prerequisite_sessions=[basics]
    )
    sanne = personas.student_record
    assert eligible_sessions([sanne], flex.week, [follow_up])[sanne.pk] == set()
    earlier = flex_week_ensure(school=personas.school, monday=flex.week.monday - timedelta(weeks=1))
    MandatoryAssignment.objects.create(
        student=sanne,
        week=earlier,
        slot=flex.tuesday,
        session=basics,
        reason="x",
        set_by=personas.mentor,
    )
    assert eligible_sessions([sanne], flex.week, [follow_up])[sanne.pk] == {follow_up.pk}
    # The same week does not count: the session has not taken place yet.
    assert basics.pk not in student_facts([sanne], earlier)[sanne.pk].sessions_attended


def test_student_facts_cost_three_queries_for_any_number_of_students(
    personas: Personas, flex, django_assert_num_queries
):
    students = [
        personas.student_record,
        personas.other_student_record,
        personas.young_student_record,
    ]
    with django_assert_num_queries(3):
        facts = student_facts(students, flex.week)
    assert facts[personas.student_record.pk].year_levels == {4}
    assert facts[personas.other_student_record.pk].group_ids == {personas.other_group.pk}
