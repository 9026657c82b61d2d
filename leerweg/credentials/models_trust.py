"""Signing keys, revocation lists and issued credentials of a school.

- ``IssuerKey``: one Ed25519 key of a school. The private key is stored wrapped
  (AES-256-GCM) under the key-encryption key from the settings, never in the clear.
  Rotation adds a key and retires the previous one; retired keys stay listed in the
  school's DID document so credentials signed with them keep verifying.
- ``StatusList``: a W3C Bitstring Status List of a school, bound to the issuer DID
  that signs it. Every issued credential owns one bit; a set bit means revoked.
  ``signed_json`` is the current signed list credential, re-signed on every change.
- ``IssuedCredential``: a signed Open Badges 3.0 credential exactly as issued; the
  JSON is never changed afterwards, revocation only flips its bit.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IssuerKey(models.Model):
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="credential_keys"
    )
    key_id = models.CharField(_("key id"), max_length=64)
    public_key_multibase = models.CharField(_("public key"), max_length=64, unique=True)
    private_key_wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "key_id"], name="issuer_key_unique_id"),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(retired_at__isnull=True),
                name="issuer_key_one_active_per_school",
            ),
        ]

    def __str__(self) -> str:
        return self.key_id


class StatusList(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="credential_status_lists"
    )
    issuer_did = models.CharField(_("issuer"), max_length=300)
    list_url = models.CharField(_("address"), max_length=500, unique=True)
    length = models.PositiveIntegerField(default=131_072)
    bits = models.BinaryField()
    next_index = models.PositiveIntegerField(default=0)
    signed_json = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("revocation list")
        verbose_name_plural = _("revocation lists")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_index__lte=models.F("length")),
                name="status_list_index_within_length",
            ),
        ]

    def __str__(self) -> str:
        return self.list_url


class CredentialKind(models.TextChoices):
    LINE = "line", _("Line of a Plusdocument")
    DOCUMENT = "document", _("Plusdocument")


class IssuedCredential(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="issued_credentials"
    )
    student = models.ForeignKey(
        "schools.Student",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issued_credentials",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CredentialKind.choices)
    name = models.CharField(_("name"), max_length=300)
    subject_name = models.CharField(_("name of the student"), max_length=200, blank=True)
    issuer_did = models.CharField(_("issuer"), max_length=300)
    signed_json = models.TextField()
    status_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, related_name="credentials"
    )
    status_index = models.PositiveIntegerField()
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("issued credential")
        verbose_name_plural = _("issued credentials")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="issued_credential_unique_status"
            ),
        ]
        indexes = [
            models.Index(fields=["student", "issued_at"], name="credential_student_time"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
