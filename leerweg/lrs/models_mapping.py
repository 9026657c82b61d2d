"""A school's own rules for turning partners' xAPI statements into timeline activities.

The defaults are in ``leerweg.lrs.mapping``; a school's rule for one exact verb
or activity-type IRI replaces the default for it, for that school's students.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerweg.lrs import mapping
from leerweg.profiles.models import InterestArea, Skill
from leerweg.schools.models import School


class MappingKind(models.TextChoices):
    VERB = mapping.VERB, _("Verb")
    ACTIVITY_TYPE = mapping.ACTIVITY_TYPE, _("Activity type")


class StatementMapping(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=MappingKind.choices)
    iri = models.CharField(_("IRI"), max_length=mapping.RULE_IRI_MAX)
    on_timeline = models.BooleanField(_("on the timeline"), default=True)
    area = models.CharField(_("area"), max_length=20, choices=InterestArea.choices, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("statement mapping")
        verbose_name_plural = _("statement mappings")
        ordering = ["kind", "iri"]
        constraints = [
            models.UniqueConstraint(fields=["school", "kind", "iri"], name="lrs_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.iri}"

    def as_rule(self) -> mapping.Rule:
        return mapping.Rule(
            on_timeline=self.on_timeline, area=self.area, skills=tuple(self.skills or ())
        )

    @property
    def skill_labels(self) -> list[str]:
        return [str(Skill(value).label) for value in self.skills or [] if value in Skill.values]
