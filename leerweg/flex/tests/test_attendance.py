"""Attendance per session: who may take it, when, and what is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.audit.models import AuditEvent
from leerweg.flex.models import Attendance, AttendanceStatus, Placement
from leerweg.flex.selectors import monday_of
from leerweg.flex.services import flex_week_ensure
from leerweg.flex.tests.factories import flex_set_up, published_week, session_in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def flex(personas: Personas):
    return flex_set_up(personas.school)


@pytest.fixture
def last_week(personas: Personas, flex):
    """Last week: every flex hour in it has taken place."""
    monday = monday_of(timezone.localdate()) - timedelta(weeks=1)
    return flex_week_ensure(school=personas.school, monday=monday)


@pytest.fixture
def debat(personas: Personas, flex, last_week):
    session = session_in(flex.tuesday, personas.mentor, "Debat")
    koken = session_in(flex.tuesday, personas.other_teacher, "Koken")
    run = published_week(
        last_week,
        [
            (personas.student_record, session, "chosen", 1),
            (personas.young_student_record, session, "chosen", 2),
            (personas.other_student_record, koken, "chosen", 1),
        ],
    )
    session.run = run  # type: ignore[attr-defined]
    session.koken = koken  # type: ignore[attr-defined]
    return session


def _url(session, week) -> str:
    return reverse("flex:attendance", args=[session.public_id, week.iso_year, week.iso_week])


def _placement(session, student):
    return Placement.objects.get(session=session, student=student)


def test_the_teacher_saves_the_whole_session_in_one_post(login_as, personas, debat, last_week):
    sanne = _placement(debat, personas.student_record)
    mila = _placement(debat, personas.young_student_record)
    client = login_as(personas.mentor)
    assert client.get(_url(debat, last_week)).status_code == 200
    response = client.post(
        _url(debat, last_week),
        {
            f"status_{sanne.pk}": "late",
            f"note_{sanne.pk}": "Tien minuten",
            f"status_{mila.pk}": "present",
            f"note_{mila.pk}": "",
        },
    )
    assert response.status_code == 302
    stored = {a.placement_id: (a.status, a.note) for a in Attendance.objects.all()}
    assert stored == {sanne.pk: ("late", "Tien minuten"), mila.pk: ("present", "")}
    assert AuditEvent.objects.filter(what="flex.attendance").count() == 2
    # Clearing a status removes what was recorded.
    client.post(_url(debat, last_week), {f"status_{sanne.pk}": "", f"status_{mila.pk}": "absent"})
    assert {a.placement_id: a.status for a in Attendance.objects.all()} == {mila.pk: "absent"}


def test_the_school_leader_may_take_attendance(login_as, personas, debat, last_week):
    sanne = _placement(debat, personas.student_record)
    response = login_as(personas.leader).post(
        _url(debat, last_week), {f"status_{sanne.pk}": "excused"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get().recorded_by == personas.leader


@pytest.mark.parametrize("who", ["other_teacher", "other_school_staff"])
def test_another_teachers_session_is_hidden(login_as, personas, debat, last_week, who):
    sanne = _placement(debat, personas.student_record)
    response = login_as(personas.get(who)).post(
        _url(debat, last_week), {f"status_{sanne.pk}": "absent"}
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_student_not_placed_in_the_session_is_refused_and_nothing_is_stored(
    login_as, personas, debat, last_week
):
    sanne = _placement(debat, personas.student_record)
    daan = _placement(debat.koken, personas.other_student_record)
    response = login_as(personas.mentor).post(
        _url(debat, last_week),
        {f"status_{sanne.pk}": "present", f"status_{daan.pk}": "absent"},
        **EN,
    )
    assert response.status_code == 400
    assert "not placed in this session" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_bad_status_is_refused(login_as, personas, debat, last_week):
    sanne = _placement(debat, personas.student_record)
    response = login_as(personas.mentor).post(
        _url(debat, last_week), {f"status_{sanne.pk}": "asleep"}
    )
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_an_unpublished_week_takes_no_attendance(login_as, personas, debat, last_week):
    sanne = _placement(debat, personas.student_record)
    debat.run.published_at = None
    debat.run.save()
    client = login_as(personas.mentor)
    assert "not been published" in client.get(_url(debat, last_week), **EN).content.decode()
    response = client.post(_url(debat, last_week), {f"status_{sanne.pk}": "present"}, **EN)
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_a_session_that_has_not_begun_takes_no_attendance(login_as, personas, flex):
    session = session_in(flex.tuesday, personas.mentor, "Later")
    run = published_week(flex.week, [(personas.student_record, session, "chosen", 1)])
    response = login_as(personas.mentor).post(
        _url(session, flex.week), {f"status_{run.placements.get().pk}": "absent"}, **EN
    )
    assert response.status_code == 400
    assert "from the day of the session on" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_mentor_sees_absences_and_late_arrivals_of_their_students(
    login_as, personas, debat, last_week
):
    sanne = _placement(debat, personas.student_record)
    mila = _placement(debat, personas.young_student_record)
    daan = _placement(debat.koken, personas.other_student_record)
    Attendance.objects.create(placement=sanne, status=AttendanceStatus.ABSENT, note="Niet gezien")
    Attendance.objects.create(placement=mila, status=AttendanceStatus.EXCUSED)
    Attendance.objects.create(placement=daan, status=AttendanceStatus.ABSENT)
    page = login_as(personas.mentor).get(reverse("flex:absences"), **EN)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sanne" in body and "Niet gezien" in body
    assert "Mila" not in body  # absent with a reason
    assert "Daan" not in body  # not her student
    events = AuditEvent.objects.filter(what="flex.absences")
    assert [e.subject_public_id for e in events] == [personas.student_record.public_id]


def test_a_teacher_who_mentors_nobody_sees_no_absences(login_as, personas, debat, last_week):
    page = login_as(personas.other_teacher).get(reverse("flex:absences"), **EN)
    assert "You do not mentor or coach a group" in page.content.decode()
