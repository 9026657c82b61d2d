"""Background work: the daily e-mail digest (Django's tasks framework).

``leerweg send_digests`` enqueues ``send_daily_digests`` once a day, from cron.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from leerweg.accounts.models import User
from leerweg.notifications.models import Notification

logger = logging.getLogger(__name__)

DIGEST_PERIOD = timedelta(days=1)
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@task
def send_daily_digests() -> int:
    """E-mail each person who asked for it their unread notifications of the last day.

    One plain-text message per person, in their own language, with absolute
    links. People without an e-mail address or without new unread
    notifications get nothing. Returns the number of messages sent; a message
    that fails is logged and the others still go out.
    """
    since = timezone.now() - DIGEST_PERIOD
    base_url = getattr(settings, "LEERWEG_BASE_URL", DEFAULT_BASE_URL).rstrip("/")
    sent = 0
    for user in _digest_recipients(since):
        try:
            _send_digest(user, base_url)
        except OSError:  # smtplib's errors are OSErrors too
            logger.exception("Daily digest failed for user %s", user.public_id)
        else:
            sent += 1
    return sent


def _digest_recipients(since: datetime) -> QuerySet[User]:
    """Opted-in, active people with an address and fresh unread notifications, prefetched."""
    fresh = Notification.objects.filter(read_at=None, created_at__gte=since)
    return (
        User.objects.filter(
            is_active=True,
            notification_preference__daily_digest=True,
        )
        .exclude(email="")
        .filter(Exists(fresh.filter(recipient=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "notifications",
                queryset=fresh.order_by("-created_at"),
                to_attr="digest_notifications",
            )
        )
        .order_by("pk")
    )


def _send_digest(user: User, base_url: str) -> None:
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "notifications": user.digest_notifications,  # type: ignore[attr-defined]
            "base_url": base_url,
            "list_url": reverse("notifications:list"),
            "preferences_url": reverse("notifications:preferences"),
        }
        subject = render_to_string("notifications/digest_subject.txt", context).strip()
        body = render_to_string("notifications/digest_body.txt", context)
    send_mail(subject, body, None, [user.email])
