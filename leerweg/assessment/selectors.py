"""Reads for formative evaluation, with their related rows fetched up front."""

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext
from leerweg.assessment.access import Target, live_peer_requests
from leerweg.assessment.mastery import Judgement, Mastery, lower_median, mastery, scaled
from leerweg.assessment.models import (
    Feedback,
    PeerComment,
    PeerFeedbackRequest,
    Rubric,
    RubricCriterion,
    RubricDescriptor,
    RubricLevel,
    SelfAssessment,
)
from leerweg.assessment.rubric_content import Criterion, RubricContent
from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.models import Evidence
from leerweg.profiles.access import visible_parts_for_students
from leerweg.profiles.models import ProfilePart
from leerweg.schools.models import Group, Student

# Enough to work through in one sitting; what is left appears as items are done.
INBOX_SIZE = 25


# --- Rubrics ----------------------------------------------------------------------------------


def rubric_library(*, school_id: int) -> QuerySet[Rubric]:
    return (
        Rubric.objects.filter(school_id=school_id)
        .select_related("author", "curriculum_goal", "learning_line", "copied_from")
        .annotate(criteria_count=Count("criteria", distinct=True))
    )


def rubrics_for_forms(*, school_id: int) -> QuerySet[Rubric]:
    """The school's rubrics with levels and criteria, to offer in feedback forms."""
    return Rubric.objects.filter(school_id=school_id).prefetch_related("levels", "criteria")


def rubric_with_parts(rubric: Rubric) -> Rubric:
    """``rubric`` again, with levels and criteria prefetched."""
    return rubrics_for_forms(school_id=rubric.school_id).get(pk=rubric.pk)


@dataclass(frozen=True)
class RubricTable:
    levels: list[RubricLevel]
    rows: list[tuple[RubricCriterion, list[str]]]


def rubric_table(rubric: Rubric) -> RubricTable:
    levels = list(rubric.levels.all())
    criteria = list(rubric.criteria.all())
    texts = {
        (d.criterion_id, d.level_id): d.text
        for d in RubricDescriptor.objects.filter(criterion__rubric=rubric)
    }
    rows = [(c, [texts.get((c.pk, level.pk), "") for level in levels]) for c in criteria]
    return RubricTable(levels=levels, rows=rows)


def rubric_content(rubric: Rubric) -> RubricContent:
    table = rubric_table(rubric)
    return RubricContent(
        levels=tuple(level.name for level in table.levels),
        criteria=tuple(Criterion(c.title, tuple(texts)) for c, texts in table.rows),
    )


# --- The feedback inbox -----------------------------------------------------------------------


@dataclass(frozen=True)
class InboxItem:
    evidence: Evidence
    rubric: Rubric | None


def inbox_students(user: User, role: RoleContext) -> list[Student]:
    """Students of the groups ``user`` is linked to this school year whose evidence they see.

    A teacher of several classes is linked to hundreds of students, of whom
    often only a few share their evidence with them: the sharing check runs
    on bare rows, and only those students are fetched whole.
    """
    candidates = list(
        Student.objects.filter(
            school_id=role.school_id,
            memberships__group__staff__user=user,
            memberships__group__school_year__end_date__gte=timezone.localdate(),
        )
        .only("pk", "user_id", "school_id")
        .distinct()
    )
    parts = visible_parts_for_students(user, role, candidates)
    shared = [s.pk for s in candidates if ProfilePart.EVIDENCE in parts[s.pk]]
    return list(Student.objects.filter(pk__in=shared).select_related("user", "school"))


def feedback_waiting_counts(user: User, student_ids: list[int]) -> dict[int, int]:
    """Per student: how many pieces of evidence still lack ``user``'s feedback. One query.

    The caller passes only students whose evidence ``user`` may see.
    """
    if not student_ids:
        return {}
    mine = Feedback.objects.filter(evidence=OuterRef("pk"), author=user)
    rows = (
        Evidence.objects.filter(student_id__in=student_ids)
        .filter(~Exists(mine))
        .values("student_id")
        .annotate(waiting=Count("pk"))
        .values_list("student_id", "waiting")
        .order_by()
    )
    return dict(rows)


def inbox_items(user: User, students: list[Student]) -> list[InboxItem]:
    """Evidence of ``students`` without feedback from ``user`` yet, newest first.

    Each item offers the rubric attached to one of the evidence's learning
    goals (or their lines), if there is one. A fixed number of queries.
    """
    by_student = {student.pk: student for student in students}
    mine = Feedback.objects.filter(evidence=OuterRef("pk"), author=user)
    evidence = list(
        Evidence.objects.filter(student_id__in=list(by_student))
        .filter(~Exists(mine))
        .prefetch_related("curriculum_goals")
        .order_by("-created_at")[:INBOX_SIZE]
    )
    linked = {goal for piece in evidence for goal in piece.curriculum_goals.all()}
    # Only the rubrics these items may offer: a school's library can hold hundreds.
    rubrics = list(
        Rubric.objects.filter(school_id__in={student.school_id for student in students})
        .filter(
            Q(curriculum_goal_id__in={goal.pk for goal in linked})
            | Q(learning_line_id__in={goal.line_id for goal in linked})
        )
        .prefetch_related("levels", "criteria")
        .order_by("-updated_at")
    )
    for_goal = {r.curriculum_goal_id: r for r in reversed(rubrics) if r.curriculum_goal_id}
    for_line = {r.learning_line_id: r for r in reversed(rubrics) if r.learning_line_id}
    items = []
    for piece in evidence:
        piece.student = by_student[piece.student_id]
        goals = list(piece.curriculum_goals.all())
        found = [for_goal[g.pk] for g in goals if g.pk in for_goal]
        found += [for_line[g.line_id] for g in goals if g.line_id in for_line]
        items.append(InboxItem(evidence=piece, rubric=found[0] if found else None))
    return items


# --- Feedback and self-assessments on one piece or goal ---------------------------------------


def _on(target: Target) -> dict[str, object]:
    return {"evidence": target.evidence} if target.evidence else {"own_goal": target.own_goal}


def target_feedback(target: Target) -> list[Feedback]:
    return list(
        Feedback.objects.filter(**_on(target))
        .select_related("author", "rubric")
        .prefetch_related("levels__level", "levels__criterion")
    )


def target_self_assessments(target: Target) -> list[SelfAssessment]:
    return list(
        SelfAssessment.objects.filter(**_on(target))
        .select_related("rubric")
        .prefetch_related("levels__level", "levels__criterion")
    )


@dataclass
class Comparison:
    """One rubric: per criterion, the student's latest level beside each teacher's latest."""

    rubric: Rubric
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[RubricCriterion, list[str]]] = field(default_factory=list)


def comparisons(
    feedback: list[Feedback], self_assessments: list[SelfAssessment], self_label: str
) -> list[Comparison]:
    """Side by side, per rubric used: the latest self-assessment and each teacher's latest."""
    rubrics: dict[int, Rubric] = {}
    columns: dict[int, list[tuple[str, dict[int, str]]]] = defaultdict(list)
    latest_self: dict[int, SelfAssessment] = {}
    for assessment in self_assessments:  # newest first
        latest_self.setdefault(assessment.rubric_id, assessment)
    for rubric_id, assessment in latest_self.items():
        rubrics[rubric_id] = assessment.rubric
        columns[rubric_id].append((self_label, _levels_by_criterion(assessment)))
    seen: set[tuple[int, int | None]] = set()
    for item in feedback:
        if item.rubric_id is None or (item.rubric_id, item.author_id) in seen:
            continue
        seen.add((item.rubric_id, item.author_id))
        rubrics[item.rubric_id] = item.rubric  # type: ignore[assignment]
        name = item.author.get_full_name() if item.author else "–"
        columns[item.rubric_id].append((name, _levels_by_criterion(item)))
    criteria = defaultdict(list)
    for criterion in RubricCriterion.objects.filter(rubric_id__in=list(rubrics)):
        criteria[criterion.rubric_id].append(criterion)
    return [
        Comparison(
            rubric=rubric,
            columns=[label for label, _levels in columns[rubric_id]],
            rows=[
                (c, [levels.get(c.pk, "–") for _label, levels in columns[rubric_id]])
                for c in criteria[rubric_id]
            ],
        )
        for rubric_id, rubric in rubrics.items()
    ]


def _levels_by_criterion(judged: Feedback | SelfAssessment) -> dict[int, str]:
    return {row.criterion_id: row.level.name for row in judged.levels.all()}


# --- Progress per learning goal ---------------------------------------------------------------


@dataclass(frozen=True)
class JudgementRow:
    feedback: Feedback
    judgement: Judgement


@dataclass(frozen=True)
class GoalProgress:
    goal: CurriculumGoal
    judgements: list[JudgementRow]  # newest first
    mastery: Mastery | None


def goal_progress(student: Student, goal: CurriculumGoal | None = None) -> list[GoalProgress]:
    """Per learning goal the student was judged on: the judgements and the level they give.

    A judgement counts for the rubric's learning goal; for a rubric attached
    to a learning line, for the work's goals in that line; for a rubric
    attached to neither, for all the work's goals.
    """
    feedback = (
        Feedback.objects.filter(student=student, rubric__isnull=False)
        .select_related("author", "rubric__curriculum_goal__line__domain")
        .prefetch_related(
            "levels__level",
            "rubric__levels",
            Prefetch("evidence__curriculum_goals", to_attr="goals"),
            Prefetch("own_goal__curriculum_goals", to_attr="goals"),
        )
        .order_by("-created_at")
    )
    per_goal: dict[int, list[JudgementRow]] = defaultdict(list)
    goals: dict[int, CurriculumGoal] = {}
    for item in feedback:
        levels = [row.level.rank for row in item.levels.all()]
        if not levels:
            continue
        of = len(item.rubric.levels.all())  # type: ignore[union-attr]
        judged = lower_median([scaled(rank, of) for rank in levels])
        name = item.author.get_full_name() if item.author else ""
        row = JudgementRow(item, Judgement(when=item.created_at, level=judged, judge=name))
        for judged_goal in _goals_of(item):
            if goal is None or judged_goal.pk == goal.pk:
                goals[judged_goal.pk] = judged_goal
                per_goal[judged_goal.pk].append(row)
    ordered = sorted(goals.values(), key=lambda g: (g.code, g.pk))
    return [
        GoalProgress(
            goal=g,
            judgements=per_goal[g.pk],
            mastery=mastery([row.judgement for row in per_goal[g.pk]]),
        )
        for g in ordered
    ]


def _goals_of(item: Feedback) -> list[CurriculumGoal]:
    rubric = item.rubric
    assert rubric is not None  # noqa: S101 - filtered on rubric__isnull=False
    if rubric.curriculum_goal is not None:
        return [rubric.curriculum_goal]
    work = item.evidence or item.own_goal
    linked: list[CurriculumGoal] = getattr(work, "goals", [])
    if rubric.learning_line_id is not None:
        return [g for g in linked if g.line_id == rubric.learning_line_id]
    return linked


# --- Peer feedback ----------------------------------------------------------------------------


def peer_groups_of(student: Student) -> QuerySet[Group]:
    """The student's groups of this school year in which peer feedback is on."""
    return Group.objects.filter(
        memberships__student=student,
        school_id=student.school_id,
        school_year__end_date__gte=timezone.localdate(),
        peer_feedback__enabled=True,
    ).order_by("name", "pk")


def peer_requests_for_classmate(student: Student) -> list[PeerFeedbackRequest]:
    """Live requests of classmates in the student's groups, newest first.

    Each has ``answered``: whether the student already gave their feedback.
    """
    mine = PeerComment.objects.filter(request=OuterRef("pk"), author=student)
    return list(
        live_peer_requests()
        .filter(group__memberships__student=student, group__school_id=student.school_id)
        .exclude(evidence__student=student)
        .annotate(answered=Exists(mine))
        .select_related("evidence", "group")
        .order_by("-updated_at", "pk")
    )


def peer_requests_of(evidence: Evidence) -> list[PeerFeedbackRequest]:
    """The open requests of one piece of evidence, with their groups."""
    return list(
        PeerFeedbackRequest.objects.filter(evidence=evidence, closed_at__isnull=True)
        .select_related("group")
        .order_by("group__name")
    )


def peer_comment_of(request: PeerFeedbackRequest, author: Student) -> PeerComment | None:
    return PeerComment.objects.filter(request=request, author=author).first()


def peer_comments_by(student: Student) -> list[PeerComment]:
    """What the student wrote for classmates, hidden comments too, newest first."""
    return list(
        PeerComment.objects.filter(author=student).select_related(
            "request__evidence", "request__group"
        )
    )


def target_peer_comments(target: Target) -> list[PeerComment]:
    """The visible peer comments on a piece of evidence, from every group it was asked in."""
    if target.evidence is None:
        return []
    return peer_comments_visible_on(target.evidence.public_id)


def peer_comments_visible_on(evidence_public_id: UUID) -> list[PeerComment]:
    """As ``target_peer_comments``; call it only after checking access to the evidence."""
    return list(
        PeerComment.objects.filter(
            request__evidence__public_id=evidence_public_id, hidden_at__isnull=True
        )
        .select_related("author__user")
        .order_by("-created_at")
    )


def group_peer_enabled(group: Group) -> bool:
    return Group.objects.filter(pk=group.pk, peer_feedback__enabled=True).exists()


def group_peer_requests(group: Group) -> list[PeerFeedbackRequest]:
    """The group's live requests, with their owner and the number of comments."""
    return list(
        live_peer_requests()
        .filter(group=group)
        .select_related("evidence__student__user", "evidence__student__school")
        .annotate(comment_count=Count("comments"))
        .order_by("-updated_at", "pk")
    )


def group_peer_comments(group: Group) -> list[PeerComment]:
    """Every comment in the group, hidden ones too, newest first, for moderation."""
    return list(
        PeerComment.objects.filter(request__group=group).select_related(
            "request__evidence__student__user",
            "request__evidence__student__school",
            "author__user",
            "author__school",
            "hidden_by",
        )
    )


def peer_feedback_on_for(*, student_id: int) -> bool:
    """Whether one of the student's groups of this school year has peer feedback on."""
    return Group.objects.filter(
        memberships__student_id=student_id,
        school_year__end_date__gte=timezone.localdate(),
        peer_feedback__enabled=True,
    ).exists()
