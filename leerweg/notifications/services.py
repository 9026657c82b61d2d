"""Writes for notifications. Higher apps call ``notification_send``; nothing here sends mail.

The daily e-mail is the job of ``tasks.send_daily_digests``, which reads what
these services wrote.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from leerweg.accounts.models import User
from leerweg.notifications.models import Notification, NotificationKind, NotificationPreference


def is_relative_path(link: str) -> bool:
    """A path on this site ("/leerweg/…"), never another host: the read view redirects to it."""
    return (
        link.startswith("/")
        and not link.startswith("//")
        and "\\" not in link
        and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    )


@transaction.atomic
def notification_send(
    *,
    recipient: User,
    kind: NotificationKind,
    title: str,
    link: str,
    params: Mapping[str, str | int] | None = None,
) -> Notification:
    """Record a notification for ``recipient``, in the caller's transaction.

    ``title`` is an English msgid marked with ``gettext_noop`` (not translated
    text); placeholders are ``%(name)s`` and their values come in ``params``.
    It is translated when the recipient reads it, in their language then.
    ``link`` is a path on this site, such as ``reverse("paths:goal-detail", …)``.
    """
    values = dict(params or {})
    if not is_relative_path(link):
        raise ValidationError({"link": "A notification links to a path on this site."})
    if values:
        try:
            title % values  # only checks that the placeholders fit
        except (KeyError, ValueError, TypeError) as error:
            message = f"The title's placeholders do not fit the params: {error}"
            raise ValidationError({"params": message}) from None
    notification = Notification(
        recipient=recipient, kind=kind, title=title, params=values, link=link
    )
    notification.full_clean()
    notification.save()
    return notification


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark as read; reading it again keeps the first moment."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of ``user`` as read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(*, user: User, daily_digest: bool) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"daily_digest": daily_digest}
    )
    return preference
