"""The Plusdocument: what a student can do and has done beyond exam grades.

A document belongs to one student and one school year, or to the student's
leaving. Its versions share a ``series``; only the newest may be a draft.
Issuing freezes a version: neither the document nor its lines can change
afterwards (``IssuedDocumentError``), and editing makes a new draft version
copied from it.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leerweg.activities.models import Activity
from leerweg.assessment.mastery import Level
from leerweg.assessment.mastery_text import level_label
from leerweg.core.models import TimestampedModel
from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.models import Evidence
from leerweg.schools.models import SchoolYear, Student


class IssuedDocumentError(Exception):
    """An issued Plusdocument (or one of its lines) was about to be changed."""


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class Section(models.TextChoices):
    """The triple aim of education (Biesta): the document's three sections."""

    QUALIFICATION = "qualification", _("Qualification")
    SOCIALISATION = "socialisation", _("Socialisation")
    PERSONAL_FORMATION = "personal_formation", _("Personal formation")


class LineSource(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    EVIDENCE = "evidence", _("Evidence")
    RUBRIC_PROGRESS = "rubric_progress", _("Progress on a learning goal")
    PARTNER_ACTIVITY = "partner_activity", _("Activity recorded by a partner")
    STAFF = "staff", _("Added by the school")
    STUDENT = "student", _("Written by the student")


class Backing(models.TextChoices):
    SELF_REPORTED = "self_reported", _("Self-reported")
    SCHOOL = "school", _("Validated by the school")
    PARTNER = "partner", _("Validated by a partner organisation")


class Plusdocument(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # All versions of one document share the series.
    series = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(default=1)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="plusdocuments")
    school_year = models.ForeignKey(
        SchoolYear,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plusdocuments",
        verbose_name=_("school year"),
    )
    at_leaving = models.BooleanField(_("at leaving school"), default=False)
    state = models.CharField(max_length=10, choices=DocumentState.choices, default="draft")
    own_text = models.TextField(_("in my own words"), blank=True, max_length=600)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The signed Open Badges credential of the whole document, made when it is issued.
    credential = models.OneToOneField(
        "credentials.IssuedCredential",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plusdocument",
    )

    class Meta:
        verbose_name = _("Plusdocument")
        verbose_name_plural = _("Plusdocuments")
        ordering = ["-created_at", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "version"], name="plusdocument_unique_version"
            ),
            models.UniqueConstraint(
                fields=["series"], condition=Q(state="draft"), name="plusdocument_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(school_year__isnull=False) | Q(at_leaving=True),
                name="plusdocument_year_or_leaving",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(issued_at__isnull=False),
                name="plusdocument_issued_has_date",
            ),
        ]
        indexes = [models.Index(fields=["student", "-created_at"], name="plusdocument_student")]

    def __str__(self) -> str:
        return f"{self.student} · {self.period_label} · v{self.version}"

    @property
    def is_issued(self) -> bool:
        return self.state == DocumentState.ISSUED

    @property
    def period_label(self) -> str:
        if self.at_leaving:
            return str(_("at leaving school"))
        return str(self.school_year)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The guard of last resort (services refuse first, with a message): what is
        # stored decides, so issuing itself (draft in the database) goes through.
        _refuse_if_issued(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _refuse_if_issued(self.pk)
        return super().delete(*args, **kwargs)


class PlusdocumentLine(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(Plusdocument, on_delete=models.CASCADE, related_name="lines")
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    text = models.CharField(_("line"), max_length=200)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    source = models.CharField(max_length=20, choices=LineSource.choices)
    # The recorded row the line was drawn from (at most one is set).
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence = models.ForeignKey(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    curriculum_goal = models.ForeignKey(
        CurriculumGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # For rubric progress: the mastery level (3 proficient, 4 advanced) when drawn.
    mastery_level = models.PositiveSmallIntegerField(null=True, blank=True)
    backing = models.CharField(
        max_length=20, choices=Backing.choices, default=Backing.SELF_REPORTED
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validated_by_name = models.CharField(max_length=200, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    partner_name = models.CharField(max_length=200, blank=True)
    shown = models.BooleanField(_("show on my Plusdocument"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A validated line, shown on an issued document, is a credential of its own.
    credential = models.OneToOneField(
        "credentials.IssuedCredential",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plusdocument_line",
    )

    class Meta:
        verbose_name = _("Plusdocument line")
        verbose_name_plural = _("Plusdocument lines")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(backing="school") | Q(validated_at__isnull=False),
                name="plusdocument_line_school_backing_dated",
            ),
            models.UniqueConstraint(
                fields=["document", "activity"],
                condition=Q(activity__isnull=False),
                name="plusdocument_line_one_per_activity",
            ),
            models.UniqueConstraint(
                fields=["document", "evidence"],
                condition=Q(evidence__isnull=False),
                name="plusdocument_line_one_per_evidence",
            ),
            models.UniqueConstraint(
                fields=["document", "curriculum_goal"],
                condition=Q(curriculum_goal__isnull=False),
                name="plusdocument_line_one_per_goal",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_backing_source(self) -> bool:
        """Whether a recorded row or a staff member stands behind the line."""
        match self.source:
            case LineSource.ACTIVITY | LineSource.PARTNER_ACTIVITY:
                return self.activity_id is not None
            case LineSource.EVIDENCE:
                return self.evidence_id is not None
            case LineSource.RUBRIC_PROGRESS:
                return self.curriculum_goal_id is not None
            case LineSource.STAFF:
                return True
            case _:
                return False

    @property
    def mastery_label(self) -> str:
        """The mastery level's name in the reader's language ("Proficient"), or ""."""
        if self.mastery_level is None:
            return ""
        return level_label(Level(self.mastery_level))

    @property
    def is_validated(self) -> bool:
        return self.backing != Backing.SELF_REPORTED

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_issued(self.document_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _refuse_if_issued(self.document_id)
        return super().delete(*args, **kwargs)


def _refuse_if_issued(document_id: int | None) -> None:
    if document_id is None:
        return
    if Plusdocument.objects.filter(pk=document_id, state=DocumentState.ISSUED).exists():
        raise IssuedDocumentError(f"Plusdocument {document_id} is issued")


class BatchState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PlusdocumentBatch(TimestampedModel):
    """Issuing the Plusdocuments of a leaving cohort (a group) at once, and their ZIP."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="plusdocument_batches"
    )
    group = models.ForeignKey(
        "schools.Group", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    group_name = models.CharField(max_length=100)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=BatchState.choices, default="queued")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=8, default="nl")
    # "queued", "issuing" or "done": what the progress bar says the batch is doing.
    stage = models.CharField(max_length=20, default="queued")
    archive = models.FileField(upload_to="plusdocument-batches/", blank=True, max_length=300)
    # Students left out, each {"student": public id, "name": …, "reason": code, "message": …}.
    skipped = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Plusdocument batch")
        verbose_name_plural = _("Plusdocument batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.group_name} · {self.created_at:%Y-%m-%d}"

    @property
    def progress(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.state in (BatchState.DONE, BatchState.FAILED)
