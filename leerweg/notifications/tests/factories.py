from django.utils.translation import gettext_noop

from leerweg.accounts.models import User
from leerweg.notifications.models import Notification, NotificationKind
from leerweg.notifications.services import notification_send


def send_feedback_notification(recipient: User, *, goal: str = "Presenteren") -> Notification:
    """A notification as the assessment app will send one."""
    return notification_send(
        recipient=recipient,
        kind=NotificationKind.FEEDBACK,
        title=gettext_noop("New feedback on “%(goal)s”"),
        params={"goal": goal},
        link="/profiel/",
    )
