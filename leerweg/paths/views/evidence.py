"""Evidence pages: the student's list, one piece, adding, changing, deleting, files.

Only the student adds and changes their evidence. Others see it when the
student shares evidence with an audience they belong to; staff looking at it
are recorded in the audit trail. Files are only ever sent through
``evidence_file`` and ``evidence_thumbnail``, after the access check.
"""

from uuid import UUID

from django.contrib import messages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.paths.access import access_evidence
from leerweg.paths.files import THUMBNAIL_CONTENT_TYPE, THUMBNAIL_EXTENSION, type_label
from leerweg.paths.forms.evidence import DOCUMENT_LABELS, EvidenceForm, max_evidence_bytes
from leerweg.paths.models import Evidence, EvidenceKind
from leerweg.paths.selectors.evidence import evidence_goals, evidence_page
from leerweg.paths.services.evidence import evidence_create, evidence_delete, evidence_update
from leerweg.profiles.access import is_owner, visible_parts
from leerweg.profiles.models import ProfilePart
from leerweg.schools.access import access_student
from leerweg.schools.services import students_access_record

VIEWERS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)
# A downloaded file gets its own strict policy: should it ever be opened as a
# page, it runs nothing and loads nothing.
FILE_CSP = "default-src 'none'; sandbox"


@require_GET
@role_required(*VIEWERS)
def evidence_index(request: RoleRequest, student_id: UUID) -> HttpResponse:
    role = request.active_role
    student = access_student(request.user, role, student_id)
    parts = visible_parts(request.user, role, student)
    # Not shared: the page says so and lists nothing (as the goals list does).
    shared = ProfilePart.EVIDENCE in parts
    if shared:
        students_access_record(
            user=request.user, role=role, students=[student], what="evidence.list"
        )
    context = {
        "student": student,
        "shared": shared,
        "page": evidence_page(student, request.GET.get("page")) if shared else None,
        "is_owner": is_owner(request.user, role, student),
        "show_goals": ProfilePart.GOALS in parts,
    }
    return render(request, "paths/evidence_list.html", context)


@require_GET
@role_required(*VIEWERS)
def evidence_detail(request: RoleRequest, evidence_id: UUID) -> HttpResponse:
    role = request.active_role
    evidence = access_evidence(request.user, role, evidence_id)
    student = evidence.student
    students_access_record(user=request.user, role=role, students=[student], what="evidence.detail")
    own_goals, curriculum_goals = evidence_goals(evidence)
    context = {
        "evidence": evidence,
        "student": student,
        "own_goals": own_goals,
        "curriculum_goals": curriculum_goals,
        "type_label": type_label(evidence.content_type),
        "show_goals": ProfilePart.GOALS in visible_parts(request.user, role, student),
        "is_owner": is_owner(request.user, role, student),
    }
    return render(request, "paths/evidence_detail.html", context)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT)
def evidence_add(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = access_student(request.user, request.active_role, student_id)
    if not is_owner(request.user, request.active_role, student):
        raise NotFoundOrNotYours
    kind, for_goal = request.GET.get("kind", ""), request.GET.get("goal", "")
    if kind not in EvidenceKind.values:
        context = {
            "student": student,
            "goal": for_goal,
            "max_size": max_evidence_bytes(),
            "document_types": DOCUMENT_LABELS,
        }
        return render(request, "paths/evidence_kind.html", context)
    posted = request.method == "POST"
    form = EvidenceForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        student=student,
        kind=kind,
        for_goal=for_goal,
    )
    if posted and form.is_valid():
        evidence = evidence_create(
            student=student,
            created_by=request.user,
            kind=kind,
            upload=form.checked_upload,
            **form.service_arguments(),
        )
        messages.success(request, _("Your evidence has been added."))
        return redirect("paths:evidence-detail", evidence.public_id)
    context = {"student": student, "form": form, "kind": EvidenceKind(kind)}
    return render(request, "paths/evidence_form.html", context, status=400 if posted else 200)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT)
def evidence_edit(request: RoleRequest, evidence_id: UUID) -> HttpResponse:
    evidence = access_evidence(request.user, request.active_role, evidence_id, edit=True)
    posted = request.method == "POST"
    form = EvidenceForm(
        request.POST if posted else None,
        student=evidence.student,
        kind=evidence.kind,
        instance=evidence,
    )
    if posted and form.is_valid():
        evidence_update(evidence=evidence, **form.service_arguments())
        messages.success(request, _("Your evidence has been saved."))
        return redirect("paths:evidence-detail", evidence.public_id)
    context = {
        "student": evidence.student,
        "evidence": evidence,
        "form": form,
        "kind": EvidenceKind(evidence.kind),
    }
    return render(request, "paths/evidence_form.html", context, status=400 if posted else 200)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT)
def evidence_remove(request: RoleRequest, evidence_id: UUID) -> HttpResponse:
    evidence = access_evidence(request.user, request.active_role, evidence_id, edit=True)
    if request.method == "POST":
        student_id = evidence.student.public_id
        evidence_delete(evidence=evidence)
        messages.success(request, _("Your evidence has been deleted."))
        return redirect("paths:evidence-list", student_id)
    context = {"evidence": evidence, "student": evidence.student}
    return render(request, "paths/evidence_confirm_delete.html", context)


# role_required is typed for HttpResponse; a FileResponse is a streaming response.
@require_GET
@role_required(*VIEWERS)  # type: ignore[arg-type]
def evidence_file(request: RoleRequest, evidence_id: UUID) -> FileResponse:
    evidence = access_evidence(request.user, request.active_role, evidence_id)
    if not evidence.file:
        raise Http404
    students_access_record(
        user=request.user,
        role=request.active_role,
        students=[evidence.student],
        what="evidence.file",
    )
    extension = (evidence.file.name or "").rsplit(".", 1)[-1]
    return _file_response(
        evidence.file,
        content_type=evidence.content_type,
        filename=_download_name(evidence, extension),
        inline=evidence.kind == EvidenceKind.IMAGE,
    )


@require_GET
@role_required(*VIEWERS)  # type: ignore[arg-type]
def evidence_thumbnail(request: RoleRequest, evidence_id: UUID) -> FileResponse:
    # Not recorded on its own: thumbnails are part of the list and detail
    # pages, which are recorded; the full file is recorded when opened.
    evidence = access_evidence(request.user, request.active_role, evidence_id)
    if not evidence.thumbnail:
        raise Http404
    return _file_response(
        evidence.thumbnail,
        content_type=THUMBNAIL_CONTENT_TYPE,
        filename=_download_name(evidence, THUMBNAIL_EXTENSION),
        inline=True,
    )


def _download_name(evidence: Evidence, extension: str) -> str:
    """Made from the title, never from the stored path (which names the student)."""
    return f"{slugify(evidence.title)[:80] or 'bewijs'}.{extension}"


def _file_response(
    field_file: FieldFile, *, content_type: str, filename: str, inline: bool
) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Children's photos on shared school computers: keep them out of every cache.
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_CSP
    return response


urlpatterns: list[URLPattern] = [
    path("leerling/<uuid:student_id>/bewijs/", evidence_index, name="evidence-list"),
    path("leerling/<uuid:student_id>/bewijs/nieuw/", evidence_add, name="evidence-add"),
    path("bewijs/<uuid:evidence_id>/", evidence_detail, name="evidence-detail"),
    path("bewijs/<uuid:evidence_id>/bewerken/", evidence_edit, name="evidence-edit"),
    path("bewijs/<uuid:evidence_id>/verwijderen/", evidence_remove, name="evidence-delete"),
    path("bewijs/<uuid:evidence_id>/bestand/", evidence_file, name="evidence-file"),
    path("bewijs/<uuid:evidence_id>/miniatuur/", evidence_thumbnail, name="evidence-thumbnail"),
]
