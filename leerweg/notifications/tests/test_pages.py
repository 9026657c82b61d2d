import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas, login
from leerweg.notifications.models import Notification, NotificationPreference
from leerweg.notifications.tests.factories import send_feedback_notification

pytestmark = pytest.mark.django_db


def test_list_shows_own_notifications_and_the_header_counts_unread(client, personas: Personas):
    send_feedback_notification(personas.student, goal="Bijen")
    send_feedback_notification(personas.other_student, goal="Daans geheim")
    login(client, personas.student)
    response = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bijen" in body
    assert "Daans geheim" not in body
    assert '(1<span class="visually-hidden">' in body


def test_reading_marks_read_and_redirects_to_the_link(client, personas: Personas):
    notification = send_feedback_notification(personas.student)
    login(client, personas.student)
    response = client.post(reverse("notifications:read", args=[notification.public_id]))
    assert response.status_code == 302
    assert response["Location"] == "/profiel/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_reading_needs_post(client, personas: Personas):
    notification = send_feedback_notification(personas.student)
    login(client, personas.student)
    response = client.get(reverse("notifications:read", args=[notification.public_id]))
    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.is_unread


@pytest.mark.parametrize("persona", ["other_student", "guardian", "mentor"])
def test_someone_elses_notification_is_not_there_and_stays_unread(
    client, personas: Personas, persona: str
):
    notification = send_feedback_notification(personas.student)
    login(client, personas.get(persona))
    response = client.post(reverse("notifications:read", args=[notification.public_id]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.is_unread


def test_read_all_marks_only_own_notifications(client, personas: Personas):
    send_feedback_notification(personas.student)
    send_feedback_notification(personas.student)
    theirs = send_feedback_notification(personas.other_student)
    login(client, personas.student)
    response = client.post(reverse("notifications:read-all"))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(recipient=personas.student, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.is_unread


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_and_unread_count_cost_the_same_queries_for_1_or_20(client, personas: Personas):
    login(client, personas.student)
    send_feedback_notification(personas.student)
    url = reverse("notifications:list")
    few = _queries(client, url)
    for n in range(19):
        send_feedback_notification(personas.student, goal=f"Doel {n}")
    assert _queries(client, url) == few


def test_header_counts_unread_in_one_query(client, personas: Personas):
    login(client, personas.student)
    url = reverse("accounts:settings")
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _n in range(5):
        send_feedback_notification(personas.student)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert "(5<span" in response.content.decode()
    counts = [q["sql"] for q in after.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1
    assert len(after) == len(before)


def test_preferences_switch_the_digest_on_and_off(client, personas: Personas):
    login(client, personas.student)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    assert client.post(url, {"daily_digest": "on"}).status_code == 302
    assert NotificationPreference.objects.get(user=personas.student).daily_digest
    assert client.post(url, {"daily_digest": "off"}).status_code == 302
    assert not NotificationPreference.objects.get(user=personas.student).daily_digest


@pytest.mark.parametrize("data", [{}, {"daily_digest": "maybe"}, {"daily_digest": "1"}])
def test_preferences_refuse_junk(client, personas: Personas, data: dict[str, str]):
    login(client, personas.student)
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    assert not NotificationPreference.objects.filter(user=personas.student).exists()


def test_pages_need_a_login(client, personas: Personas):
    notification = send_feedback_notification(personas.student)
    response = client.post(reverse("notifications:read", args=[notification.public_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    notification.refresh_from_db()
    assert notification.is_unread
