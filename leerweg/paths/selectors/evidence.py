"""Reading a student's evidence. Access is checked by the caller (``paths.access``)."""

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.files import type_label
from leerweg.paths.models import Evidence, OwnGoal
from leerweg.schools.models import Student

EVIDENCE_PAGE_SIZE = 24


def evidence_of_student(student: Student) -> QuerySet[Evidence]:
    """Newest first, with the titles of the linked goals in one extra query per page."""
    return (
        Evidence.objects.filter(student=student)
        .order_by("-created_at", "-id")
        .prefetch_related(
            Prefetch("own_goals", queryset=OwnGoal.objects.only("id", "public_id", "title"))
        )
    )


def evidence_page(student: Student, page_number: str | None) -> Page:
    page = Paginator(evidence_of_student(student), EVIDENCE_PAGE_SIZE).get_page(page_number)
    for evidence in page:
        evidence.type_label = type_label(evidence.content_type)  # type: ignore[attr-defined]
    return page


def evidence_goals(evidence: Evidence) -> tuple[list[OwnGoal], list[CurriculumGoal]]:
    """The own goals and curriculum goals a piece of evidence is linked to."""
    own_goals = list(evidence.own_goals.order_by("title"))
    curriculum_goals = list(evidence.curriculum_goals.order_by("position", "code"))
    return own_goals, curriculum_goals
