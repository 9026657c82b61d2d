"""Links between students and partner organisations, and consent per partner and purpose.

A partner knows a student only as a link: a random pseudonym (the xAPI
``account.name``) and the label the partner typed itself. Consent rows are
never changed except to close them, so together they are the history of who
gave or withdrew which consent, and when.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import Student

PSEUDONYM_LENGTH = 22
LABEL_MAX_LENGTH = 100


class Purpose(models.TextChoices):
    RECORD = "record", _("Record activities")
    VIEW = "view", _("See the recorded activities")


class ActingAs(models.TextChoices):
    """In which capacity someone decided: the student from 16, a guardian below 16."""

    STUDENT = "student", _("student")
    GUARDIAN = "guardian", _("parent or carer")


class PartnerLink(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="partner_links")
    partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="student_links"
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=PSEUDONYM_LENGTH, editable=False)
    # What the partner calls the student (a member name or number), typed by
    # the partner: Leerweg never tells a partner the student's name.
    partner_label = models.CharField(_("partner's label"), max_length=LABEL_MAX_LENGTH)
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    ended_as = models.CharField(_("ended as"), max_length=10, choices=ActingAs.choices, blank=True)

    class Meta:
        verbose_name = _("partner link")
        verbose_name_plural = _("partner links")
        constraints = [
            # Also over ended links, so a pseudonym never comes back for someone else.
            models.UniqueConstraint(
                fields=["partner", "pseudonym"], name="partner_link_unique_pseudonym"
            ),
            models.UniqueConstraint(
                fields=["student", "partner"],
                condition=Q(ended_at__isnull=True),
                name="partner_link_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.partner_label}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class LinkCode(models.Model):
    """A single-use code with which a partner links itself to a student.

    Only an HMAC of the code is kept (see ``codes.code_digest``); the code
    itself is shown once, to the person who made it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="link_codes")
    partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="link_codes"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The purposes consented to when the code is redeemed.
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_as = models.CharField(_("created as"), max_length=10, choices=ActingAs.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("redeemed by"),
    )
    link = models.OneToOneField(
        PartnerLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="code"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("link code")
        verbose_name_plural = _("link codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.partner} · {self.created_at:%Y-%m-%d}"


class ConsentGrant(models.Model):
    """One consent, from the moment it was given until it was withdrawn (if it was)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consent_grants")
    partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="consent_grants"
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    granted_at = models.DateTimeField(_("given at"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("given by"),
    )
    granted_as = models.CharField(_("given as"), max_length=10, choices=ActingAs.choices)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_as = models.CharField(
        _("withdrawn as"), max_length=10, choices=ActingAs.choices, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "partner", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_grant_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "purpose", "student"], name="consent_partner_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} · {self.partner} · {self.purpose}"

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None


class RedemptionFailure(models.Model):
    """A wrong code typed by a partner user; counted to slow down guessing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "attempted_at"], name="redemption_failure_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.attempted_at:%Y-%m-%d %H:%M}"
