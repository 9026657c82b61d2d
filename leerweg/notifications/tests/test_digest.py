from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext_noop

from conftest import Personas
from leerweg.notifications.models import Notification, NotificationKind
from leerweg.notifications.services import (
    notification_mark_read,
    notification_preference_set,
    notification_send,
)
from leerweg.notifications.tasks import send_daily_digests
from leerweg.notifications.tests.factories import send_feedback_notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def opted_in(personas: Personas) -> Personas:
    """Sanne (English) and Daan (Dutch) want the digest; the mentor does not."""
    for user, language in [(personas.student, "en"), (personas.other_student, "nl")]:
        user.email = f"{user.username}@example.org"
        user.preferred_language = language
        user.save()
        notification_preference_set(user=user, daily_digest=True)
    personas.mentor.email = "mentor@example.org"
    personas.mentor.save()
    return personas


def test_digest_goes_only_to_people_who_asked_for_it(opted_in: Personas, settings):
    settings.LEERWEG_BASE_URL = "https://leerweg.example.nl/"
    send_feedback_notification(opted_in.student, goal="Bijen")
    send_feedback_notification(opted_in.mentor)

    assert send_daily_digests.call() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sanne@example.org"]
    assert message.subject == "Leerweg: 1 new notification"
    assert "New feedback on “Bijen”" in message.body
    assert "https://leerweg.example.nl/profiel/" in message.body
    assert "https://leerweg.example.nl/meldingen/instellingen/" in message.body
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])


def test_no_digest_without_fresh_unread_notifications(opted_in: Personas):
    read = send_feedback_notification(opted_in.student)
    notification_mark_read(notification=read)
    old = send_feedback_notification(opted_in.other_student)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))

    assert send_daily_digests.call() == 0
    assert mail.outbox == []


def test_no_digest_without_an_address(opted_in: Personas):
    opted_in.student.email = ""
    opted_in.student.save()
    send_feedback_notification(opted_in.student)
    assert send_daily_digests.call() == 0


def test_digest_is_written_in_the_recipients_language(opted_in: Personas):
    # "My goals" is a msgid the Dutch catalogue already translates.
    for user in (opted_in.student, opted_in.other_student):
        notification_send(
            recipient=user, kind=NotificationKind.OTHER, title=gettext_noop("My goals"), link="/"
        )
    assert send_daily_digests.call() == 2
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "- My goals" in bodies["sanne@example.org"]
    assert "- Mijn doelen" in bodies["daan@example.org"]


def test_command_enqueues_the_task(opted_in: Personas):
    send_feedback_notification(opted_in.student)
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "1" in out.getvalue()
    assert len(mail.outbox) == 1
