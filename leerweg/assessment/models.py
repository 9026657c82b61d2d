"""Formative evaluation: rubrics, feedback on evidence and own goals, self-assessment.

A rubric is a table of criteria × levels with a description in every cell. It
belongs to one school and may be attached to a curriculum goal or a learning
line. Feedback is feed up, feed back and feed forward in words, optionally
with a rubric level per criterion; a self-assessment is the student's own
level per criterion. Levels are never turned into a grade: students see
level names only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel
from leerweg.curriculum.models import CurriculumGoal, LearningLine
from leerweg.paths.models import Evidence, OwnGoal
from leerweg.schools.models import Group, School, Student

# Feedback and self-assessments are about one piece of evidence or one own goal.
ONE_THING = Q(evidence__isnull=False, own_goal__isnull=True) | Q(
    evidence__isnull=True, own_goal__isnull=False
)


class Rubric(TimestampedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="rubrics")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    curriculum_goal = models.ForeignKey(
        CurriculumGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rubrics",
        verbose_name=_("learning goal"),
    )
    learning_line = models.ForeignKey(
        LearningLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rubrics",
        verbose_name=_("learning line"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(curriculum_goal__isnull=True) | Q(learning_line__isnull=True),
                name="rubric_goal_or_line",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RubricLevel(models.Model):
    """A column of the rubric; ``rank`` 1 is the first (lowest) level."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField()
    name = models.CharField(_("level"), max_length=60)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "rank"], name="rubric_level_unique_rank"),
        ]

    def __str__(self) -> str:
        return self.name


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("criterion"), max_length=200)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "position"], name="rubric_criterion_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RubricDescriptor(models.Model):
    """What a criterion looks like at one level: one cell of the table."""

    criterion = models.ForeignKey(
        RubricCriterion, on_delete=models.CASCADE, related_name="descriptors"
    )
    level = models.ForeignKey(RubricLevel, on_delete=models.CASCADE, related_name="descriptors")
    text = models.TextField(_("description"), blank=True, max_length=1000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="descriptor_unique_cell"),
        ]

    def __str__(self) -> str:
        return self.text[:50]


class Feedback(TimestampedModel):
    """Feedback by a member of staff on one piece of evidence or one own goal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="feedback")
    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    own_goal = models.ForeignKey(
        OwnGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    feed_up = models.TextField(_("where are you going"), blank=True, max_length=2000)
    feed_back = models.TextField(_("how are you doing"), blank=True, max_length=2000)
    feed_forward = models.TextField(_("next step"), blank=True, max_length=2000)
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=ONE_THING,
                name="feedback_on_one_thing",
            ),
        ]
        indexes = [models.Index(fields=["author", "evidence"], name="feedback_author_evidence")]

    def __str__(self) -> str:
        return self.feed_back[:50] or str(self.public_id)


class SelfAssessment(TimestampedModel):
    """The student's own levels on a rubric, for one piece of evidence or one own goal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="self_assessments")
    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="self_assessments"
    )
    own_goal = models.ForeignKey(
        OwnGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="self_assessments"
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="self_assessments")
    note = models.TextField(_("what I notice"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=ONE_THING,
                name="self_assessment_on_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class FeedbackLevel(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="levels")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RubricLevel, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "criterion"], name="feedback_level_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.level_id}"


class SelfAssessmentLevel(models.Model):
    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="levels"
    )
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RubricLevel, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "criterion"], name="self_level_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.level_id}"


# --- Peer feedback ----------------------------------------------------------------------------
#
# Classmates never see each other's evidence through the sharing settings
# (classmates are not an audience). A student opens one piece of evidence to
# one of their groups by asking for feedback there, and only while the group's
# staff have switched peer feedback on. Staff of the group moderate.


class GroupPeerFeedback(TimestampedModel):
    """Whether the students of a group may ask each other for feedback; off without a row."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="peer_feedback")
    enabled = models.BooleanField(_("peer feedback on"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("peer feedback setting")
        verbose_name_plural = _("peer feedback settings")

    def __str__(self) -> str:
        return f"{self.group}: {'on' if self.enabled else 'off'}"


class PeerFeedbackRequest(TimestampedModel):
    """A student's question to one of their groups: "what do you think of this piece?".

    Open while ``closed_at`` is empty. Stopping, or staff switching peer
    feedback off for the group, closes it; asking again opens the same row, so
    earlier comments stay together.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="peer_requests")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="peer_requests")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request for peer feedback")
        verbose_name_plural = _("requests for peer feedback")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "group"], name="peer_request_once_per_group"
            )
        ]
        indexes = [models.Index(fields=["group", "closed_at"], name="peer_request_open")]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class PeerComment(TimestampedModel):
    """A classmate's feedback on a requested piece: tops (what is good) and tips (what to improve).

    One per classmate and request; the author may delete it and write again.
    Staff of the group may hide it: it then disappears for the owner, and the
    author sees that it was hidden.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        PeerFeedbackRequest, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="peer_comments")
    tops = models.TextField(_("tops: what is good"), blank=True, max_length=1000)
    tips = models.TextField(_("tips: what could be better"), blank=True, max_length=1000)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("peer feedback")
        verbose_name_plural = _("peer feedback")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "author"], name="peer_comment_once_per_author"
            ),
            models.CheckConstraint(condition=~Q(tops="", tips=""), name="peer_comment_not_empty"),
        ]

    def __str__(self) -> str:
        return (self.tops or self.tips)[:50]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
