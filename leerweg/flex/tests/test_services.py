from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import Personas
from leerweg.flex import services
from leerweg.flex.models import FlexChoice, MandatoryAssignment
from leerweg.flex.tests.factories import flex_set_up, session_in
from leerweg.notifications.models import Notification
from leerweg.paths.models import GoalStatus, OwnGoal
from leerweg.schools.tests.factories import GroupFactory, StudentFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def flex(personas: Personas):
    return flex_set_up(personas.school)


@pytest.fixture
def offer(personas: Personas, flex):
    teacher = personas.mentor
    return {
        "breuken": session_in(flex.tuesday, teacher, "Breuken"),
        "debat": session_in(flex.tuesday, teacher, "Debat"),
        "lezen": session_in(flex.tuesday, teacher, "Lezen"),
        "koken": session_in(flex.thursday, teacher, "Koken"),
    }


def _save(personas: Personas, flex, ranked, **kwargs):
    return services.flex_choices_save(
        student=personas.student_record, week=flex.week, ranked=ranked, **kwargs
    )


def test_choices_are_stored_in_order_with_a_goal(personas: Personas, flex, offer):
    goal = personas.own_goal
    _save(
        personas,
        flex,
        {
            flex.tuesday.pk: [(offer["debat"], goal), (offer["breuken"], goal)],
            flex.thursday.pk: [(offer["koken"], None)],
        },
    )
    stored = FlexChoice.objects.filter(student=personas.student_record).order_by(
        "slot__weekday", "rank"
    )
    assert [(c.session.title, c.rank, c.own_goal_id) for c in stored] == [
        ("Debat", 1, goal.pk),
        ("Breuken", 2, goal.pk),
        ("Koken", 1, None),
    ]
    # A second save replaces the week's choices.
    _save(personas, flex, {flex.tuesday.pk: [(offer["lezen"], None)]})
    assert list(stored.values_list("session__title", flat=True)) == ["Lezen"]


def _refused(personas: Personas, flex, ranked, message: str, **kwargs) -> None:
    before = list(FlexChoice.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as refused:
        _save(personas, flex, ranked, **kwargs)
    assert message in " ".join(refused.value.messages)
    assert list(FlexChoice.objects.values_list("pk", flat=True)) == before


def test_after_the_deadline_nothing_changes(personas: Personas, flex, offer):
    _save(personas, flex, {flex.tuesday.pk: [(offer["debat"], None)]})
    _refused(
        personas,
        flex,
        {flex.tuesday.pk: [(offer["lezen"], None)]},
        "locked",
        now=flex.week.deadline + timedelta(minutes=1),
    )


def test_an_ineligible_session_is_refused(personas: Personas, flex, offer):
    only_4h2 = session_in(
        flex.tuesday, personas.mentor, "Alleen 4H2", groups=[personas.other_group]
    )
    _refused(personas, flex, {flex.tuesday.pk: [(only_4h2, None)]}, "You cannot choose")


def test_more_than_five_choices_in_a_slot_are_refused(personas: Personas, flex):
    sessions = [session_in(flex.tuesday, personas.mentor, f"Sessie {n}") for n in range(6)]
    _refused(personas, flex, {flex.tuesday.pk: [(s, None) for s in sessions]}, "at most 5")


def test_the_same_session_twice_is_refused(personas: Personas, flex, offer):
    ranked = {flex.tuesday.pk: [(offer["debat"], None), (offer["debat"], None)]}
    _refused(personas, flex, ranked, "more than once")


def test_a_session_of_another_slot_is_refused(personas: Personas, flex, offer):
    _refused(personas, flex, {flex.tuesday.pk: [(offer["koken"], None)]}, "not offered")


def test_another_students_goal_is_refused(personas: Personas, flex, offer):
    other = OwnGoal.objects.create(student=personas.other_student_record, title="Niet van Sanne")
    _refused(personas, flex, {flex.tuesday.pk: [(offer["debat"], other)]}, "own current goals")
    personas.own_goal.status = GoalStatus.ACHIEVED
    personas.own_goal.save()
    _refused(
        personas,
        flex,
        {flex.tuesday.pk: [(offer["debat"], personas.own_goal)]},
        "own current goals",
    )


def test_a_week_of_another_school_is_refused(personas: Personas, flex, offer):
    stranger = StudentFactory.create(school=personas.other_school)
    with pytest.raises(ValidationError, match="not of your school"):
        services.flex_choices_save(
            student=stranger, week=flex.week, ranked={flex.tuesday.pk: [(offer["debat"], None)]}
        )


def test_the_maximum_and_minimum_hours_per_week_hold(personas: Personas, flex, offer):
    services.flex_settings_set(
        school=personas.school,
        enabled=True,
        min_per_week=2,
        max_per_week=2,
        deadline_weekday=5,
        deadline_time=time(16, 0),
        deadline_in_week_before=True,
    )
    _refused(personas, flex, {flex.tuesday.pk: [(offer["debat"], None)]}, "at least 2")
    _save(
        personas,
        flex,
        {flex.tuesday.pk: [(offer["debat"], None)], flex.thursday.pk: [(offer["koken"], None)]},
    )
    services.flex_settings_set(
        school=personas.school,
        enabled=True,
        min_per_week=0,
        max_per_week=1,
        deadline_weekday=5,
        deadline_time=time(16, 0),
        deadline_in_week_before=True,
    )
    _refused(
        personas,
        flex,
        {flex.tuesday.pk: [(offer["debat"], None)], flex.thursday.pk: [(offer["koken"], None)]},
        "at most 1",
    )


def test_the_minimum_asks_no_more_than_the_slots_open_to_the_student(personas: Personas, flex):
    only_tuesday = session_in(flex.tuesday, personas.mentor, "Dinsdag")
    services.flex_settings_set(
        school=personas.school,
        enabled=True,
        min_per_week=2,
        max_per_week=2,
        deadline_weekday=5,
        deadline_time=time(16, 0),
        deadline_in_week_before=True,
    )
    _save(personas, flex, {flex.tuesday.pk: [(only_tuesday, None)]})


def test_mandatory_instruction_replaces_choices_and_blocks_the_slot(
    personas: Personas, flex, offer, django_capture_on_commit_callbacks
):
    _save(personas, flex, {flex.tuesday.pk: [(offer["debat"], None)]})
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.mandatory_assign(
            student=personas.student_record,
            session=offer["breuken"],
            week=flex.week,
            reason="Extra uitleg breuken",
            set_by=personas.mentor,
        )
    assert assignment.slot == flex.tuesday
    assert not FlexChoice.objects.filter(student=personas.student_record).exists()
    assert Notification.objects.filter(recipient=personas.student).exists()
    _refused(personas, flex, {flex.tuesday.pk: [(offer["debat"], None)]}, "must attend")
    with pytest.raises(ValidationError, match="already must attend"):
        services.mandatory_assign(
            student=personas.student_record,
            session=offer["lezen"],
            week=flex.week,
            reason="Lezen",
            set_by=personas.mentor,
        )


def test_mandatory_instruction_stops_at_the_capacity(personas: Personas, flex):
    small = session_in(flex.tuesday, personas.mentor, "Klein", capacity=1)
    services.mandatory_assign(
        student=personas.student_record,
        session=small,
        week=flex.week,
        reason="a",
        set_by=personas.mentor,
    )
    with pytest.raises(ValidationError, match="full"):
        services.mandatory_assign(
            student=personas.young_student_record,
            session=small,
            week=flex.week,
            reason="b",
            set_by=personas.mentor,
        )
    assert MandatoryAssignment.objects.count() == 1


def test_mandatory_instruction_only_in_a_week_the_session_takes_place(personas: Personas, flex):
    later = services.flex_week_ensure(
        school=personas.school, monday=flex.week.monday + timedelta(weeks=1)
    )
    one_off = session_in(flex.tuesday, personas.mentor, "Eenmalig", week=later)
    with pytest.raises(ValidationError, match="does not take place"):
        services.mandatory_assign(
            student=personas.student_record,
            session=one_off,
            week=flex.week,
            reason="x",
            set_by=personas.mentor,
        )


def test_a_session_links_only_to_its_own_school(personas: Personas, flex):
    elsewhere = GroupFactory.create(school_year=personas.other_school.school_years.first())
    with pytest.raises(ValidationError, match="own school"):
        session_in(flex.tuesday, personas.mentor, groups=[elsewhere])


def test_new_settings_move_the_deadline_of_open_weeks(personas: Personas, flex):
    services.flex_settings_set(
        school=personas.school,
        enabled=True,
        min_per_week=0,
        max_per_week=2,
        deadline_weekday=3,
        deadline_time=time(12, 0),
        deadline_in_week_before=True,
    )
    flex.week.refresh_from_db()
    assert flex.week.deadline.weekday() == 2


def test_a_slot_is_called_off_only_on_its_own_weekday(personas: Personas, flex):
    tuesday = flex.tuesday.date_in(flex.week.monday)
    with pytest.raises(ValidationError):
        services.flex_slot_exception_add(
            slot=flex.tuesday, day=tuesday + timedelta(days=1), reason="x"
        )
    with pytest.raises(ValidationError):
        services.flex_slot_exception_add(slot=flex.tuesday, day=date(2001, 1, 2), reason="x")
    services.flex_slot_exception_add(slot=flex.tuesday, day=tuesday, reason="Studiedag")
    with pytest.raises(ValidationError):
        services.flex_slot_exception_add(slot=flex.tuesday, day=tuesday, reason="twice")
