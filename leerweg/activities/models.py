"""What a student did, in school and out of it, on one timeline whatever its source."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel
from leerweg.partners.models import PartnerOrganisation
from leerweg.profiles.models import Audience, InterestArea, Skill
from leerweg.schools.models import Student


class Setting(models.TextChoices):
    IN_SCHOOL = "in_school", _("In school")
    OUT_OF_SCHOOL = "out_of_school", _("Out of school")


class Source(models.TextChoices):
    STUDENT = "student", _("Entered by the student")
    STAFF = "staff", _("Entered by school staff")
    PARTNER = "partner", _("Recorded by a partner organisation")


class Activity(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("what did you do"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    setting = models.CharField(_("where"), max_length=20, choices=Setting.choices)
    area = models.CharField(_("area"), max_length=20, choices=InterestArea.choices, blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=150, blank=True, help_text=_("Club, school, company …")
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The partner that recorded the activity (source PARTNER), or that backs
    # one the student entered, once school staff marked it validated.
    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organisation"),
    )
    # The xAPI statement a partner-recorded activity came from.
    # Looked up with the partner, through the unique (partner, statement) index.
    statement_id = models.UUIDField(null=True, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    partner_validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    partner_validated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["student", "-started_on"], name="activity_timeline")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="activity_ends_after_start",
            ),
            # A statement becomes one activity, however often it is sent.
            models.UniqueConstraint(
                fields=["partner", "statement_id"],
                condition=Q(statement_id__isnull=False),
                name="activity_unique_statement",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_partner_backed(self) -> bool:
        return self.source == Source.PARTNER or self.partner_validated_at is not None

    @property
    def hidden_audiences(self) -> frozenset[str]:
        """The audiences the student hid this activity from (prefetch ``hidden_from``)."""
        return frozenset(hidden.audience for hidden in self.hidden_from.all())

    @property
    def skill_labels(self) -> list[str]:
        return [str(Skill(value).label) for value in self.skills if value in Skill.values]


class HiddenActivity(models.Model):
    """The student hid one activity from one audience it would otherwise reach."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="hidden_from")
    audience = models.CharField(_("hidden from"), max_length=20, choices=Audience.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hidden activity")
        verbose_name_plural = _("hidden activities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "audience"], name="hidden_activity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.audience}"
