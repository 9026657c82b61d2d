"""CSV exports of a published week: for leaders, and a session's roster for its teacher."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.audit.models import AuditEvent
from leerweg.flex.exports import safe_cell
from leerweg.flex.selectors import monday_of
from leerweg.flex.services import flex_week_ensure
from leerweg.flex.tests.factories import flex_set_up, published_week, session_in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def week(personas: Personas):
    flex = flex_set_up(personas.school)
    week = flex_week_ensure(school=personas.school, monday=monday_of(timezone.localdate()))
    debat = session_in(flex.tuesday, personas.mentor, '=HYPERLINK("x")', room="B12")
    koken = session_in(flex.tuesday, personas.other_teacher, "Koken")
    published_week(
        week,
        [
            (personas.student_record, debat, "chosen", 1),
            (personas.other_student_record, koken, "mandatory", None),
        ],
    )
    week.debat = debat  # type: ignore[attr-defined]
    return week


def _rows(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_leader_downloads_the_whole_week(login_as, personas, week):
    response = login_as(personas.leader).get(
        reverse("flex:week-export", args=[week.iso_year, week.iso_week]), **EN
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0][:3] == ["Week", "Day", "Date"]
    assert len(rows) == 3
    students = {row[8] for row in rows[1:]}
    assert students == {"Sanne de Vries", "Daan Bakker"}
    assert '\'=HYPERLINK("x")' in {row[5] for row in rows[1:]}
    assert AuditEvent.objects.filter(what="flex.export", action="export").count() == 2


@pytest.mark.parametrize(("who", "status"), [("mentor", 403), ("other_school_staff", 404)])
def test_the_week_is_for_this_schools_leaders(login_as, personas, week, who, status):
    response = login_as(personas.get(who)).get(
        reverse("flex:week-export", args=[week.iso_year, week.iso_week])
    )
    assert response.status_code == status


def test_an_unpublished_week_has_no_export(login_as, personas, week):
    week.runs.update(published_at=None)
    response = login_as(personas.leader).get(
        reverse("flex:week-export", args=[week.iso_year, week.iso_week])
    )
    assert response.status_code == 404


def test_the_teacher_downloads_the_roster_of_their_own_session(login_as, personas, week):
    url = reverse("flex:session-export", args=[week.debat.public_id, week.iso_year, week.iso_week])
    response = login_as(personas.mentor).get(url, **EN)
    rows = _rows(response)
    assert [row[3] for row in rows[1:]] == ["Sanne de Vries"]
    assert rows[1][4] == "4H1"
    assert login_as(personas.other_teacher).get(url).status_code == 404
    assert login_as(personas.leader).get(url).status_code == 200


def test_formula_cells_get_an_apostrophe():
    assert [safe_cell(v) for v in ["=1+1", "+31", "-2", "@A1", "\tx", "Breuken", 3, None]] == [
        "'=1+1",
        "'+31",
        "'-2",
        "'@A1",
        "'\tx",
        "Breuken",
        "3",
        "",
    ]
