from django.db.models import QuerySet

from leerweg.accounts.models import User
from leerweg.notifications.models import Notification, NotificationPreference

RECENT_LIMIT = 50


def notifications_unread_count(*, user: User) -> int:
    """One COUNT query, served by the (recipient, read_at, -created_at) index."""
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_recent(*, user: User, limit: int = RECENT_LIMIT) -> QuerySet[Notification]:
    """The newest notifications of ``user``, read or not, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at")[:limit]


def notification_preference_of(*, user: User) -> NotificationPreference:
    """The person's preference; the defaults (unsaved) if they never chose."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference or NotificationPreference(user=user)
