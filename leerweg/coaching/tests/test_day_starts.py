from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.accounts.tests.factories import UserFactory
from leerweg.audit.models import AuditEvent
from leerweg.coaching.models import DayStart, SchoolCoachingSettings
from leerweg.schools.tests.factories import StudentFactory, add_to_group

pytestmark = pytest.mark.django_db

CHECK_IN = {"mood": "4", "plan": "Mijn presentatie afmaken", "where": "Studieruimte"}


def test_a_student_checks_in_once_a_day_and_a_second_submit_updates_it(client, personas: Personas):
    login(client, personas.student)
    url = reverse("coaching:daystart")
    assert client.post(url, {**CHECK_IN, "own_goal": personas.own_goal.pk}).status_code == 302
    client.post(url, {**CHECK_IN, "mood": "2", "plan": "Toch iets anders"})
    day_start = DayStart.objects.get(student=personas.student_record)
    assert (day_start.mood, day_start.plan, day_start.own_goal) == (2, "Toch iets anders", None)
    assert day_start.day == timezone.localdate()
    assert client.get(url).context["existing"] == day_start


@pytest.mark.parametrize("mood", ["0", "6", "", "goed"])
def test_a_mood_outside_one_to_five_is_a_field_error_and_nothing_is_stored(
    client, personas: Personas, mood: str
):
    login(client, personas.student)
    response = client.post(reverse("coaching:daystart"), {**CHECK_IN, "mood": mood})
    assert response.status_code == 400
    assert "mood" in response.context["form"].errors
    assert not DayStart.objects.exists()


def test_another_students_goal_cannot_be_chosen(client, personas: Personas):
    login(client, personas.other_student)
    response = client.post(
        reverse("coaching:daystart"), {**CHECK_IN, "own_goal": personas.own_goal.pk}
    )
    assert "own_goal" in response.context["form"].errors
    assert not DayStart.objects.exists()


def test_with_day_starts_off_the_page_says_so(client, personas: Personas):
    SchoolCoachingSettings.objects.create(school=personas.school, day_starts_enabled=False)
    login(client, personas.student)
    response = client.get(reverse("coaching:daystart"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "does not use day starts" in response.content.decode()
    assert reverse("coaching:daystart") not in [item.url for item in response.context["navigation"]]
    client.post(reverse("coaching:daystart"), CHECK_IN)
    assert not DayStart.objects.exists()


def test_a_leader_switches_day_starts_off(client, personas: Personas):
    login(client, personas.leader)
    client.post(reverse("coaching:settings"), {})  # an unticked box is "off"
    assert not SchoolCoachingSettings.objects.get(school=personas.school).day_starts_enabled
    login(client, personas.mentor)
    assert client.get(reverse("coaching:settings")).status_code == 403


def _check_in(student, day, mood: int) -> DayStart:
    return DayStart.objects.create(student=student, day=day, mood=mood, plan="Werken")


def test_the_board_shows_who_did_not_check_in_and_who_needs_attention(client, personas: Personas):
    today = timezone.localdate()
    sanne, mila = personas.student_record, personas.young_student_record
    _check_in(sanne, today, 4)
    # Mila has not checked in today, but was low three times in a row.
    for days_ago in (1, 2, 3):
        _check_in(mila, today - timedelta(days=days_ago), 2)
    login(client, personas.mentor)
    page = client.get(reverse("coaching:daystart-board", args=[personas.group.pk]))
    assert [row.student for row in page.context["missing"]] == [mila]
    assert [row.student for row in page.context["checked_in"]] == [sanne]
    assert [(row.student, row.low_streak) for row in page.context["attention"]] == [(mila, True)]
    assert AuditEvent.objects.filter(what="daystart.board").count() == 2


def test_a_low_mood_today_needs_attention(client, personas: Personas):
    _check_in(personas.student_record, timezone.localdate(), 1)
    login(client, personas.mentor)
    page = client.get(reverse("coaching:daystart-board", args=[personas.group.pk]))
    (row,) = page.context["attention"]
    assert row.low_today and row.student == personas.student_record


@pytest.mark.parametrize("persona", ["other_teacher", "leader", "school_admin"])
def test_only_the_groups_mentors_see_the_board(client, personas: Personas, persona: str):
    login(client, personas.get(persona))
    response = client.get(reverse("coaching:daystart-board", args=[personas.group.pk]))
    assert response.status_code == 404


def _board_queries(client, group) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("coaching:daystart-board", args=[group.pk]))
        assert response.status_code == 200
    return len(queries)


def _fill_group(personas: Personas, size: int) -> None:
    today = timezone.localdate()
    for number in range(size):
        student = StudentFactory.create(
            user=UserFactory.create(username=f"leerling{size}-{number}"), school=personas.school
        )
        add_to_group(student, personas.group)
        for days_ago in range(3):
            _check_in(student, today - timedelta(days=days_ago), 1 + number % 5)


def test_the_board_costs_the_same_for_3_or_30_students(client, personas: Personas):
    login(client, personas.mentor)
    _fill_group(personas, 1)  # with Sanne and Mila: 3
    small = _board_queries(client, personas.group)
    _fill_group(personas, 27)  # 30
    assert _board_queries(client, personas.group) == small
