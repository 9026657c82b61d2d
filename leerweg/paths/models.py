"""A student's learning path: own goals with a plan, evidence, and a dated route."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel
from leerweg.curriculum.models import CurriculumGoal
from leerweg.schools.models import Student


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    STOPPED = "stopped", _("Stopped")


class OwnGoal(TimestampedModel):
    """A goal the student sets for themself, with the plan to reach it.

    ``version`` guards against silent overwrites: every save of the goal or its
    plan must name the version it started from (optimistic locking).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="own_goals")
    title = models.CharField(_("my goal"), max_length=200)
    description = models.TextField(
        _("what exactly do I want to be able to do"), blank=True, max_length=2000
    )
    why = models.TextField(_("why is this important to me"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    target_date = models.DateField(_("when do I want to reach it"), null=True, blank=True)
    curriculum_goals = models.ManyToManyField(
        CurriculumGoal, related_name="own_goals", blank=True, verbose_name=_("learning goals")
    )
    plan_how = models.TextField(_("how will I learn it"), blank=True, max_length=2000)
    plan_when = models.CharField(_("when"), max_length=200, blank=True)
    plan_where = models.CharField(_("where"), max_length=200, blank=True)
    plan_with_whom = models.CharField(_("with whom"), max_length=200, blank=True)
    # Only used where the school asks mentors to agree to own goals.
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("own goal")
        verbose_name_plural = _("own goals")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["student", "status"], name="own_goal_student_status")]

    def __str__(self) -> str:
        return self.title


class PlanStep(models.Model):
    goal = models.ForeignKey(OwnGoal, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=200)
    due_on = models.DateField(_("by"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Reflection(TimestampedModel):
    goal = models.ForeignKey(OwnGoal, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("reflection"), max_length=2000)
    status_then = models.CharField(max_length=20, choices=GoalStatus.choices)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:50]


class EvidenceKind(models.TextChoices):
    TEXT = "text", _("Text")
    LINK = "link", _("Link")
    IMAGE = "image", _("Photo")
    FILE = "file", _("File")


def evidence_upload_path(instance: "Evidence", filename: str) -> str:
    # Never the uploaded name: it may contain a child's name. The extension is
    # checked and normalised before this is called.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"evidence/{instance.student.public_id}/{instance.public_id}.{extension}"


class Evidence(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True, max_length=5000)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("file"), upload_to=evidence_upload_path, blank=True, max_length=300)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    thumbnail = models.FileField(upload_to="evidence-thumbnails/", blank=True, max_length=300)
    own_goals = models.ManyToManyField(
        OwnGoal, related_name="evidence", blank=True, verbose_name=_("my goals")
    )
    curriculum_goals = models.ManyToManyField(
        CurriculumGoal, related_name="evidence", blank=True, verbose_name=_("learning goals")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["student", "-created_at"], name="evidence_recent")]

    def __str__(self) -> str:
        return self.title


class RouteItemKind(models.TextChoices):
    OWN_GOAL = "own_goal", _("Own goal")
    CURRICULUM_GOAL = "curriculum_goal", _("Learning goal")
    ACTIVITY = "activity", _("Activity")


class RouteItem(TimestampedModel):
    """One entry of the learning route: what the student works on, from when to when."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="route_items")
    kind = models.CharField(_("kind"), max_length=20, choices=RouteItemKind.choices)
    title = models.CharField(_("what"), max_length=200)
    own_goal = models.ForeignKey(
        OwnGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="route_items"
    )
    curriculum_goal = models.ForeignKey(
        CurriculumGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("route item")
        verbose_name_plural = _("route items")
        ordering = ["starts_on", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="route_item_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalAction(models.TextChoices):
    ADD = "add", _("add")
    CHANGE = "change", _("change")
    REMOVE = "remove", _("remove")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RouteProposal(TimestampedModel):
    """A proposed change to the route; the other party accepts or declines it.

    The proposals, open and decided, are the route's history.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="route_proposals")
    action = models.CharField(max_length=10, choices=ProposalAction.choices)
    item = models.ForeignKey(
        RouteItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    # For add and change: the proposed values (title, kind, dates, goal ids).
    proposed = models.JSONField(default=dict, blank=True)
    note = models.CharField(_("why"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_student = models.BooleanField()
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("route proposal")
        verbose_name_plural = _("route proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} {self.item_id or ''}"
