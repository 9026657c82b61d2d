"""The student's published schedule, the teacher's week, and prerequisites from placements."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.flex.models import Attendance, AttendanceStatus, FlexChoice, MandatoryAssignment
from leerweg.flex.schedule import student_schedule
from leerweg.flex.selectors import eligible_sessions, monday_of, student_facts
from leerweg.flex.services import flex_week_ensure
from leerweg.flex.tests.factories import flex_set_up, published_week, session_in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def flex(personas: Personas):
    return flex_set_up(personas.school)


@pytest.fixture
def this_week(personas: Personas, flex):
    return flex_week_ensure(school=personas.school, monday=monday_of(timezone.localdate()))


def test_the_student_sees_published_placements_and_why(
    login_as, personas: Personas, flex, this_week
):
    debat = session_in(flex.tuesday, personas.mentor, "Debat", room="B12")
    uitleg = session_in(flex.thursday, personas.other_teacher, "Extra uitleg")
    sanne = personas.student_record
    MandatoryAssignment.objects.create(
        student=sanne,
        week=this_week,
        slot=flex.thursday,
        session=uitleg,
        reason="Breuken nog eens",
        set_by=personas.mentor,
    )
    published_week(
        this_week,
        [
            (sanne, debat, "chosen", 2),
            (sanne, uitleg, "mandatory", None),
            (personas.other_student_record, debat, "chosen", 1),
        ],
    )
    page = login_as(personas.student).get(reverse("flex:schedule", args=[sanne.public_id]), **EN)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Debat" in body and "room B12" in body and "Your choice 2." in body
    assert "Breuken nog eens" in body and personas.other_teacher.get_full_name() in body
    assert "Daan" not in body


def test_before_publication_the_student_sees_their_choices(login_as, personas: Personas, flex):
    debat = session_in(flex.tuesday, personas.mentor, "Debat")
    sanne = personas.student_record
    FlexChoice.objects.create(
        student=sanne, week=flex.week, slot=flex.tuesday, session=debat, rank=1
    )
    page = login_as(personas.student).get(reverse("flex:schedule", args=[sanne.public_id]), **EN)
    body = page.content.decode()
    assert "Not published yet" in body and "choice 1" in body and "Debat" in body


def test_the_schedule_reads_in_a_fixed_number_of_queries(
    personas: Personas, flex, this_week, django_assert_num_queries
):
    debat = session_in(flex.tuesday, personas.mentor, "Debat")
    published_week(this_week, [(personas.student_record, debat, "chosen", 1)])
    with django_assert_num_queries(5):
        weeks = student_schedule(personas.student_record)
    assert [len(w.placements) for w in weeks if w.published] == [1]


def test_another_student_and_staff_cannot_open_the_schedule(login_as, personas: Personas):
    url = reverse("flex:schedule", args=[personas.student_record.public_id])
    assert login_as(personas.other_student).get(url).status_code == 404
    assert login_as(personas.mentor).get(url).status_code == 403


def test_the_teacher_sees_only_their_own_sessions(login_as, personas: Personas, flex, this_week):
    debat = session_in(flex.tuesday, personas.mentor, "Debat")
    koken = session_in(flex.tuesday, personas.other_teacher, "Koken")
    published_week(
        this_week,
        [
            (personas.student_record, debat, "chosen", 1),
            (personas.other_student_record, koken, "chosen", 1),
        ],
    )
    page = login_as(personas.mentor).get(reverse("flex:my-sessions"), **EN)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Debat" in body and "Sanne" in body and "4H1" in body
    assert "Koken" not in body and "Daan" not in body


def test_the_teachers_week_before_publication(login_as, personas: Personas, flex):
    session_in(flex.tuesday, personas.mentor, "Debat")
    url = reverse("flex:my-sessions") + f"?week={flex.week.code}"
    body = login_as(personas.mentor).get(url, **EN).content.decode()
    assert "has not been published yet" in body and "Debat" in body


# --- Prerequisites from published placements ----------------------------------------------------


def _prerequisite(personas: Personas, flex):
    basics = session_in(flex.tuesday, personas.mentor, "Basis")
    follow_up = session_in(
        flex.thursday, personas.mentor, "Vervolg", prerequisite_sessions=[basics]
    )
    earlier = flex_week_ensure(school=personas.school, monday=flex.week.monday - timedelta(weeks=1))
    return basics, follow_up, earlier


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        (None, True),
        (AttendanceStatus.PRESENT, True),
        (AttendanceStatus.LATE, True),
        (AttendanceStatus.ABSENT, False),
        (AttendanceStatus.EXCUSED, False),
    ],
)
def test_a_published_placement_counts_as_attended_unless_absent(
    personas: Personas, flex, status, counts
):
    basics, follow_up, earlier = _prerequisite(personas, flex)
    sanne = personas.student_record
    run = published_week(earlier, [(sanne, basics, "chosen", 1)])
    if status is not None:
        Attendance.objects.create(placement=run.placements.get(), status=status)
    eligible = eligible_sessions([sanne], flex.week, [follow_up])[sanne.pk]
    assert (follow_up.pk in eligible) is counts


def test_an_unpublished_placement_or_the_same_week_does_not_count(personas: Personas, flex):
    basics, _follow_up, earlier = _prerequisite(personas, flex)
    sanne = personas.student_record
    run = published_week(earlier, [(sanne, basics, "chosen", 1)])
    assert basics.pk not in student_facts([sanne], earlier)[sanne.pk].sessions_attended
    run.published_at = None
    run.save()
    assert basics.pk not in student_facts([sanne], flex.week)[sanne.pk].sessions_attended


def test_once_a_week_is_published_its_placements_replace_mandatory(personas: Personas, flex):
    """Required in an earlier week but marked absent there: not attended."""
    basics, _follow_up, earlier = _prerequisite(personas, flex)
    sanne = personas.student_record
    MandatoryAssignment.objects.create(
        student=sanne,
        week=earlier,
        slot=flex.tuesday,
        session=basics,
        reason="x",
        set_by=personas.mentor,
    )
    assert basics.pk in student_facts([sanne], flex.week)[sanne.pk].sessions_attended
    run = published_week(earlier, [(sanne, basics, "mandatory", None)])
    Attendance.objects.create(placement=run.placements.get(), status=AttendanceStatus.ABSENT)
    assert basics.pk not in student_facts([sanne], flex.week)[sanne.pk].sessions_attended
