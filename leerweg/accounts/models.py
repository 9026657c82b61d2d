import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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


API_TOKEN_LIFETIME = timedelta(days=365)
API_TOKEN_PREFIX_LENGTH = 8


def api_token_default_expiry() -> datetime:
    return timezone.now() + API_TOKEN_LIFETIME


class ApiToken(models.Model):
    """A secret that lets a program use the REST API as one person, in one role.

    Only a SHA-256 hash of the secret is stored: the secret is a long random
    string (``secrets.token_urlsafe(32)``, 256 bits), so a fast hash is as safe
    as a slow one and checking it costs microseconds. ``prefix`` (the first
    characters of the secret) is kept in the clear so a person can tell their
    tokens apart. ``role_key`` is the ``RoleContext.key`` the token acts in;
    if the person no longer holds that role, the token stops working.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    role_key = models.CharField(_("role"), max_length=40)
    prefix = models.CharField(max_length=API_TOKEN_PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=api_token_default_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
