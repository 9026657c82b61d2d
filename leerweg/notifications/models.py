import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    FEEDBACK = "feedback", _("New feedback")
    CONVERSATION = "conversation", _("Upcoming conversation")
    AGREEMENT_DUE = "agreement_due", _("Agreement due")
    OTHER = "other", _("Other")


class Notification(models.Model):
    """A message for one person, shown in the app and optionally in a daily e-mail.

    ``title`` holds an English msgid with ``%(name)s`` placeholders, not
    translated text, and ``params`` the values for them. The text is
    translated when it is read (``text``), in the reader's language at that
    moment: the language switch and the e-mail digest both follow the
    reader, not whoever caused the notification.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The title in the active language, with its parameters filled in."""
        return render_title(self.title, self.params)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


def render_title(msgid: str, params: dict[str, Any]) -> str:
    """The translation of ``msgid`` with ``params`` filled in.

    A translation with a broken placeholder falls back to the English msgid,
    so one bad catalogue entry cannot break every page's header.
    """
    for candidate in (gettext(msgid), msgid):
        try:
            return candidate % params if params else candidate
        except (KeyError, ValueError, TypeError):
            continue
    return msgid


class NotificationPreference(models.Model):
    """How a person wants to hear about notifications besides the app itself."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    daily_digest = models.BooleanField(_("daily e-mail digest"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {'digest' if self.daily_digest else 'no digest'}"
