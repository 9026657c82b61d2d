from uuid import UUID

from django.shortcuts import get_object_or_404

from leerweg.accounts.models import User
from leerweg.notifications.models import Notification


def access_notification(user: User, notification_id: UUID) -> Notification:
    """A notification of ``user``; someone else's gives the same 404 as a missing one.

    Notifications belong to the person, not to a role: a teacher who is also
    a parent sees all of theirs whichever role is active.
    """
    return get_object_or_404(Notification, recipient=user, public_id=notification_id)
