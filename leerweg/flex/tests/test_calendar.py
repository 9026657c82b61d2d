"""Calendar links: valid iCalendar, secret handling, and no more data than needed."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from leerweg.core.ical import folded as fold
from leerweg.core.ical import text_value as escape_text
from leerweg.flex.calendar import feed_token_hash
from leerweg.flex.models import CalendarFeed, CalendarFeedKind
from leerweg.flex.selectors import monday_of
from leerweg.flex.services import flex_week_ensure
from leerweg.flex.tests.factories import flex_set_up, published_week, session_in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def published(personas: Personas):
    flex = flex_set_up(personas.school)
    week = flex_week_ensure(school=personas.school, monday=monday_of(timezone.localdate()))
    debat = session_in(flex.tuesday, personas.mentor, "Debat; pro, contra", room="B12")
    published_week(
        week,
        [
            (personas.student_record, debat, "chosen", 1),
            (personas.other_student_record, debat, "chosen", 2),
        ],
    )
    return debat


def _link(client: Client) -> str:
    page = client.post(reverse("flex:calendar-create"))
    assert page.status_code == 200
    url = page.context["url"]
    return url.split("testserver", 1)[1]


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def test_the_students_feed_is_valid_icalendar_with_only_her_own_hours(
    login_as, personas, published
):
    path = _link(login_as(personas.student))
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    lines = unfold(response.content.decode())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert lines.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Debat\\; pro\\, contra" in lines
    assert "LOCATION:B12" in lines
    starts = [line for line in lines if line.startswith("DTSTART:")]
    assert starts and starts[0].endswith("Z")
    assert "Daan" not in response.content.decode()
    assert CalendarFeed.objects.get().last_used_at is not None


def test_uids_stay_the_same_across_requests(login_as, personas, published):
    path = _link(login_as(personas.student))
    first = [line for line in unfold(Client().get(path).content.decode()) if "UID:" in line]
    second = [line for line in unfold(Client().get(path).content.decode()) if "UID:" in line]
    assert first == second and len(first) == 1


def test_the_teachers_feed_counts_students_without_names(login_as, personas, published):
    path = _link(login_as(personas.mentor))
    body = Client().get(path, headers={"accept-language": "en"}).content.decode()
    assert "2 students placed" in body
    assert "Sanne" not in body and "Daan" not in body
    assert CalendarFeed.objects.get().kind == CalendarFeedKind.TEACHER


def test_a_new_link_stops_the_old_one_and_only_a_hash_is_stored(login_as, personas, published):
    client = login_as(personas.student)
    old = _link(client)
    new = _link(client)
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    token = new.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert feed.token_hash == feed_token_hash(token) and token not in feed.token_hash


def test_a_revoked_or_unknown_link_is_not_found(login_as, personas, published):
    client = login_as(personas.student)
    path = _link(client)
    assert client.post(reverse("flex:calendar-revoke")).status_code == 302
    assert Client().get(path).status_code == 404
    assert Client().get(reverse("flex:calendar-feed", args=["nope"])).status_code == 404


def test_a_student_who_left_the_school_has_a_dead_link(login_as, personas, published):
    path = _link(login_as(personas.student))
    personas.student.is_active = False
    personas.student.save()
    assert Client().get(path).status_code == 404


def test_the_link_is_shown_on_the_schedule_pages(login_as, personas, published):
    page = login_as(personas.student).get(
        reverse("flex:schedule", args=[personas.student_record.public_id]), **EN
    )
    assert "Make a calendar link" in page.content.decode()


def test_text_is_escaped_and_long_lines_fold_between_characters():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    line = "SUMMARY:" + "ë" * 80
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
