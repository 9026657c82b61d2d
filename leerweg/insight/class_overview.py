"""The class overview: a group's students × learning lines, with who needs attention.

Everything is fetched per group in a fixed number of queries, whatever the
number of students. Profile parts (interests, talents, goals, activities) only
appear where the student shares them with the person looking.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext
from leerweg.activities.models import Activity
from leerweg.assessment.selectors import feedback_waiting_counts
from leerweg.curriculum.models import LearningLine
from leerweg.insight.progress import LineProgress, progress_for
from leerweg.paths.models import Evidence, GoalStatus, OwnGoal
from leerweg.profiles.access import visible_parts_for_students
from leerweg.profiles.models import ProfilePart
from leerweg.profiles.selectors import InterestBadge, TalentBadge, interests_and_talents_for
from leerweg.schools.models import Group, Student
from leerweg.schools.selectors import group_roster

DEFAULT_QUIET_WEEKS = 3
SORTS = ("name", "last_active", "progress")


@dataclass
class StudentRow:
    student: Student
    parts: frozenset[str]
    progress: list[LineProgress]
    interests: list[InterestBadge] = field(default_factory=list)
    talents: list[TalentBadge] = field(default_factory=list)
    # None: the student does not share anything that would tell.
    has_goal: bool | None = None
    last_active: date | None = None
    quiet: bool = False
    # Evidence still without the viewer's feedback; None: evidence is not shared with them.
    feedback_waiting: int | None = None

    @property
    def needs_attention(self) -> bool:
        return self.has_goal is False or self.quiet

    @property
    def progress_percent(self) -> int:
        total = sum(p.total for p in self.progress)
        return round(100 * sum(p.worked_on for p in self.progress) / total) if total else 0


@dataclass
class ClassOverview:
    group: Group
    lines: list[LearningLine]
    rows: list[StudentRow]
    quiet_weeks: int


def class_overview(
    *,
    user: User,
    role: RoleContext,
    group: Group,
    quiet_weeks: int = DEFAULT_QUIET_WEEKS,
    sort: str = "name",
    attention_only: bool = False,
    interest: str = "",
) -> ClassOverview:
    students = list(group_roster(group))
    for student in students:
        student.school = group.school
    parts = visible_parts_for_students(user, role, students)
    lines, progress = progress_for(students, group.school, group.year_level)
    extras = interests_and_talents_for(students)
    open_goals = _students_with_open_goals(students)
    last = _last_active(students, parts)
    waiting = feedback_waiting_counts(
        user, [s.pk for s in students if ProfilePart.EVIDENCE in parts[s.pk]]
    )
    quiet_since = timezone.localdate() - timedelta(weeks=quiet_weeks)
    rows = []
    for student in students:
        seen = parts[student.pk]
        row = StudentRow(student=student, parts=seen, progress=progress[student.pk])
        if ProfilePart.INTERESTS in seen:
            row.interests = extras[student.pk]["interests"]
        if ProfilePart.TALENTS in seen:
            row.talents = extras[student.pk]["talents"]
        if ProfilePart.GOALS in seen:
            row.has_goal = student.pk in open_goals
        if ProfilePart.EVIDENCE in seen:
            row.feedback_waiting = waiting.get(student.pk, 0)
        row.last_active = last.get(student.pk)
        row.quiet = bool(seen & _ACTIVITY_PARTS) and (
            row.last_active is None or row.last_active < quiet_since
        )
        rows.append(row)
    rows = _filtered(rows, attention_only=attention_only, interest=interest)
    return ClassOverview(
        group=group, lines=lines, rows=_sorted(rows, sort), quiet_weeks=quiet_weeks
    )


# The parts whose dates tell when a student was last active in Leerweg.
_ACTIVITY_PARTS = frozenset({ProfilePart.GOALS, ProfilePart.EVIDENCE, ProfilePart.ACTIVITIES})


def _students_with_open_goals(students: list[Student]) -> set[int]:
    return set(
        OwnGoal.objects.order_by()
        .distinct()
        .filter(
            student_id__in=[s.pk for s in students],
            status__in=[GoalStatus.PLANNED, GoalStatus.ACTIVE],
        )
        .values_list("student_id", flat=True)
    )


def _last_active(students: list[Student], parts: dict[int, frozenset[str]]) -> dict[int, date]:
    """The latest date of a goal change, evidence or activity the viewer may see.

    One query: the three sources, each limited to the students who share it.
    """
    sources: list[tuple[str, Any, Any]] = [
        (ProfilePart.GOALS, OwnGoal.objects, TruncDate("updated_at")),
        (ProfilePart.EVIDENCE, Evidence.objects, TruncDate("created_at")),
        (ProfilePart.ACTIVITIES, Activity.objects, F("started_on")),
    ]
    queries = []
    for part, manager, day in sources:
        ids = [s.pk for s in students if part in parts[s.pk]]
        if ids:
            queries.append(
                manager.filter(student_id__in=ids)
                .values("student_id")
                .annotate(last=Max(day))
                .values_list("student_id", "last")
                .order_by()
            )
    if not queries:
        return {}
    latest: dict[int, date] = {}
    for student_id, day in queries[0].union(*queries[1:], all=True).order_by():
        if day and (student_id not in latest or day > latest[student_id]):
            latest[student_id] = day
    return latest


def _filtered(rows: list[StudentRow], *, attention_only: bool, interest: str) -> list[StudentRow]:
    if attention_only:
        rows = [row for row in rows if row.needs_attention]
    if interest:
        rows = [row for row in rows if any(i.area == interest for i in row.interests)]
    return rows


def _sorted(rows: list[StudentRow], sort: str) -> list[StudentRow]:
    by_name = sorted(rows, key=lambda r: (r.student.user.last_name, r.student.user.first_name))
    if sort == "last_active":
        return sorted(by_name, key=lambda r: r.last_active or date.min)
    if sort == "progress":
        return sorted(by_name, key=lambda r: r.progress_percent)
    return by_name
