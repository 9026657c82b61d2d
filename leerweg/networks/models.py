"""Learning networks, their meetings and what members share, and cross-school learning areas.

A network holds no student data: what is kept is who takes part, when they
meet and what they share. Where a decision matters later (who fixed a
meeting's date, who published a practice to everyone), the model keeps who
and when.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leerweg.assessment.models import Rubric
from leerweg.core.models import TimestampedModel
from leerweg.schools.models import School, Sector


class Theme(models.TextChoices):
    BROAD_FORMATION = "broad_formation", _("Broad formation")
    EQUAL_CHANCES = "equal_chances", _("Equal chances")
    FLEX_TIMETABLES = "flex_timetables", _("Flex timetables")
    PERSONALISED_LEARNING = "personalised_learning", _("Personalised learning")
    SUSTAINABILITY = "sustainability", _("Sustainability and green")
    ART_CULTURE = "art_culture", _("Art and culture")
    SCHOOL_LIBRARY = "school_library", _("The school library")
    CITIZENSHIP = "citizenship", _("Citizenship")
    OTHER = "other", _("Other")


class Network(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class NetworkSchool(TimestampedModel):
    """A member school, with its own learning question and ambition in this network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="network_links")
    learning_question = models.TextField(_("learning question"), blank=True, max_length=2000)
    ambition = models.TextField(_("ambition"), blank=True, max_length=2000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("member school")
        verbose_name_plural = _("member schools")
        ordering = ["school__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "school"], name="network_school_unique")
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.network}"


class NetworkRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")


class NetworkMembership(TimestampedModel):
    """One person in one network: a facilitator, or a representative of a member school."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=NetworkRole.choices)
    member_school = models.ForeignKey(
        NetworkSchool,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name=_("member school"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="network_member_unique"),
            models.CheckConstraint(
                condition=Q(role="facilitator") | Q(member_school__isnull=False),
                name="network_member_has_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.network}"


class Meeting(TimestampedModel):
    """One meeting of the series; its date is open until the facilitator fixes it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    host = models.ForeignKey(
        NetworkSchool,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host school"),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, max_length=4000)
    minutes = models.TextField(_("minutes"), blank=True, max_length=8000)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("present")
    )
    date_fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date_fixed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["network", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="meeting_number_unique"),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def place_text(self) -> str:
        return self.place or (self.host.school.name if self.host else "")


class DateOption(TimestampedModel):
    """A date a member proposes for a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="date_options")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("date option")
        verbose_name_plural = _("date options")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "date", "start_time"], name="date_option_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="date_option_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.start_time}"


class PostKind(models.TextChoices):
    POST = "post", _("Post")
    QUESTION = "question", _("Question")


class Post(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=8000)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["network", "-created_at"], name="network_post_recent")]

    def __str__(self) -> str:
        return self.title


class Reply(TimestampedModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("reply"), max_length=4000)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:50]


def shared_file_path(instance: "SharedMaterial", filename: str) -> str:
    # Never the uploaded name; the extension was checked before this is called.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"networks/{instance.public_id}.{extension}"


class SharedMaterial(TimestampedModel):
    """A file or a link, tagged by theme and sector; shared in a network or a learning area."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    sector = models.CharField(_("sector"), max_length=3, choices=Sector.choices, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("file"), upload_to=shared_file_path, blank=True, max_length=300)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class Practice(SharedMaterial):
    """A good practice or material in a network's library, optionally published to everyone."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="practices")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-published_at"], name="practice_published")]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CalendarFeed(models.Model):
    """A person's secret calendar link for the meetings of all their networks."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_calendar"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return str(self.user)


# --- Cross-school learning areas ----------------------------------------------------------------


class LearningArea(TimestampedModel):
    """Schools working on the same learning area; inside a network or on their own."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("learning area"), max_length=30, choices=Theme.choices)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_areas",
        verbose_name=_("learning network"),
    )
    schools = models.ManyToManyField(School, through="AreaSchool", related_name="learning_areas")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("learning area")
        verbose_name_plural = _("learning areas")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class AreaSchool(models.Model):
    area = models.ForeignKey(LearningArea, on_delete=models.CASCADE, related_name="area_schools")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("school in a learning area")
        verbose_name_plural = _("schools in a learning area")
        constraints = [
            models.UniqueConstraint(fields=["area", "school"], name="area_school_unique")
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.area}"


class AreaGoal(TimestampedModel):
    area = models.ForeignKey(LearningArea, on_delete=models.CASCADE, related_name="goals")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("goal"), max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("shared goal")
        verbose_name_plural = _("shared goals")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class AreaRubric(TimestampedModel):
    """A member school's rubric, shared with the area for others to copy."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    area = models.ForeignKey(LearningArea, on_delete=models.CASCADE, related_name="rubrics")
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("shared rubric")
        verbose_name_plural = _("shared rubrics")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "rubric"], name="area_rubric_unique")
        ]

    def __str__(self) -> str:
        return str(self.rubric)


class AreaMaterial(SharedMaterial):
    area = models.ForeignKey(LearningArea, on_delete=models.CASCADE, related_name="materials")

    class Meta:
        verbose_name = _("shared material")
        verbose_name_plural = _("shared materials")
        ordering = ["-created_at", "-pk"]
