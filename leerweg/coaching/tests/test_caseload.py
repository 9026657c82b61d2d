from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.accounts.tests.factories import UserFactory
from leerweg.coaching.models import Agreement
from leerweg.coaching.services import agreements_due_notify
from leerweg.coaching.tests.factories import conversation_for
from leerweg.notifications.models import Notification, NotificationKind
from leerweg.schools.tests.factories import StudentFactory, add_to_group

pytestmark = pytest.mark.django_db


def test_the_caseload_counts_open_and_overdue_agreements(client, personas: Personas):
    today = timezone.localdate()
    past = conversation_for(personas.student_record, personas.mentor, days_ahead=-3)
    conversation_for(personas.student_record, personas.mentor, days_ahead=4)
    for description, due_on, status in (
        ("Te laat", today - timedelta(days=1), "open"),
        ("Nog even", today + timedelta(days=5), "open"),
        ("Klaar", today - timedelta(days=9), "done"),
    ):
        Agreement.objects.create(
            student=personas.student_record,
            conversation=past,
            owner="student",
            description=description,
            due_on=due_on,
            status=status,
        )
    login(client, personas.mentor)
    page = client.get(reverse("coaching:caseload"))
    rows = {student.pk: student for student in page.context["students"]}
    # Both students of 4H1; Daan (4H2) is not the mentor's.
    assert set(rows) == {personas.student_record.pk, personas.young_student_record.pk}
    sanne = rows[personas.student_record.pk]
    assert (sanne.open_agreements, sanne.overdue_agreements) == (2, 1)
    assert sanne.last_conversation_at == past.planned_at
    assert rows[personas.young_student_record.pk].open_agreements == 0


def test_another_teacher_has_an_empty_caseload(client, personas: Personas):
    login(client, personas.other_teacher)
    assert list(client.get(reverse("coaching:caseload")).context["students"]) == []


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("coaching:caseload")).status_code == 200
    return len(queries)


def test_the_caseload_costs_the_same_for_more_students(client, personas: Personas):
    login(client, personas.mentor)
    before = _queries(client)
    for number in range(10):
        student = StudentFactory.create(
            user=UserFactory.create(username=f"extra{number}"), school=personas.school
        )
        add_to_group(student, personas.group)
        conversation = conversation_for(student, personas.mentor, days_ahead=-1)
        Agreement.objects.create(
            student=student, conversation=conversation, owner="coach", description="Bellen"
        )
    assert _queries(client) == before


def test_students_are_reminded_once_of_agreements_due_within_two_days(personas: Personas):
    today = timezone.localdate()
    conversation = conversation_for(personas.student_record, personas.mentor, days_ahead=-2)
    for description, days in (("Morgen", 1), ("Volgende week", 7)):
        Agreement.objects.create(
            student=personas.student_record,
            conversation=conversation,
            owner="student",
            description=description,
            due_on=today + timedelta(days=days),
        )
    assert agreements_due_notify(today=today) == 1
    assert agreements_due_notify(today=today) == 0
    notification = Notification.objects.get(kind=NotificationKind.AGREEMENT_DUE)
    assert notification.recipient == personas.student
    assert "Morgen" in notification.text


def test_the_daily_command_runs_the_reminder_task(personas: Personas):
    out = StringIO()
    call_command("notify_agreements_due", stdout=out)
    assert "Agreement reminders sent: 0." in out.getvalue()
