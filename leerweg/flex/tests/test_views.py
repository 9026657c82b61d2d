from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas
from leerweg.audit.models import AuditEvent
from leerweg.flex.models import (
    FlexChoice,
    FlexSession,
    FlexSettings,
    FlexSlot,
    FlexSlotException,
    MandatoryAssignment,
)
from leerweg.flex.tests.factories import flex_set_up, session_in
from leerweg.profiles.models import Profile

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def flex(personas: Personas):
    return flex_set_up(personas.school)


def _choose_url(personas: Personas, flex, student=None) -> str:
    student = student or personas.student_record
    return reverse("flex:choose", args=[student.public_id, flex.week.iso_year, flex.week.iso_week])


def test_the_student_ranks_sessions_and_empty_ranks_close_up(login_as, personas: Personas, flex):
    debat = session_in(flex.tuesday, personas.mentor, "Debat")
    lezen = session_in(flex.tuesday, personas.mentor, "Lezen")
    session_in(flex.tuesday, personas.mentor, "Koken")
    client = login_as(personas.student)
    url = _choose_url(personas, flex)
    page = client.get(url, **EN)
    assert page.status_code == 200
    assert "Debat" in page.content.decode()
    response = client.post(
        url,
        {
            f"slot_{flex.tuesday.pk}_1": str(lezen.pk),
            f"slot_{flex.tuesday.pk}_3": str(debat.pk),
            f"goal_{flex.tuesday.pk}": str(personas.own_goal.pk),
        },
    )
    assert response.status_code == 302
    stored = FlexChoice.objects.filter(student=personas.student_record).order_by("rank")
    assert [(c.session_id, c.rank, c.own_goal_id) for c in stored] == [
        (lezen.pk, 1, personas.own_goal.pk),
        (debat.pk, 2, personas.own_goal.pk),
    ]


def test_the_same_session_at_two_ranks_is_refused(login_as, personas: Personas, flex):
    debat = session_in(flex.tuesday, personas.mentor, "Debat")
    session_in(flex.tuesday, personas.mentor, "Lezen")
    client = login_as(personas.student)
    response = client.post(
        _choose_url(personas, flex),
        {f"slot_{flex.tuesday.pk}_1": str(debat.pk), f"slot_{flex.tuesday.pk}_2": str(debat.pk)},
        **EN,
    )
    assert response.status_code == 400
    assert "You already chose" in response.content.decode()
    assert not FlexChoice.objects.exists()


def test_a_session_not_open_to_the_student_cannot_be_posted(login_as, personas: Personas, flex):
    only_4h2 = session_in(
        flex.tuesday, personas.mentor, "Alleen 4H2", groups=[personas.other_group]
    )
    session_in(flex.tuesday, personas.mentor, "Voor iedereen")
    client = login_as(personas.student)
    page = client.get(_choose_url(personas, flex))
    assert "Alleen 4H2" not in page.content.decode()
    response = client.post(
        _choose_url(personas, flex), {f"slot_{flex.tuesday.pk}_1": str(only_4h2.pk)}
    )
    assert response.status_code == 400
    assert not FlexChoice.objects.exists()


def test_after_the_deadline_choices_are_locked(login_as, personas: Personas, flex):
    debat = session_in(flex.tuesday, personas.mentor, "Debat")
    flex.week.deadline = flex.week.created_at - timedelta(minutes=1)
    flex.week.save()
    client = login_as(personas.student)
    page = client.get(_choose_url(personas, flex), **EN)
    assert "Your choices are locked" in page.content.decode()
    assert f"slot_{flex.tuesday.pk}_1" not in page.content.decode()
    response = client.post(
        _choose_url(personas, flex), {f"slot_{flex.tuesday.pk}_1": str(debat.pk)}, **EN
    )
    assert response.status_code == 400
    assert not FlexChoice.objects.exists()


def test_another_students_choices_are_not_found(login_as, personas: Personas, flex):
    session = session_in(flex.tuesday, personas.mentor)
    client = login_as(personas.other_student)
    url = _choose_url(personas, flex)
    assert client.get(url).status_code == 404
    assert client.post(url, {f"slot_{flex.tuesday.pk}_1": str(session.pk)}).status_code == 404
    week_list = reverse("flex:week-list", args=[personas.student_record.public_id])
    assert client.get(week_list).status_code == 404
    assert not FlexChoice.objects.exists()


def test_a_week_that_does_not_exist_is_not_found(login_as, personas: Personas, flex):
    client = login_as(personas.student)
    url = reverse("flex:choose", args=[personas.student_record.public_id, 2026, 60])
    assert client.get(url).status_code == 404


def test_the_student_sees_why_and_by_whom_a_session_is_mandatory(
    login_as, personas: Personas, flex
):
    session = session_in(flex.tuesday, personas.mentor, "Breuken")
    MandatoryAssignment.objects.create(
        student=personas.student_record,
        week=flex.week,
        slot=flex.tuesday,
        session=session,
        reason="Extra uitleg bij breuken",
        set_by=personas.mentor,
    )
    page = login_as(personas.student).get(_choose_url(personas, flex), **EN).content.decode()
    assert "You must attend: Breuken" in page
    assert "Extra uitleg bij breuken" in page
    assert "Set by Ahmed El Amrani" in page
    assert f"slot_{flex.tuesday.pk}_1" not in page


def test_the_student_sees_upcoming_weeks_and_the_menu_item(login_as, personas: Personas, flex):
    client = login_as(personas.student)
    page = client.get(
        reverse("flex:week-list", args=[personas.student_record.public_id]), **EN
    ).content.decode()
    assert f"Week {flex.week.iso_week}," in page
    assert "Flex hours" in client.get(reverse("insight:home"), **EN).content.decode()


def test_the_leader_sets_rules_slots_and_days_off(login_as, personas: Personas):
    client = login_as(personas.leader)
    response = client.post(
        reverse("flex:setup"),
        {
            "enabled": "on",
            "min_per_week": "1",
            "max_per_week": "3",
            "deadline_weekday": "5",
            "deadline_time": "15:00",
            "deadline_in_week_before": "on",
        },
    )
    assert response.status_code == 302
    assert FlexSettings.objects.get(school=personas.school).max_per_week == 3
    year = personas.group.school_year
    response = client.post(
        reverse("flex:slot-create"),
        {
            "school_year": year.pk,
            "name": "Flexuur 1",
            "weekday": "2",
            "start_time": "10:30",
            "end_time": "11:20",
        },
    )
    assert response.status_code == 302
    slot = FlexSlot.objects.get(school=personas.school)
    tuesday = year.start_date + timedelta(days=(1 - year.start_date.weekday()) % 7 + 7)
    response = client.post(
        reverse("flex:exception-add", args=[slot.pk]), {"date": tuesday, "reason": "Studiedag"}
    )
    assert response.status_code == 302
    assert FlexSlotException.objects.filter(slot=slot, date=tuesday).exists()


def test_bad_set_up_input_is_refused_with_a_message(login_as, personas: Personas):
    client = login_as(personas.leader)
    response = client.post(
        reverse("flex:setup"),
        {
            "enabled": "on",
            "min_per_week": "4",
            "max_per_week": "2",
            "deadline_weekday": "5",
            "deadline_time": "15:00",
        },
        **EN,
    )
    assert response.status_code == 400
    assert "The minimum cannot be more than the maximum." in response.content.decode()
    assert not FlexSettings.objects.exists()
    response = client.post(
        reverse("flex:slot-create"),
        {
            "school_year": personas.group.school_year.pk,
            "name": "x",
            "weekday": "2",
            "start_time": "11:00",
            "end_time": "10:00",
        },
        **EN,
    )
    assert response.status_code == 400
    assert not FlexSlot.objects.exists()


def test_a_slot_of_another_school_is_not_found(login_as, personas: Personas, flex):
    client = login_as(personas.other_school_staff)
    assert client.get(reverse("flex:slot-edit", args=[flex.tuesday.pk])).status_code == 404


def test_a_teacher_offers_a_session_in_their_own_name(login_as, personas: Personas, flex):
    client = login_as(personas.other_teacher)
    response = client.post(
        reverse("flex:session-create"),
        {
            "slot": flex.tuesday.pk,
            "week": "",
            "title": "Wiskunde-hulp",
            "teacher": personas.mentor.pk,
            "capacity": "12",
            "year_levels": ["4"],
            "groups": [personas.other_group.pk],
        },
    )
    assert response.status_code == 302
    session = FlexSession.objects.get(title="Wiskunde-hulp")
    assert session.teacher == personas.other_teacher
    assert session.repeats_weekly and session.year_levels == [4]
    # The mentor may not change it; the school leader may.
    edit = reverse("flex:session-edit", args=[session.public_id])
    assert login_as(personas.mentor).get(edit).status_code == 404
    assert login_as(personas.leader).get(edit).status_code == 200


def test_a_one_week_session_and_a_capacity_of_zero(login_as, personas: Personas, flex):
    client = login_as(personas.mentor)
    data = {"slot": flex.tuesday.pk, "week": flex.week.code, "title": "Eenmalig", "capacity": "0"}
    assert client.post(reverse("flex:session-create"), data).status_code == 400
    data["capacity"] = "5"
    assert client.post(reverse("flex:session-create"), data).status_code == 302
    assert FlexSession.objects.get(title="Eenmalig").week == flex.week


def test_the_session_list_costs_the_same_for_2_or_12_sessions(
    login_as, personas: Personas, flex, django_assert_max_num_queries
):
    client = login_as(personas.leader)
    for n in range(2):
        session_in(flex.tuesday, personas.mentor, f"Sessie {n}")
    url = reverse("flex:session-list") + f"?week={flex.week.code}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(10):
        session_in(flex.thursday, personas.mentor, f"Meer {n}")
    with django_assert_max_num_queries(len(few)):
        page = client.get(url)
    assert "Meer 9" in page.content.decode()


def test_the_mentor_requires_sanne_and_it_is_audited(login_as, personas: Personas, flex):
    session = session_in(flex.tuesday, personas.other_teacher, "Breuken")
    client = login_as(personas.mentor)
    url = reverse("flex:mandatory", args=[session.public_id])
    response = client.post(
        url,
        {"student": personas.student_record.pk, "week": flex.week.code, "reason": "Extra uitleg"},
    )
    assert response.status_code == 302
    assignment = MandatoryAssignment.objects.get()
    assert (assignment.student, assignment.set_by) == (personas.student_record, personas.mentor)
    assert AuditEvent.objects.filter(what="flex.mandatory.create").exists()
    # The session's teacher teaches 4H2 only: Sanne is not among their students.
    response = login_as(personas.other_teacher).post(
        url,
        {"student": personas.young_student_record.pk, "week": flex.week.code, "reason": "x"},
    )
    assert response.status_code == 400
    assert MandatoryAssignment.objects.count() == 1
    delete = reverse("flex:mandatory-delete", args=[assignment.public_id])
    assert login_as(personas.other_teacher).post(delete).status_code == 404
    assert login_as(personas.mentor).post(delete).status_code == 302
    assert not MandatoryAssignment.objects.exists()


def test_the_mentor_sees_choices_tied_to_goals_only_while_shared(
    login_as, personas: Personas, flex
):
    session = session_in(flex.tuesday, personas.other_teacher, "Presenteren")
    FlexChoice.objects.create(
        student=personas.student_record,
        week=flex.week,
        slot=flex.tuesday,
        session=session,
        rank=1,
        own_goal=personas.own_goal,
    )
    client = login_as(personas.mentor)
    page = client.get(reverse("flex:goal-choices")).content.decode()
    assert personas.own_goal.title in page
    assert AuditEvent.objects.filter(what="flex.goal_choices").exists()
    Profile.objects.update_or_create(
        student=personas.student_record, defaults={"sharing_chosen": True}
    )
    page = client.get(reverse("flex:goal-choices")).content.decode()
    assert personas.own_goal.title not in page
    other = login_as(personas.other_teacher).get(reverse("flex:goal-choices")).content.decode()
    assert personas.own_goal.title not in other


def test_staff_find_flex_hours_in_the_menu(login_as, personas: Personas):
    page = login_as(personas.mentor).get(reverse("insight:home"), **EN).content.decode()
    assert reverse("flex:session-list") in page
    page = login_as(personas.guardian).get(reverse("insight:home"), **EN).content.decode()
    assert reverse("flex:session-list") not in page


def test_the_choose_page_costs_the_same_for_2_or_12_sessions(
    login_as, personas: Personas, flex, django_assert_max_num_queries
):
    for n in range(2):
        session_in(flex.tuesday, personas.mentor, f"Sessie {n}")
    client = login_as(personas.student)
    url = _choose_url(personas, flex)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(10):
        session_in(flex.thursday, personas.mentor, f"Meer {n}")
    with django_assert_max_num_queries(len(few)):
        page = client.get(url)
    assert "Meer 9" in page.content.decode()
