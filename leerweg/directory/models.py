"""The region as classroom: a directory of partners, and the offers partners post for students.

A directory entry is an organisation's public page: what it offers schools
and how to reach it, as the organisation chose to publish it. An offer is a
learning opportunity for students (a clinic, a taster lesson, a project, a
work visit). Students say they are interested; schools see the uptake of
their own students; partners see counts per school, never names.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel
from leerweg.core.regions import Region
from leerweg.partners.models import PartnerOrganisation
from leerweg.profiles.models import InterestArea
from leerweg.schools.models import Sector, Student


class EntryKind(models.TextChoices):
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")
    CLUB = "club", _("Club")
    CULTURE = "culture", _("Cultural institution")
    MUNICIPALITY = "municipality", _("Municipality service")
    NATIONAL = "national", _("National organisation")
    OTHER = "other", _("Other")


class DirectoryEntry(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    description = models.TextField(_("description"), max_length=3000)
    offers_schools = models.TextField(_("what we offer schools"), max_length=3000)
    # Empty: works nationwide.
    region = models.CharField(_("region"), max_length=2, choices=Region.choices, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separate tags with commas.")
    )
    website = models.URLField(_("website"), blank=True)
    # Organisational contact, published as the organisation chose.
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    partner = models.OneToOneField(
        PartnerOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entry",
        verbose_name=_("partner organisation in Leerweg"),
    )
    is_listed = models.BooleanField(_("listed"), default=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"], condition=Q(is_listed=True), name="entry_listed"),
            models.Index(fields=["kind", "name"], name="entry_kind"),
            models.Index(fields=["region", "name"], name="entry_region"),
            models.Index(fields=["updated_at"], name="entry_updated"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class OfferKind(models.TextChoices):
    CLINIC = "clinic", _("Clinic")
    TASTER = "taster", _("Taster lesson")
    PROJECT = "project", _("Project")
    WORK_VISIT = "work_visit", _("Work visit")
    OTHER = "other", _("Other")


class Offer(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="offers"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    description = models.TextField(_("description"), max_length=3000)
    # Audience: empty sector and ages mean "everyone".
    sector = models.CharField(_("sector"), max_length=3, choices=Sector.choices, blank=True)
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("up to age"), null=True, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    places = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty if there is no limit.")
    )
    location = models.CharField(_("location"), max_length=200)
    tags = models.CharField(
        _("other words"),
        max_length=300,
        blank=True,
        help_text=_("Words that students may use for this, separated by commas."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["ends_on", "starts_on"], name="offer_current")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="offer_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="offer_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class OfferArea(models.Model):
    """One interest area an offer is about; matched with the students' own interests."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=20, choices=InterestArea.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "area"], name="offer_area_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.area}"


class OfferInterest(models.Model):
    """A student said "I am interested"; withdrawing deletes the row."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="interested")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="offer_interests")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interest in an offer")
        verbose_name_plural = _("interest in offers")
        constraints = [
            models.UniqueConstraint(fields=["offer", "student"], name="offer_interest_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.offer_id}"
