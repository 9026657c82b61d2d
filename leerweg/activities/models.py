"""What a student did, in school and out of it, on one timeline whatever its source."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel
from leerweg.profiles.models import InterestArea
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
        ]

    def __str__(self) -> str:
        return self.title
