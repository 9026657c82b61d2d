"""Writes for formative evaluation: rubrics, feedback and self-assessments."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from leerweg.accounts.models import User
from leerweg.assessment.access import Target
from leerweg.assessment.models import (
    Feedback,
    FeedbackLevel,
    GroupPeerFeedback,
    PeerComment,
    PeerFeedbackRequest,
    Rubric,
    RubricCriterion,
    RubricDescriptor,
    RubricLevel,
    SelfAssessment,
    SelfAssessmentLevel,
)
from leerweg.assessment.rubric_content import RubricContent, content_problems
from leerweg.assessment.selectors import peer_groups_of, rubric_content
from leerweg.curriculum.models import CurriculumGoal, LearningLine
from leerweg.notifications.models import NotificationKind
from leerweg.notifications.services import notification_send
from leerweg.paths.models import Evidence
from leerweg.schools.models import Group, GroupMembership, School, Student

FEEDBACK_TITLE = gettext_noop("%(name)s gave you feedback on “%(title)s”")
PEER_FEEDBACK_TITLE = gettext_noop("%(name)s from your class gave you tops and tips on “%(title)s”")


def criterion_field(criterion_id: int) -> str:
    """The form field (and error key) of one criterion's level."""
    return f"criterion_{criterion_id}"


# --- Rubrics ----------------------------------------------------------------------------------


@transaction.atomic
def rubric_create(
    *,
    school: School,
    author: User,
    title: str,
    content: RubricContent,
    description: str = "",
    curriculum_goal: CurriculumGoal | None = None,
    learning_line: LearningLine | None = None,
    copied_from: Rubric | None = None,
) -> Rubric:
    rubric = Rubric(school=school, author=author, copied_from=copied_from)
    _set_header(rubric, title, description, curriculum_goal, learning_line)
    _check_content(content)
    rubric.save()
    _write_content(rubric, content)
    return rubric


@transaction.atomic
def rubric_update(
    *,
    rubric: Rubric,
    title: str,
    content: RubricContent,
    description: str = "",
    curriculum_goal: CurriculumGoal | None = None,
    learning_line: LearningLine | None = None,
) -> Rubric:
    """Change a rubric in place; levels and criteria are matched by position.

    A level or criterion that judgements use cannot be removed: the judgement
    would lose its meaning.
    """
    _set_header(rubric, title, description, curriculum_goal, learning_line)
    _check_content(content)
    rubric.save()
    _write_content(rubric, content)
    return rubric


@transaction.atomic
def rubric_copy(*, rubric: Rubric, author: User) -> Rubric:
    """An independent copy, for ``author`` to adapt; the original stays as it is."""
    return rubric_create(
        school=rubric.school,
        author=author,
        title=_("%(title)s (copy)") % {"title": rubric.title},
        content=rubric_content(rubric),
        description=rubric.description,
        curriculum_goal=rubric.curriculum_goal,
        learning_line=rubric.learning_line,
        copied_from=rubric,
    )


@transaction.atomic
def rubric_delete(*, rubric: Rubric) -> None:
    try:
        rubric.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("This rubric was used for feedback or a self-assessment; it cannot be deleted.")
        ) from error


def _set_header(
    rubric: Rubric,
    title: str,
    description: str,
    goal: CurriculumGoal | None,
    line: LearningLine | None,
) -> None:
    if goal is not None and line is not None:
        raise ValidationError(
            {"learning_line": _("Attach the rubric to a learning goal or a learning line.")}
        )
    if goal is not None and goal.school_id != rubric.school_id:
        raise ValidationError({"curriculum_goal": _("Choose a goal of your school.")})
    if line is not None and line.domain.school_id != rubric.school_id:
        raise ValidationError({"learning_line": _("Choose a learning line of your school.")})
    rubric.title = title.strip()
    rubric.description = description.strip()
    rubric.curriculum_goal = goal
    rubric.learning_line = line
    rubric.full_clean(exclude=["school", "author", "copied_from"])


def _check_content(content: RubricContent) -> None:
    problems = content_problems(content)
    if problems:
        raise ValidationError(problems)


def _write_content(rubric: Rubric, content: RubricContent) -> None:
    levels = _sync(
        RubricLevel, rubric, "rank", [{"name": name} for name in content.levels], start=1
    )
    criteria = _sync(
        RubricCriterion,
        rubric,
        "position",
        [{"title": criterion.title} for criterion in content.criteria],
        start=0,
    )
    RubricDescriptor.objects.filter(criterion__rubric=rubric).delete()
    RubricDescriptor.objects.bulk_create(
        RubricDescriptor(criterion=row, level=level, text=text)
        for row, criterion in zip(criteria, content.criteria, strict=True)
        for level, text in zip(levels, criterion.descriptors, strict=True)
    )


def _sync[M: (RubricLevel, RubricCriterion)](
    model: type[M], rubric: Rubric, order: str, values: list[dict[str, str]], *, start: int
) -> list[M]:
    """Make the rubric's rows of ``model`` match ``values``, keeping rows at the same place."""
    existing = {getattr(row, order): row for row in model.objects.filter(rubric=rubric)}
    rows = []
    for place, fields in enumerate(values, start=start):
        row = existing.pop(place, None) or model(rubric=rubric, **{order: place})
        for name, value in fields.items():
            setattr(row, name, value.strip())
        row.save()
        rows.append(row)
    try:
        model.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Feedback uses a level or criterion you removed; keep it or make a copy instead.")
        ) from error
    return rows


# --- Feedback and self-assessment -------------------------------------------------------------


def _checked_levels(
    rubric: Rubric | None, levels: Mapping[int, int], student_school_id: int
) -> list[tuple[RubricCriterion, RubricLevel]]:
    """The (criterion, level) pairs, each checked to belong to ``rubric``; else a field error."""
    if rubric is None:
        if levels:
            raise ValidationError({"rubric": _("Choose the rubric these levels belong to.")})
        return []
    if rubric.school_id != student_school_id:
        raise ValidationError({"rubric": _("Choose a rubric of the student's school.")})
    criteria = {criterion.pk: criterion for criterion in rubric.criteria.all()}
    rubric_levels = {level.pk: level for level in rubric.levels.all()}
    pairs, errors = [], {}
    for criterion_id, level_id in levels.items():
        if criterion_id not in criteria or level_id not in rubric_levels:
            errors[criterion_field(criterion_id)] = _("Choose a level of this rubric.")
            continue
        pairs.append((criteria[criterion_id], rubric_levels[level_id]))
    if errors:
        raise ValidationError(errors)
    return pairs


@transaction.atomic
def feedback_give(
    *,
    target: Target,
    author: User,
    feed_up: str = "",
    feed_back: str = "",
    feed_forward: str = "",
    rubric: Rubric | None = None,
    levels: Mapping[int, int] | None = None,
) -> Feedback:
    """Feedback by ``author`` on ``target``; the student is notified.

    ``levels`` maps criterion ids to level ids, all of ``rubric``.
    """
    student = target.student
    pairs = _checked_levels(rubric, levels or {}, student.school_id)
    texts = [feed_up.strip(), feed_back.strip(), feed_forward.strip()]
    if not any(texts) and not pairs:
        raise ValidationError(_("Write some feedback or choose a level for a criterion."))
    feedback = Feedback(
        student=student,
        evidence=target.evidence,
        own_goal=target.own_goal,
        author=author,
        feed_up=texts[0],
        feed_back=texts[1],
        feed_forward=texts[2],
        # A rubric counts as used only when a level of it was chosen.
        rubric=rubric if pairs else None,
    )
    feedback.full_clean()
    feedback.save()
    FeedbackLevel.objects.bulk_create(
        FeedbackLevel(feedback=feedback, criterion=criterion, level=level)
        for criterion, level in pairs
    )
    notification_send(
        recipient=student.user,
        kind=NotificationKind.FEEDBACK,
        title=FEEDBACK_TITLE,
        params={"name": author.get_full_name() or author.get_username(), "title": target.title},
        link=reverse(target.url_name("assessment"), args=[target.item.public_id]),
    )
    return feedback


@transaction.atomic
def self_assessment_add(
    *, target: Target, rubric: Rubric, levels: Mapping[int, int], note: str = ""
) -> SelfAssessment:
    pairs = _checked_levels(rubric, levels, target.student.school_id)
    if not pairs:
        raise ValidationError(_("Choose your level for at least one criterion."))
    assessment = SelfAssessment(
        student=target.student,
        evidence=target.evidence,
        own_goal=target.own_goal,
        rubric=rubric,
        note=note.strip(),
    )
    assessment.full_clean()
    assessment.save()
    SelfAssessmentLevel.objects.bulk_create(
        SelfAssessmentLevel(self_assessment=assessment, criterion=criterion, level=level)
        for criterion, level in pairs
    )
    return assessment


# --- Peer feedback ----------------------------------------------------------------------------


@transaction.atomic
def group_peer_feedback_set(*, group: Group, enabled: bool, changed_by: User) -> int:
    """Switch peer feedback on or off for ``group``; off closes its open requests.

    Returns how many requests were closed. Comments already given stay with
    the owner; asking again after peer feedback is back on reopens a request.
    """
    GroupPeerFeedback.objects.update_or_create(
        group=group, defaults={"enabled": enabled, "changed_by": changed_by}
    )
    if enabled:
        return 0
    return PeerFeedbackRequest.objects.filter(group=group, closed_at__isnull=True).update(
        closed_at=timezone.now(), updated_at=timezone.now()
    )


@transaction.atomic
def peer_request_open(*, evidence: Evidence, group: Group) -> PeerFeedbackRequest:
    """Ask the classmates of ``group`` for feedback on ``evidence``.

    The group must be one of the owner's groups of this school year with peer
    feedback on. Asking again in the same group reopens the earlier request.
    """
    if not peer_groups_of(evidence.student).filter(pk=group.pk).exists():
        raise ValidationError({"group": _("Choose one of your groups where peer feedback is on.")})
    request, created = PeerFeedbackRequest.objects.select_for_update().get_or_create(
        evidence=evidence, group=group
    )
    if not created and request.closed_at is not None:
        request.closed_at = None
        request.save(update_fields=["closed_at", "updated_at"])
    return request


def peer_request_close(*, request: PeerFeedbackRequest) -> PeerFeedbackRequest:
    """Stop asking: the piece is hidden from the classmates again."""
    if request.closed_at is None:
        request.closed_at = timezone.now()
        request.save(update_fields=["closed_at", "updated_at"])
    return request


@transaction.atomic
def peer_comment_add(
    *, request: PeerFeedbackRequest, author: Student, tops: str = "", tips: str = ""
) -> PeerComment:
    """A classmate's tops and tips on a live request; the owner is notified.

    The caller found ``request`` through ``access_peer_request``; the rules are
    checked again here, so no other path can store a comment that breaks them.
    """
    owner = request.evidence.student
    if author.pk == owner.pk:
        raise ValidationError(_("You cannot give peer feedback on your own work."))
    in_group = GroupMembership.objects.filter(group=request.group, student=author).exists()
    if (
        not in_group
        or not request.is_open
        or not peer_groups_of(owner).filter(pk=request.group_id).exists()
    ):
        raise ValidationError(_("This request for feedback is closed."))
    texts = tops.strip(), tips.strip()
    if not any(texts):
        raise ValidationError(_("Write a top or a tip."))
    if PeerComment.objects.filter(request=request, author=author).exists():
        raise ValidationError(_("You already gave feedback on this work."))
    comment = PeerComment(request=request, author=author, tops=texts[0], tips=texts[1])
    comment.full_clean()
    comment.save()
    notification_send(
        recipient=owner.user,
        kind=NotificationKind.FEEDBACK,
        title=PEER_FEEDBACK_TITLE,
        params={
            "name": author.user.first_name or _("A classmate"),
            "title": request.evidence.title,
        },
        link=reverse("assessment:evidence-assessment", args=[request.evidence.public_id]),
    )
    return comment


def peer_comment_delete(*, comment: PeerComment) -> None:
    comment.delete()


def peer_comment_hide(*, comment: PeerComment, hidden_by: User, reason: str = "") -> PeerComment:
    """Staff hide a comment: the owner no longer sees it; the author sees that it is hidden."""
    comment.hidden_at = timezone.now()
    comment.hidden_by = hidden_by
    comment.hidden_reason = reason.strip()
    comment.full_clean()
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    return comment


def peer_comment_show(*, comment: PeerComment) -> PeerComment:
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    return comment
