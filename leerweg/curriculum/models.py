"""A school's curriculum: learning domains → learning lines → learning goals.

Each school owns its curriculum (it may start from the national core
objectives and adapt them). Goals carry the level they are written for and the
triple aim of education they serve; prerequisites link goals to goals.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel
from leerweg.curriculum.years import year_range_label
from leerweg.schools.models import School, Sector


class Aim(models.TextChoices):
    """The triple aim of education (Biesta): what a goal is ultimately for."""

    QUALIFICATION = "qualification", _("Qualification")
    SOCIALISATION = "socialisation", _("Socialisation")
    PERSONAL_FORMATION = "personal_formation", _("Personal formation")


class LearningDomain(TimestampedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="learning_domains")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("learning domain")
        verbose_name_plural = _("learning domains")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="domain_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class LearningLine(TimestampedModel):
    domain = models.ForeignKey(LearningDomain, on_delete=models.CASCADE, related_name="lines")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("learning line")
        verbose_name_plural = _("learning lines")
        ordering = ["domain__position", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="line_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class CurriculumGoal(TimestampedModel):
    line = models.ForeignKey(LearningLine, on_delete=models.CASCADE, related_name="goals")
    # Denormalised from line → domain → school so that every goal query can be
    # scoped to a school without two joins.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="curriculum_goals")
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sector = models.CharField(_("sector"), max_length=3, choices=Sector.choices)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    aim = models.CharField(_("aim"), max_length=20, choices=Aim.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="unlocks",
        blank=True,
        verbose_name=_("prerequisites"),
    )

    class Meta:
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")
        ordering = ["line__domain__position", "line__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="goal_unique_code"),
            models.CheckConstraint(
                condition=models.Q(year_from__lte=models.F("year_to")),
                name="goal_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def years_label(self) -> str:
        """ "Group 3–5" or "Year 1–3": the years the goal is written for."""
        return year_range_label(self.sector, self.year_from, self.year_to)
