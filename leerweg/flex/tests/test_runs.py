from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.flex import runs
from leerweg.flex.models import (
    AllocationRun,
    FlexChoice,
    FlexSlotException,
    FlexWeek,
    MandatoryAssignment,
    Placement,
    PlacementSource,
    RunState,
    StudentOutcome,
    WeekState,
)
from leerweg.flex.runs import execute
from leerweg.flex.tests.factories import flex_set_up, session_in
from leerweg.notifications.models import Notification
from leerweg.schools.tests.factories import StudentFactory, add_to_group


@pytest.fixture
def flex(personas: Personas):
    return flex_set_up(personas.school, min_per_week=1, max_per_week=2)


def _choose(student, week, slot, *sessions):
    for rank, session in enumerate(sessions, start=1):
        FlexChoice.objects.create(student=student, week=week, slot=slot, session=session, rank=rank)


def _schedule_of(student, week) -> str:
    """The week on the student's own schedule page, where notices about placements lead."""
    return f"{reverse('flex:schedule', args=[student.public_id])}#week-{week.pk}"


def _run(week, capture, objective="convex", by=None) -> AllocationRun:
    with capture(execute=True):
        run = runs.allocation_run_start(week=week, started_by=by, objective=objective)
    run.refresh_from_db()
    return run


def test_the_instance_has_eligibility_exceptions_series_and_hours(personas: Personas, flex):
    open_to_all = session_in(flex.tuesday, personas.mentor, "Debat")
    only_4h2 = session_in(
        flex.tuesday, personas.mentor, "Alleen 4H2", groups=[personas.other_group]
    )
    again = session_in(flex.thursday, personas.mentor, "debat ")
    other = session_in(flex.thursday, personas.other_teacher, "Debat")
    instance = runs.allocation_instance(flex.week)
    sanne, daan = personas.student_record.pk, personas.other_student_record.pk
    assert {s.id for s in instance.students} == {
        sanne,
        daan,
        personas.young_student_record.pk,
    }
    assert (sanne, open_to_all.pk) in instance.eligible
    assert (sanne, only_4h2.pk) not in instance.eligible
    assert (daan, only_4h2.pk) in instance.eligible
    series = {s.id: s.series for s in instance.sessions}
    assert series[open_to_all.pk] == series[again.pk] != series[other.pk]
    assert {(s.min_hours, s.max_hours) for s in instance.students} == {(1, 2)}

    FlexSlotException.objects.create(
        slot=flex.thursday, date=flex.thursday.date_in(flex.week.monday), reason="Toets"
    )
    called_off = runs.allocation_instance(flex.week)
    assert {s.id for s in called_off.sessions} == {open_to_all.pk, only_4h2.pk}


def test_choices_and_mandatory_go_into_the_instance(personas: Personas, flex):
    debat = session_in(flex.tuesday, personas.mentor, "Debat")
    lezen = session_in(flex.tuesday, personas.mentor, "Lezen")
    koken = session_in(flex.thursday, personas.mentor, "Koken")
    _choose(personas.student_record, flex.week, flex.tuesday, lezen, debat)
    MandatoryAssignment.objects.create(
        student=personas.other_student_record,
        week=flex.week,
        slot=flex.thursday,
        session=koken,
        reason="Extra uitleg",
        set_by=personas.mentor,
    )
    instance = runs.allocation_instance(flex.week)
    assert instance.choices == {(personas.student_record.pk, flex.tuesday.pk): [lezen.pk, debat.pk]}
    assert instance.mandatory == {(personas.other_student_record.pk, koken.pk)}


def test_building_the_instance_takes_the_same_queries_for_more_students(personas: Personas, flex):
    debat = session_in(flex.tuesday, personas.mentor, "Debat")
    session_in(flex.thursday, personas.mentor, "Koken")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            runs.allocation_instance(FlexWeek.objects.get(pk=flex.week.pk))
        return len(queries)

    before = count()
    for _n in range(6):
        student = StudentFactory.create(school=personas.school)
        add_to_group(student, personas.group)
        _choose(student, flex.week, flex.tuesday, debat)
    assert count() == before


def _published_week_before(week: FlexWeek) -> FlexWeek:
    monday = week.monday - timedelta(weeks=1)
    iso_year, iso_week, _day = monday.isocalendar()
    return FlexWeek.objects.create(
        school=week.school,
        school_year=week.school_year,
        monday=monday,
        iso_year=iso_year,
        iso_week=iso_week,
        deadline=timezone.now() - timedelta(days=1),
        state=WeekState.PUBLISHED,
    )


def test_fairness_weights_come_from_earlier_published_weeks(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    small = session_in(flex.tuesday, personas.mentor, "Klein", capacity=1)
    session_in(flex.tuesday, personas.mentor, "Groot", capacity=3)
    session_in(flex.thursday, personas.mentor, "Koken", capacity=3)
    earlier = _published_week_before(flex.week)
    run = AllocationRun.objects.create(
        week=earlier,
        objective="convex",
        seed=1,
        state=RunState.DONE,
        published_at=timezone.now(),
    )
    StudentOutcome.objects.create(run=run, student=personas.student_record, regret=4)
    StudentOutcome.objects.create(run=run, student=personas.other_student_record, regret=0)
    weights = {s.id: s.weight for s in runs.allocation_instance(flex.week).students}
    assert weights[personas.student_record.pk] > 1.0
    assert weights[personas.other_student_record.pk] == 1.0
    assert small  # the week has a contested seat; the weights decide who wins it


def test_a_run_places_students_and_stores_the_report(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    debat = session_in(flex.tuesday, personas.mentor, "Debat", capacity=1)
    lezen = session_in(flex.tuesday, personas.mentor, "Lezen", capacity=2)
    koken = session_in(flex.thursday, personas.mentor, "Koken", capacity=3)
    _choose(personas.student_record, flex.week, flex.tuesday, debat, lezen)
    _choose(personas.other_student_record, flex.week, flex.tuesday, debat, lezen)
    MandatoryAssignment.objects.create(
        student=personas.young_student_record,
        week=flex.week,
        slot=flex.thursday,
        session=koken,
        reason="Extra uitleg",
        set_by=personas.mentor,
    )
    run = _run(flex.week, django_capture_on_commit_callbacks, by=personas.leader)
    assert run.state == RunState.DONE, run.error
    assert run.progress == 100
    assert run.solver_status in ("optimal", "feasible")
    placed = {(p.student_id, p.slot_id): p for p in run.placements.all()}
    assert placed[(personas.young_student_record.pk, flex.thursday.pk)].source == (
        PlacementSource.MANDATORY
    )
    tuesday = [
        placed[(s.pk, flex.tuesday.pk)]
        for s in (personas.student_record, personas.other_student_record)
    ]
    assert sorted(p.rank or 0 for p in tuesday) == [1, 2]
    assert {p.source for p in tuesday} == {PlacementSource.CHOSEN}
    assert run.report["summary"]["first_choice_share"] == pytest.approx(1 / 2)
    assert run.report["summary"]["students_short"] == 0
    assert set(run.report["comparison"]) == {"allocation", "first come"}
    assert run.outcomes.count() == 3
    flex.week.refresh_from_db()
    assert flex.week.state == WeekState.ALLOCATED


def test_mandatory_beyond_capacity_is_infeasible_and_named(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    klein = session_in(flex.tuesday, personas.mentor, "Klein", capacity=1)
    session_in(flex.thursday, personas.mentor, "Koken")
    for student in (personas.student_record, personas.other_student_record):
        MandatoryAssignment.objects.create(
            student=student,
            week=flex.week,
            slot=flex.tuesday,
            session=klein,
            reason="Extra",
            set_by=personas.mentor,
        )
    run = _run(flex.week, django_capture_on_commit_callbacks)
    assert run.state == RunState.INFEASIBLE
    assert not run.placements.exists()
    [conflict] = run.report["conflicts"]
    assert conflict["constraint"] == "mandatory-over-capacity"
    assert set(conflict["students"]) == {
        personas.student_record.pk,
        personas.other_student_record.pk,
    }
    assert conflict["sessions"] == [klein.pk]
    flex.week.refresh_from_db()
    assert flex.week.state == WeekState.LOCKED
    with pytest.raises(ValidationError):
        runs.allocation_publish(run=run, by=personas.leader)


def test_a_student_eligible_for_nothing_is_named(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    session_in(flex.tuesday, personas.mentor, "Alleen 4H1", groups=[personas.group])
    run = _run(flex.week, django_capture_on_commit_callbacks)
    assert run.state == RunState.INFEASIBLE
    named = {(c["constraint"], tuple(c["students"])) for c in run.report["conflicts"]}
    assert ("too-few-eligible", (personas.other_student_record.pk,)) in named


def _done_run(personas, flex, capture):
    debat = session_in(flex.tuesday, personas.mentor, "Debat", capacity=2)
    lezen = session_in(flex.tuesday, personas.mentor, "Lezen", capacity=1)
    session_in(flex.thursday, personas.mentor, "Koken", capacity=3)
    for student in (personas.student_record, personas.other_student_record):
        _choose(student, flex.week, flex.tuesday, debat, lezen)
    run = _run(flex.week, capture)
    assert run.state == RunState.DONE, run.error
    return run, debat, lezen


def test_a_move_that_keeps_every_rule_is_stored(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    run, _debat, _lezen = _done_run(personas, flex, django_capture_on_commit_callbacks)
    groot = session_in(flex.tuesday, personas.mentor, "Groot", capacity=10)
    sanne = personas.student_record
    placement = runs.placement_move(run=run, student=sanne, session=groot, by=personas.leader)
    assert (placement.session_id, placement.source, placement.rank) == (
        groot.pk,
        PlacementSource.MOVED,
        None,
    )
    assert placement.moved_by == personas.leader
    assert Placement.objects.filter(run=run, student=sanne, slot=flex.tuesday).count() == 1


def test_a_move_into_a_full_session_is_refused(
    personas: Personas, flex, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    run, debat, lezen = _done_run(personas, flex, django_capture_on_commit_callbacks)
    in_lezen = Placement.objects.filter(run=run, session=lezen).count()
    mover = Placement.objects.filter(run=run, session=debat)[0].student
    if in_lezen == 0:
        runs.placement_move(run=run, student=mover, session=lezen, by=personas.leader)
        mover = Placement.objects.filter(run=run, session=debat)[0].student
    with pytest.raises(ValidationError) as refused:
        runs.placement_move(run=run, student=mover, session=lezen, by=personas.leader)
    assert "more students than places" in " ".join(refused.value.messages)
    assert Placement.objects.filter(run=run, session=lezen).count() == 1


def test_moving_a_mandatory_student_away_is_refused(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    koken = session_in(flex.tuesday, personas.mentor, "Koken")
    debat = session_in(flex.tuesday, personas.mentor, "Debat")
    session_in(flex.thursday, personas.mentor, "Lezen")
    MandatoryAssignment.objects.create(
        student=personas.student_record,
        week=flex.week,
        slot=flex.tuesday,
        session=koken,
        reason="Extra",
        set_by=personas.mentor,
    )
    run = _run(flex.week, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        runs.placement_move(
            run=run, student=personas.student_record, session=debat, by=personas.leader
        )


def test_publishing_notifies_placed_students_once(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    run, _debat, _lezen = _done_run(personas, flex, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        runs.allocation_publish(run=run, by=personas.leader)
    flex.week.refresh_from_db()
    assert flex.week.state == WeekState.PUBLISHED
    placed = {p.student for p in run.placements.select_related("student")}
    assert set(Notification.objects.values_list("recipient_id", "link")) == {
        (student.user_id, _schedule_of(student, flex.week)) for student in placed
    }
    with pytest.raises(ValidationError):
        runs.allocation_publish(run=run, by=personas.leader)
    second = _run(flex.week, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        runs.allocation_publish(run=second, by=personas.leader)
    assert AllocationRun.objects.filter(published_at__isnull=False).count() == 1


def test_a_move_after_publishing_notifies_only_the_moved_student(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    run, _debat, _lezen = _done_run(personas, flex, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        runs.allocation_publish(run=run, by=personas.leader)
    Notification.objects.all().delete()
    target = session_in(flex.tuesday, personas.mentor, "Groot", capacity=10)
    mover = Placement.objects.filter(run=run, slot=flex.tuesday)[0].student
    with django_capture_on_commit_callbacks(execute=True):
        runs.placement_move(run=run, student=mover, session=target, by=personas.leader)
    assert list(Notification.objects.values_list("recipient_id", "link")) == [
        (mover.user_id, _schedule_of(mover, flex.week))
    ]


def test_the_command_closes_weeks_past_their_deadline_once(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    session_in(flex.tuesday, personas.mentor, "Debat")
    session_in(flex.thursday, personas.mentor, "Koken")
    call_command("flex_close_weeks")
    assert not AllocationRun.objects.exists()
    FlexWeek.objects.filter(pk=flex.week.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flex_close_weeks")
    run = AllocationRun.objects.get()
    assert run.started_by is None
    assert run.state == RunState.DONE
    call_command("flex_close_weeks")
    assert AllocationRun.objects.count() == 1


def test_a_run_picked_up_twice_runs_once(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    run, _debat, _lezen = _done_run(personas, flex, django_capture_on_commit_callbacks)
    count = Placement.objects.count()
    assert runs.allocation_run_execute(run_id=run.pk) == RunState.DONE
    assert Placement.objects.count() == count


def test_an_error_while_solving_fails_the_run_and_stores_nothing(
    personas: Personas, flex, django_capture_on_commit_callbacks, monkeypatch
):
    session_in(flex.tuesday, personas.mentor, "Debat")
    session_in(flex.thursday, personas.mentor, "Koken")

    def broken(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(execute, "first_come_first_served", broken)
    run = _run(flex.week, django_capture_on_commit_callbacks)
    assert run.state == RunState.FAILED
    assert run.error == "solver crashed"
    assert not run.placements.exists()
    assert not run.outcomes.exists()


def test_an_unknown_objective_is_refused(personas: Personas, flex):
    with pytest.raises(ValidationError):
        runs.allocation_run_start(week=flex.week, started_by=None, objective="lottery")
    assert not AllocationRun.objects.exists()


def test_a_move_into_a_full_session_can_make_room_by_re_solving(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    debat = session_in(flex.tuesday, personas.mentor, "Debat", capacity=1)
    lezen = session_in(flex.tuesday, personas.mentor, "Lezen", capacity=3)
    session_in(flex.thursday, personas.mentor, "Koken", capacity=3)
    for student in (personas.student_record, personas.other_student_record):
        _choose(student, flex.week, flex.tuesday, debat, lezen)
    run = _run(flex.week, django_capture_on_commit_callbacks)
    holder = Placement.objects.get(run=run, session=debat).student
    mover = next(
        s for s in (personas.student_record, personas.other_student_record) if s.pk != holder.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        runs.allocation_publish(run=run, by=personas.leader)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        others = runs.placement_move_resolve(
            run=run, student=mover, session=debat, by=personas.leader
        )
    assert others >= 1
    moved = Placement.objects.get(run=run, student=mover, slot=flex.tuesday)
    assert (moved.session_id, moved.source) == (debat.pk, PlacementSource.MOVED)
    assert Placement.objects.filter(run=run, session=debat).count() == 1
    assert Placement.objects.get(run=run, student=holder, slot=flex.tuesday).session_id != debat.pk
    told = set(Notification.objects.values_list("recipient_id", "link"))
    assert {
        (mover.user_id, _schedule_of(mover, flex.week)),
        (holder.user_id, _schedule_of(holder, flex.week)),
    } <= told


def test_re_solving_cannot_break_a_mandatory_assignment(
    personas: Personas, flex, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    koken = session_in(flex.tuesday, personas.mentor, "Koken", capacity=1)
    debat = session_in(flex.tuesday, personas.mentor, "Debat", capacity=3)
    session_in(flex.thursday, personas.mentor, "Lezen", capacity=3)
    MandatoryAssignment.objects.create(
        student=personas.student_record,
        week=flex.week,
        slot=flex.tuesday,
        session=koken,
        reason="Extra",
        set_by=personas.mentor,
    )
    run = _run(flex.week, django_capture_on_commit_callbacks)
    before = sorted(run.placements.values_list("student_id", "session_id"))
    with pytest.raises(ValidationError):
        runs.placement_move_resolve(
            run=run, student=personas.other_student_record, session=koken, by=personas.leader
        )
    assert sorted(run.placements.values_list("student_id", "session_id")) == before
    assert debat


def test_a_student_is_placed_in_every_flex_hour_she_chose_within_the_maximum(
    personas: Personas, flex, django_capture_on_commit_callbacks
):
    debate = session_in(flex.tuesday, personas.mentor, "Debat")
    code = session_in(flex.thursday, personas.mentor, "Programmeren")
    sanne = personas.student_record
    _choose(sanne, flex.week, flex.tuesday, debate)
    _choose(sanne, flex.week, flex.thursday, code)

    hours = {s.id: s.min_hours for s in runs.allocation_instance(flex.week).students}
    # Sanne chose two flex hours; who chose none is placed for the school's minimum.
    assert hours[sanne.pk] == 2
    assert hours[personas.other_student_record.pk] == 1

    run = _run(flex.week, django_capture_on_commit_callbacks)
    placed = set(Placement.objects.filter(run=run, student=sanne).values_list("session", flat=True))
    assert placed == {debate.pk, code.pk}
