import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_noop

from conftest import Personas
from leerweg.notifications.models import Notification, NotificationKind
from leerweg.notifications.selectors import notifications_unread_count
from leerweg.notifications.services import (
    notification_mark_read,
    notification_send,
    notifications_mark_all_read,
)
from leerweg.notifications.tests.factories import send_feedback_notification

pytestmark = pytest.mark.django_db


def test_send_stores_the_msgid_and_renders_it_when_read(personas: Personas):
    notification = send_feedback_notification(personas.student, goal="Bijen")
    assert notification.title == "New feedback on “%(goal)s”"
    with translation.override("en"):
        assert notification.text == "New feedback on “Bijen”"
    assert notification.is_unread
    assert notifications_unread_count(user=personas.student) == 1


@pytest.mark.parametrize(
    "link", ["https://evil.example/", "//evil.example/x", "profiel/", "/\\evil.example", ""]
)
def test_send_refuses_a_link_off_this_site(personas: Personas, link: str):
    with pytest.raises(ValidationError):
        notification_send(
            recipient=personas.student, kind=NotificationKind.OTHER, title="Hello", link=link
        )
    assert not Notification.objects.exists()


def test_send_refuses_params_that_do_not_fit_the_title(personas: Personas):
    with pytest.raises(ValidationError):
        notification_send(
            recipient=personas.student,
            kind=NotificationKind.FEEDBACK,
            title=gettext_noop("New feedback on “%(goal)s”"),
            params={"evidence": "Bijen"},
            link="/profiel/",
        )


def test_send_refuses_an_unknown_kind(personas: Personas):
    with pytest.raises(ValidationError):
        notification_send(
            recipient=personas.student,
            kind="gossip",  # type: ignore[arg-type]
            title="Hello",
            link="/profiel/",
        )


def test_mark_read_keeps_the_first_moment(personas: Personas):
    notification = send_feedback_notification(personas.student)
    notification_mark_read(notification=notification)
    first = Notification.objects.get(pk=notification.pk).read_at
    assert first is not None
    notification_mark_read(notification=Notification.objects.get(pk=notification.pk))
    assert Notification.objects.get(pk=notification.pk).read_at == first


def test_mark_all_read_touches_only_that_person(personas: Personas):
    send_feedback_notification(personas.student)
    send_feedback_notification(personas.student)
    send_feedback_notification(personas.other_student)
    assert notifications_mark_all_read(user=personas.student) == 2
    assert notifications_unread_count(user=personas.student) == 0
    assert notifications_unread_count(user=personas.other_student) == 1
