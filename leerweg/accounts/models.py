import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Anyone who can log in: student, guardian, staff, board viewer or partner user.

    What a person may do is not stored here but follows from their links
    elsewhere (a student record, guardian links, staff memberships, …); see
    ``leerweg.insight.roles``.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    preferred_language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
