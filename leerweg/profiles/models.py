"""A student's profile: who they are, in their own words, and whom they show it to."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel
from leerweg.schools.models import Student


class InterestArea(models.TextChoices):
    SPORT = "sport", _("Sport and movement")
    MUSIC = "music", _("Music")
    ART_CULTURE = "art_culture", _("Art and culture")
    NATURE = "nature", _("Nature and sustainability")
    TECHNOLOGY = "technology", _("Technology")
    READING = "reading", _("Reading and writing")
    CARING = "caring", _("Caring for others")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")
    SCIENCE = "science", _("Science and discovery")
    GAMES_DIGITAL = "digital", _("Games and digital making")


class Skill(models.TextChoices):
    """A 21st-century skills framework (SLO's "21e-eeuwse vaardigheden")."""

    CREATIVE_THINKING = "creative_thinking", _("Creative thinking")
    CRITICAL_THINKING = "critical_thinking", _("Critical thinking")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving")
    COLLABORATING = "collaborating", _("Collaborating")
    COMMUNICATING = "communicating", _("Communicating")
    DIGITAL_LITERACY = "digital_literacy", _("Digital literacy")
    SELF_REGULATION = "self_regulation", _("Self-regulation")
    SOCIAL_CULTURAL = "social_cultural", _("Social and cultural skills")


SKILL_SCALE = (1, 4)


class ProfilePart(models.TextChoices):
    """The parts of a profile and path a student can share, each on its own."""

    ABOUT_ME = "about_me", _("About me")
    INTERESTS = "interests", _("Interests")
    TALENTS = "talents", _("Talents")
    SKILLS = "skills", _("Skills")
    ACTIVITIES = "activities", _("Activities")
    GOALS = "goals", _("Own goals and plans")
    EVIDENCE = "evidence", _("Evidence")
    ROUTE = "route", _("Learning route")


class Audience(models.TextChoices):
    MENTOR_COACH = "mentor_coach", _("My mentor and coach")
    TEACHERS = "teachers", _("All my teachers")
    GUARDIANS = "guardians", _("My parents or carers")


# What is shared when a student has chosen nothing: only what the mentor needs
# to co-create the learning route with the student. Everything else is private
# until the student shares it.
DEFAULT_SHARING: frozenset[tuple[str, str]] = frozenset(
    {
        (ProfilePart.GOALS, Audience.MENTOR_COACH),
        (ProfilePart.EVIDENCE, Audience.MENTOR_COACH),
        (ProfilePart.ROUTE, Audience.MENTOR_COACH),
    }
)


class Profile(TimestampedModel):
    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="profile")
    about_me = models.TextField(_("about me"), blank=True, max_length=2000)
    # Whether the student has made their sharing choices; until then the
    # defaults above apply.
    sharing_chosen = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.student)


class Sharing(models.Model):
    """One part of the profile shared with one audience (a row means "yes")."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="sharing")
    part = models.CharField(max_length=20, choices=ProfilePart.choices)
    audience = models.CharField(max_length=20, choices=Audience.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "part", "audience"], name="sharing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} {self.part} → {self.audience}"


class Interest(TimestampedModel):
    """An interest: one of the taxonomy's areas, or a free tag in the student's words."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="interests")
    area = models.CharField(_("area"), max_length=20, choices=InterestArea.choices, blank=True)
    tag = models.CharField(_("own word"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["area", "tag"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(area="") & ~Q(tag="")) | (~Q(area="") & Q(tag="")),
                name="interest_area_or_tag",
            ),
            models.UniqueConstraint(
                fields=["student", "area"], condition=~Q(area=""), name="interest_unique_area"
            ),
            models.UniqueConstraint(
                fields=["student", "tag"], condition=~Q(tag=""), name="interest_unique_tag"
            ),
        ]

    def __str__(self) -> str:
        return self.get_area_display() if self.area else self.tag


class Talent(TimestampedModel):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="talents")
    title = models.CharField(_("talent"), max_length=80)
    description = models.CharField(_("example"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("talent")
        verbose_name_plural = _("talents")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class SkillRating(TimestampedModel):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="skill_ratings")
    skill = models.CharField(_("skill"), max_length=30, choices=Skill.choices)
    self_rating = models.PositiveSmallIntegerField(
        _("how good am I at it"),
        validators=[MinValueValidator(SKILL_SCALE[0]), MaxValueValidator(SKILL_SCALE[1])],
    )
    note = models.CharField(_("example"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("skill rating")
        verbose_name_plural = _("skill ratings")
        constraints = [
            models.UniqueConstraint(fields=["student", "skill"], name="skill_rating_unique"),
            models.CheckConstraint(
                condition=Q(self_rating__gte=1) & Q(self_rating__lte=4),
                name="skill_rating_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_skill_display()}: {self.self_rating}"
