"""Flex hours (keuzewerktijd): slots, weeks, sessions, ranked choices, mandatory instruction.

- ``FlexSettings``: a school's rules — on or off, how many flex hours a student
  takes per week (min/max) and when choosing closes for a week.
- ``FlexSlot``: a weekly time in a school year ("Tuesday 10:30–11:20"), with
  ``FlexSlotException`` rows for dates on which it does not take place.
- ``FlexWeek``: one ISO week of a school year: its deadline and state. Choices,
  mandatory assignments and (later) the allocation's placements hang on it.
- ``FlexSession``: what a teacher offers in a slot, every week or in one week,
  with a capacity, an audience and prerequisites.
- ``FlexChoice``: a student's ranked wish (1 = most wanted) for a slot in a week.
- ``MandatoryAssignment``: a student who must attend a session in a week; a hard
  constraint for the allocation, shown to the student with its reason.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel

MAX_RANKS = 5
# A slot fits in a school day; a week has at most this many flex hours.
MAX_HOURS_PER_WEEK = 20


class Weekday(models.IntegerChoices):
    """ISO weekdays, as ``date.isoweekday()`` counts them."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class FlexSettings(TimestampedModel):
    """A school's flex-hour rules; a school without a row does not use flex hours."""

    school = models.OneToOneField(
        "schools.School", on_delete=models.CASCADE, related_name="flex_settings"
    )
    enabled = models.BooleanField(_("flex hours are on"), default=True)
    min_per_week = models.PositiveSmallIntegerField(
        _("minimum flex hours per week"),
        default=0,
        validators=[MaxValueValidator(MAX_HOURS_PER_WEEK)],
        help_text=_("Mandatory instruction counts towards it."),
    )
    max_per_week = models.PositiveSmallIntegerField(
        _("maximum flex hours per week"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS_PER_WEEK)],
    )
    deadline_weekday = models.PositiveSmallIntegerField(
        _("choosing closes on"), choices=Weekday.choices, default=Weekday.FRIDAY
    )
    deadline_time = models.TimeField(_("at"), default="16:00")
    deadline_in_week_before = models.BooleanField(
        _("in the week before"),
        default=True,
        help_text=_("Off: choosing closes on that day of the flex week itself."),
    )

    class Meta:
        verbose_name = _("flex settings")
        verbose_name_plural = _("flex settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_per_week__lte=F("max_per_week")), name="flex_min_not_above_max"
            ),
            models.CheckConstraint(
                condition=Q(deadline_weekday__gte=1, deadline_weekday__lte=7),
                name="flex_deadline_weekday_1_to_7",
            ),
        ]

    def __str__(self) -> str:
        return str(self.school_id)


class FlexSlot(TimestampedModel):
    """A weekly flex hour of a school year, such as "Tuesday 3rd hour"."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(
        "schools.SchoolYear", on_delete=models.CASCADE, related_name="flex_slots"
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("For example: flex hour 1"))
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("flex slot")
        verbose_name_plural = _("flex slots")
        ordering = ["weekday", "start_time", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")), name="flex_slot_starts_before_end"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7), name="flex_slot_weekday_1_to_7"
            ),
            models.UniqueConstraint(
                fields=["school_year", "weekday", "start_time"], name="flex_slot_unique_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M} {self.name}"

    def date_in(self, monday: date) -> date:
        """The slot's date in the week that starts on ``monday``."""
        return monday + timedelta(days=self.weekday - 1)


class FlexSlotException(models.Model):
    """A date on which a slot does not take place (a holiday, a study day, exams)."""

    slot = models.ForeignKey(FlexSlot, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=100, help_text=_("For example: autumn break"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("no flex hour")
        verbose_name_plural = _("no flex hours")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "date"], name="flex_exception_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"


class WeekState(models.TextChoices):
    OPEN = "open", _("Open for choices")
    LOCKED = "locked", _("Choices locked")
    ALLOCATED = "allocated", _("Allocated")
    PUBLISHED = "published", _("Published")


class FlexWeek(TimestampedModel):
    """One ISO week of a school year in which flex hours may take place.

    ``deadline`` is copied from the school's settings when the week is made
    (and moved along while the week is still open when the settings change),
    so a week keeps the deadline its students were told. Choices are locked
    once the deadline has passed, whatever ``state`` still says.
    """

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(
        "schools.SchoolYear", on_delete=models.CASCADE, related_name="flex_weeks"
    )
    monday = models.DateField(_("week of"))
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    deadline = models.DateTimeField(_("choosing closes"))
    state = models.CharField(
        _("state"), max_length=12, choices=WeekState.choices, default=WeekState.OPEN
    )

    class Meta:
        verbose_name = _("flex week")
        verbose_name_plural = _("flex weeks")
        ordering = ["monday"]
        constraints = [
            models.UniqueConstraint(fields=["school", "monday"], name="flex_week_once"),
            models.CheckConstraint(
                condition=Q(iso_week__gte=1, iso_week__lte=53), name="flex_week_iso_week_1_to_53"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.iso_year}-W{self.iso_week:02d}"

    @property
    def code(self) -> str:
        return str(self)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


class FlexSession(TimestampedModel):
    """What a teacher offers in a slot: a workshop, an instruction, a study session.

    ``week`` empty: the session repeats every week of the slot's school year;
    otherwise it takes place in that week only. The audience is empty for
    everybody of the school; see ``selectors.is_eligible`` for the rules.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slot = models.ForeignKey(FlexSlot, on_delete=models.PROTECT, related_name="sessions")
    week = models.ForeignKey(
        FlexWeek,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="one_off_sessions",
        verbose_name=_("only in week"),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="flex_sessions",
        verbose_name=_("teacher"),
    )
    room = models.CharField(_("room"), max_length=40, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    year_levels = models.JSONField(_("years"), default=list, blank=True)
    levels = models.JSONField(_("levels"), default=list, blank=True)
    groups = models.ManyToManyField(
        "schools.Group", blank=True, related_name="+", verbose_name=_("groups")
    )
    prerequisite_goals = models.ManyToManyField(
        "curriculum.CurriculumGoal",
        blank=True,
        related_name="+",
        verbose_name=_("learning goals a student must have worked on first"),
    )
    prerequisite_sessions = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("sessions a student must have attended first"),
    )
    goals = models.ManyToManyField(
        "curriculum.CurriculumGoal",
        blank=True,
        related_name="flex_sessions",
        verbose_name=_("learning goals this session works on"),
    )

    class Meta:
        verbose_name = _("flex session")
        verbose_name_plural = _("flex sessions")
        ordering = ["slot__weekday", "slot__start_time", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="flex_session_capacity_1"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def repeats_weekly(self) -> bool:
        return self.week_id is None


class FlexChoice(TimestampedModel):
    """A student's wish for a slot in a week; rank 1 is the session they want most."""

    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, related_name="flex_choices"
    )
    week = models.ForeignKey(FlexWeek, on_delete=models.CASCADE, related_name="choices")
    slot = models.ForeignKey(FlexSlot, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(FlexSession, on_delete=models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(MAX_RANKS)]
    )
    own_goal = models.ForeignKey(
        "paths.OwnGoal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for my goal"),
    )

    class Meta:
        verbose_name = _("flex choice")
        verbose_name_plural = _("flex choices")
        ordering = ["week", "slot__weekday", "slot__start_time", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "week", "slot", "rank"], name="flex_choice_one_per_rank"
            ),
            models.UniqueConstraint(
                fields=["student", "week", "session"], name="flex_choice_session_once"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=MAX_RANKS), name="flex_choice_rank_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["week", "slot"], name="flex_choice_week_slot")]

    def __str__(self) -> str:
        return f"{self.week} · {self.rank} · {self.session_id}"


class MandatoryAssignment(TimestampedModel):
    """A student must attend ``session`` in ``week``: extra instruction, for instance.

    One per student per slot and week: a student cannot be in two places at
    once. The allocation places the student there before anyone else.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, related_name="flex_mandatory"
    )
    week = models.ForeignKey(FlexWeek, on_delete=models.CASCADE, related_name="mandatory")
    slot = models.ForeignKey(FlexSlot, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(FlexSession, on_delete=models.CASCADE, related_name="mandatory")
    reason = models.CharField(
        _("why"),
        max_length=300,
        help_text=_("The student reads this, for example: extra instruction on fractions."),
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("mandatory flex session")
        verbose_name_plural = _("mandatory flex sessions")
        ordering = ["week", "slot__weekday", "slot__start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "week", "slot"], name="flex_mandatory_one_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week} · {self.session_id}"


# --- The allocation and what follows it ---------------------------------------------------------


class RunState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    INFEASIBLE = "infeasible", _("Not possible")
    FAILED = "failed", _("Failed")


class PlacementSource(models.TextChoices):
    CHOSEN = "chosen", _("chosen")
    MANDATORY = "mandatory", _("mandatory")
    FILLED = "filled", _("placed to reach the minimum")
    MOVED = "moved", _("moved by hand")


class AllocationRun(TimestampedModel):
    """One allocation of a week: who goes where, how good that is, and the report.

    A week may be allocated several times (after a change in the set-up, or
    with another objective); at most one run per week is published, and only a
    run that found an allocation (``DONE``) can be. ``report`` holds the
    figures as the allocator's ``summarise``/``compare`` give them, plus the
    conflicts of an infeasible set-up, so the report page never re-solves.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    week = models.ForeignKey(FlexWeek, on_delete=models.CASCADE, related_name="runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: started automatically at the deadline."),
    )
    state = models.CharField(max_length=12, choices=RunState.choices, default=RunState.QUEUED)
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text=_("Percent done.")
    )
    stage = models.CharField(max_length=120, blank=True)
    objective = models.CharField(max_length=20)
    seed = models.BigIntegerField()
    solver_status = models.CharField(max_length=12, blank=True)
    objective_value = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["week"],
                condition=Q(published_at__isnull=False),
                name="flex_run_one_published_per_week",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="flex_run_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week} · {self.created_at:%Y-%m-%d %H:%M}"


class Placement(models.Model):
    """A student placed in a session in one slot of the run's week."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="placements")
    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, related_name="flex_placements"
    )
    slot = models.ForeignKey(FlexSlot, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(FlexSession, on_delete=models.CASCADE, related_name="placements")
    # The rank of the session in the student's choices for the slot; empty when not chosen.
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=PlacementSource.choices)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "student", "slot"], name="flex_placement_one_per_slot"
            ),
        ]
        indexes = [models.Index(fields=["run", "session"], name="flex_placement_run_session")]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.student_id} · {self.session_id}"


class StudentOutcome(models.Model):
    """How a run served one student: the regret that feeds fairness in later weeks.

    ``regret`` is the sum over the week's placements of (rank − 1), with an
    unranked placement and every hour short counted as the allocator's
    ``UNRANKED`` and ``SHORT`` ranks. Kept per run so the report can show
    fairness over the published weeks without recomputing them.
    """

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="outcomes")
    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, related_name="flex_outcomes"
    )
    regret = models.FloatField()
    hours_short = models.FloatField(default=0)
    weight = models.FloatField(default=1.0, help_text=_("The fairness weight the run used."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "student"], name="flex_outcome_once"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.student_id} · {self.regret}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    LATE = "late", _("late")
    ABSENT = "absent", _("absent")
    EXCUSED = "excused", _("absent with a reason")


class Attendance(TimestampedModel):
    """Whether a placed student came to the session, as its teacher recorded it."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.status}"


class CalendarFeedKind(models.TextChoices):
    STUDENT = "student", _("my flex hours")
    TEACHER = "teacher", _("my flex sessions")


class CalendarFeed(models.Model):
    """A secret link through which a calendar app reads someone's published flex hours.

    Calendar apps cannot log in, so the link itself is the key. Only a SHA-256
    hash of its secret is stored (the secret has 256 random bits, so a fast
    hash suffices); the full link is shown once, when it is made. One link per
    person, school and kind: making a new one replaces the old, and removing
    the row revokes it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flex_calendar_feeds"
    )
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=CalendarFeedKind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "kind"], name="flex_calendar_feed_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.kind}"
