"""Coaching conversations, their notes, agenda and agreements; day starts.

A conversation is between one student and the mentors and coaches of the
student's groups. Notes are shared with the student or private to their
author: a private note is shown to nobody else, ever (``coaching.access``).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel


class SchoolCoachingSettings(TimestampedModel):
    """A school's choices about coaching; a school without a row has the defaults."""

    school = models.OneToOneField(
        "schools.School", on_delete=models.CASCADE, related_name="coaching_settings"
    )
    day_starts_enabled = models.BooleanField(
        _("day starts are on"),
        default=True,
        help_text=_("Students check in at the start of the day; mentors see their group's board."),
    )

    class Meta:
        verbose_name = _("coaching settings")
        verbose_name_plural = _("coaching settings")

    def __str__(self) -> str:
        return str(self.school_id)


class Conversation(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, related_name="conversations"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_conversations"
    )
    planned_at = models.DateTimeField(_("date and time"))
    topic = models.CharField(_("topic"), max_length=200)

    class Meta:
        verbose_name = _("coaching conversation")
        verbose_name_plural = _("coaching conversations")
        ordering = ["-planned_at"]
        indexes = [models.Index(fields=["student", "planned_at"], name="conversation_student_time")]

    def __str__(self) -> str:
        return f"{self.planned_at:%Y-%m-%d %H:%M} {self.topic}"


class AgendaItem(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="agenda_items"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(_("agenda item"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class NoteVisibility(models.TextChoices):
    SHARED = "shared", _("Shared with the student")
    PRIVATE = "private", _("Private: only for me")


class ConversationNote(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(
        _("who sees this note"), max_length=10, choices=NoteVisibility.choices
    )
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_visibility_display()} · {self.created_at:%Y-%m-%d}"

    @property
    def is_private(self) -> bool:
        return self.visibility == NoteVisibility.PRIVATE


class AgreementOwner(models.TextChoices):
    STUDENT = "student", _("Student")
    COACH = "coach", _("Coach")


class AgreementStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Agreement(TimestampedModel):
    """Something the student or the coach agreed to do.

    ``conversation`` is where it was made; ``reviewed_in`` the later
    conversation in which its status was last changed, so that it stays on
    that conversation's follow-up list once it is no longer open.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, related_name="coaching_agreements"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="agreements"
    )
    reviewed_in = models.ForeignKey(
        Conversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_agreements",
    )
    owner = models.CharField(_("who"), max_length=10, choices=AgreementOwner.choices)
    description = models.CharField(_("agreement"), max_length=300)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.OPEN
    )
    # When the student was reminded that it is nearly due; a reminder goes once.
    due_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "created_at", "id"]
        indexes = [models.Index(fields=["student", "status"], name="agreement_student_status")]

    def __str__(self) -> str:
        return self.description


class Mood(models.IntegerChoices):
    """How a student feels at the start of the day, in words (no emoji)."""

    VERY_LOW = 1, _("Not good at all")
    LOW = 2, _("Not so good")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


LOW_MOOD = Mood.LOW


class DayStart(TimestampedModel):
    """A student's check-in at the start of one school day; one per day."""

    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, related_name="day_starts"
    )
    day = models.DateField(_("day"))
    mood = models.PositiveSmallIntegerField(
        _("how do you feel?"),
        choices=Mood.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    plan = models.CharField(_("what will you work on today?"), max_length=300)
    own_goal = models.ForeignKey(
        "paths.OwnGoal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("one of your goals"),
    )
    where = models.CharField(_("where"), max_length=100, blank=True)
    with_whom = models.CharField(_("with whom"), max_length=100, blank=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["student", "day"], name="day_start_once_a_day"),
            models.CheckConstraint(
                condition=models.Q(mood__gte=1, mood__lte=5), name="day_start_mood_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} · {self.mood}"
