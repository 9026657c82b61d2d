from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("viewed")
    CHANGE = "change", _("changed")
    CREATE = "create", _("created")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")


class AuditEvent(models.Model):
    """One look at, or change to, one student's personal data.

    The student and school are kept as public ids rather than foreign keys: the
    trail sits below every other app, and it must outlive the records it is
    about (an erased student's trail still says who looked before erasure).
    Rows are only ever added; nothing updates or deletes them.
    """

    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # The role the actor acted in, e.g. "staff:mentor" or "partner".
    actor_role = models.CharField(_("role"), max_length=60)
    subject_public_id = models.UUIDField(_("student"), db_index=True)
    school_public_id = models.UUIDField(_("school"), db_index=True, null=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    # What was seen or changed, as a stable code such as "student.detail".
    what = models.CharField(_("what"), max_length=80)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["school_public_id", "-occurred_at"], name="audit_school_time"),
            models.Index(fields=["subject_public_id", "-occurred_at"], name="audit_subject_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.what}"
