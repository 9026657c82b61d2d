"""Evidence: the student's list, one piece, and adding it (text and links as JSON,
photos and files as a multipart upload, checked by content as on the pages).

Files themselves are not sent through the API; ``has_file`` says whether there
is one, to be opened on the evidence page.
"""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.paginator import Paginator
from django.db.models import Prefetch
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from leerweg.accounts.http import AuthenticatedRequest, acting_role
from leerweg.accounts.roles import RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.core.api_errors import field_error, validated
from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.access import access_evidence
from leerweg.paths.api.schemas import CurriculumCode, PageQuery
from leerweg.paths.forms.evidence import EvidenceForm
from leerweg.paths.models import Evidence, EvidenceKind, OwnGoal
from leerweg.paths.selectors.evidence import EVIDENCE_PAGE_SIZE, evidence_of_student
from leerweg.paths.services.evidence import evidence_create
from leerweg.profiles.access import is_owner, visible_parts
from leerweg.profiles.models import ProfilePart
from leerweg.schools.access import access_student
from leerweg.schools.models import Student
from leerweg.schools.services import students_access_record

router = Router(tags=["evidence"])

VIEWERS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)


class EvidenceOut(Schema):
    id: UUID
    kind: EvidenceKind
    title: str
    text: str
    url: str
    has_file: bool
    content_type: str
    size: int
    own_goals: list[UUID] | None = Field(
        description="Ids of the student's goals it shows; null unless goals are shared with you."
    )
    curriculum_goals: list[str] = Field(description="Codes of the school's learning goals.")
    created_at: datetime
    updated_at: datetime


class EvidencePage(Schema):
    shared: bool = Field(description="False when the student does not share evidence with you.")
    count: int
    page: int
    pages: int
    items: list[EvidenceOut]


class EvidenceLinks(Schema):
    own_goals: list[UUID] = Field(description="At least one of the student's own goals.")
    curriculum_goals: list[CurriculumCode] = Field(
        [], description="Codes of the school's learning goals."
    )


class EvidenceIn(EvidenceLinks):
    kind: Literal["text", "link"]
    title: str
    text: str = ""
    url: str = ""


class EvidenceFileIn(EvidenceLinks):
    kind: Literal["image", "file"]
    title: str
    text: str = ""


def _evidence_out(evidence: Evidence, *, show_goals: bool) -> dict[str, Any]:
    return {
        "id": evidence.public_id,
        "kind": evidence.kind,
        "title": evidence.title,
        "text": evidence.text,
        "url": evidence.url,
        "has_file": bool(evidence.file),
        "content_type": evidence.content_type,
        "size": evidence.size,
        "own_goals": [g.public_id for g in evidence.own_goals.all()] if show_goals else None,
        "curriculum_goals": [g.code for g in evidence.curriculum_goals.all()],
        "created_at": evidence.created_at,
        "updated_at": evidence.updated_at,
    }


def _form_data(student: Student, payload: EvidenceLinks) -> dict[str, Any]:
    """The payload as the evidence form takes it: goals by primary key."""
    own_goals = dict(
        OwnGoal.objects.filter(student=student, public_id__in=payload.own_goals).values_list(
            "public_id", "pk"
        )
    )
    if len(own_goals) != len(set(payload.own_goals)):
        raise field_error("own_goals", "Link only to goals of this student.")
    curriculum = dict(
        CurriculumGoal.objects.filter(
            school_id=student.school_id, code__in=payload.curriculum_goals
        ).values_list("code", "pk")
    )
    if len(curriculum) != len(set(payload.curriculum_goals)):
        raise field_error("curriculum_goals", "Link only to learning goals of the school.")
    data = payload.dict(exclude={"own_goals", "curriculum_goals"})
    return {
        **data,
        "own_goals": list(own_goals.values()),
        "curriculum_goals": list(curriculum.values()),
    }


def _own_student(request: AuthenticatedRequest, student_id: UUID) -> Student:
    role = acting_role(request, RoleKind.STUDENT)
    student = access_student(request.user, role, student_id)
    if not is_owner(request.user, role, student):
        raise NotFoundOrNotYours
    return student


def _create(
    request: AuthenticatedRequest,
    student: Student,
    form: EvidenceForm,
) -> dict[str, Any]:
    validated(form, names={"upload": "file"})
    evidence = evidence_create(
        student=student,
        created_by=request.user,
        kind=form.kind,
        upload=form.checked_upload,
        **form.service_arguments(),
    )
    return _evidence_out(evidence, show_goals=True)


@router.get("/students/{uuid:student_id}/evidence", response=EvidencePage)
def evidence_list(
    request: AuthenticatedRequest, student_id: UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    """The student's evidence, newest first, 24 per page, if they share it with you."""
    role = acting_role(request, *VIEWERS)
    student = access_student(request.user, role, student_id)
    parts = visible_parts(request.user, role, student)
    if ProfilePart.EVIDENCE not in parts:
        return {"shared": False, "count": 0, "page": 1, "pages": 1, "items": []}
    students_access_record(
        user=request.user, role=role, students=[student], what="api.evidence.list"
    )
    evidence = evidence_of_student(student).prefetch_related(
        Prefetch("curriculum_goals", queryset=CurriculumGoal.objects.only("id", "code"))
    )
    page = Paginator(evidence, EVIDENCE_PAGE_SIZE).get_page(query.page)
    show_goals = ProfilePart.GOALS in parts
    return {
        "shared": True,
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [_evidence_out(e, show_goals=show_goals) for e in page],
    }


@router.post("/students/{uuid:student_id}/evidence", response={201: EvidenceOut})
def evidence_add(
    request: AuthenticatedRequest, student_id: UUID, payload: EvidenceIn
) -> Status[dict[str, Any]]:
    """Add a text or a link (the student only)."""
    student = _own_student(request, student_id)
    form = EvidenceForm(_form_data(student, payload), student=student, kind=payload.kind)
    return Status(201, _create(request, student, form))


@router.post("/students/{uuid:student_id}/evidence/files", response={201: EvidenceOut})
def evidence_upload(
    request: AuthenticatedRequest,
    student_id: UUID,
    payload: Form[EvidenceFileIn],
    file: File[UploadedFile],
) -> Status[dict[str, Any]]:
    """Add a photo or a file as ``multipart/form-data`` (the student only).

    Photos are written anew without their metadata (such as GPS position);
    files must be one of the allowed types, recognised by their content.
    """
    student = _own_student(request, student_id)
    form = EvidenceForm(
        _form_data(student, payload), {"upload": file}, student=student, kind=payload.kind
    )
    return Status(201, _create(request, student, form))


@router.get("/evidence/{uuid:evidence_id}", response=EvidenceOut)
def evidence_detail(request: AuthenticatedRequest, evidence_id: UUID) -> dict[str, Any]:
    role = acting_role(request, *VIEWERS)
    evidence = access_evidence(request.user, role, evidence_id)
    student = evidence.student
    students_access_record(
        user=request.user, role=role, students=[student], what="api.evidence.detail"
    )
    show_goals = ProfilePart.GOALS in visible_parts(request.user, role, student)
    return _evidence_out(evidence, show_goals=show_goals)
