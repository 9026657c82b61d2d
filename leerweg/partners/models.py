import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel


class PartnerKind(models.TextChoices):
    SPORT = "sport", _("Sport club")
    MUSIC = "music", _("Music school")
    CULTURE = "culture", _("Culture")
    LIBRARY = "library", _("Library")
    YOUTH_WORK = "youth_work", _("Youth work")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class PartnerOrganisation(TimestampedModel):
    """An organisation outside school where students learn: a club, a library, a theatre.

    Partners are not tied to one school; what they may see of a student follows
    only from that student's consent.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerUser(TimestampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_memberships"
    )
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="members"
    )

    class Meta:
        verbose_name = _("partner user")
        verbose_name_plural = _("partner users")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="partner_user_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"
