"""Writes for formative evaluation: rubrics, feedback and self-assessments."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from leerweg.accounts.models import User
from leerweg.assessment.access import Target
from leerweg.assessment.models import (
    Feedback,
    FeedbackLevel,
    Rubric,
    RubricCriterion,
    RubricDescriptor,
    RubricLevel,
    SelfAssessment,
    SelfAssessmentLevel,
)
from leerweg.assessment.rubric_content import RubricContent, content_problems
from leerweg.assessment.selectors import rubric_content
from leerweg.curriculum.models import CurriculumGoal, LearningLine
from leerweg.notifications.models import NotificationKind
from leerweg.notifications.services import notification_send
from leerweg.schools.models import School

FEEDBACK_TITLE = gettext_noop("%(name)s gave you feedback on “%(title)s”")


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
