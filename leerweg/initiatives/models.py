"""The public register of personalised-learning initiatives and the obstacles they meet.

Anyone may register an initiative without an account. A submission passes two
gates before anybody else sees it: the submitter confirms it through a signed
link sent by e-mail, and a moderator publishes it. Contact details serve those
two steps and the moderator's questions only; they never appear on a public
page or in an export.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel
from leerweg.core.regions import Region
from leerweg.schools.models import Sector


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    BOARD = "board", _("School board")
    OTHER = "other", _("Other organisation")


class ObstacleCategory(models.TextChoices):
    """Where the rules of the education system get in the way (the issue's six categories)."""

    QUALIFYING = "qualifying", _("Qualifying")
    EXAMINING = "examining", _("Examining")
    DIPLOMAS = "diplomas", _("Diplomas")
    CERTIFYING = "certifying", _("Certifying")
    VALIDATING = "validating", _("Validating")
    OTHER = "other", _("Other")


class InitiativeStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Initiative(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Who
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=10, choices=OrganisationKind.choices
    )
    # Where
    sector = models.CharField(_("sector"), max_length=3, choices=Sector.choices)
    region = models.CharField(_("region"), max_length=2, choices=Region.choices)
    # What and since when
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    since = models.DateField(_("since"))
    # Contact: for confirmation and moderation only, never public.
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    language = models.CharField(max_length=10, default="nl")
    # Moderation
    status = models.CharField(
        max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.UNCONFIRMED
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-published_at", "-id"]
        permissions = [("moderate_initiative", _("Can moderate the initiative register"))]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="initiative_published",
            ),
            models.Index(fields=["status", "confirmed_at"], name="initiative_queue"),
            models.Index(fields=["updated_at"], name="initiative_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="initiative_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Obstacle(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="obstacles")
    category = models.CharField(_("category"), max_length=12, choices=ObstacleCategory.choices)
    description = models.TextField(_("description"), max_length=3000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["initiative", "position", "id"]
        indexes = [models.Index(fields=["category", "initiative"], name="obstacle_category")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:50]}"
