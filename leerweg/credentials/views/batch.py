"""Issuing a leaving cohort's Plusdocuments at once, for school leaders: start, follow, download.

Only a school leader issues Plusdocuments, so only a school leader uses these
pages (other roles get a 403); a batch or group of another school is a 404.
"""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.audit.models import AuditAction
from leerweg.core.access import NotFoundOrNotYours
from leerweg.credentials.documents import batch as batches
from leerweg.credentials.documents.forms import BatchForm
from leerweg.credentials.models import PlusdocumentBatch
from leerweg.schools.models import Group, School, StaffRole
from leerweg.schools.services import students_access_record

AUDIT_BATCH = "plusdocument.batch"
leader_required = role_required(RoleKind.STAFF, staff_roles=(StaffRole.SCHOOL_LEADER,))


def _school(role: RoleContext) -> School:
    return School.objects.get(pk=role.school_id)


def _access_batch(role: RoleContext, batch_id: UUID) -> PlusdocumentBatch:
    batch = (
        PlusdocumentBatch.objects.filter(public_id=batch_id, school_id=role.school_id)
        .select_related("school", "started_by")
        .first()
    )
    if batch is None:
        raise NotFoundOrNotYours
    return batch


def _list_context(role: RoleContext, form: BatchForm) -> dict[str, object]:
    return {
        "form": form,
        "batches": PlusdocumentBatch.objects.filter(school_id=role.school_id).select_related(
            "started_by"
        )[:20],
    }


@require_GET
@leader_required
def batch_list(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    form = BatchForm(groups=batches.current_groups(_school(role)))
    return render(request, "credentials/batch_list.html", _list_context(role, form))


@require_POST
@leader_required
def batch_start(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    school = _school(role)
    posted = request.POST.get("group", "")
    # A group of another school is not yours to know about.
    if posted.isdigit() and Group.objects.filter(pk=int(posted)).exclude(school=school).exists():
        raise NotFoundOrNotYours
    form = BatchForm(request.POST, groups=batches.current_groups(school))
    if form.is_valid():
        group = form.cleaned_data["group"]
        try:
            batch = batches.batch_start(
                school=school,
                group=group,
                language=form.cleaned_data["language"],
                started_by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            students_access_record(
                user=request.user,
                role=role,
                students=batches.cohort_of(batch),
                what=AUDIT_BATCH,
                action=AuditAction.CHANGE,
            )
            return redirect("credentials:batch-detail", batch_id=batch.public_id)
    return render(request, "credentials/batch_list.html", _list_context(role, form), status=400)


def _skipped(batch: PlusdocumentBatch) -> list[dict[str, str]]:
    return [
        {
            "name": item.get("name", ""),
            "reason": str(batches.REASONS.get(item.get("reason", ""), "")),
            "message": item.get("message", ""),
        }
        for item in batch.skipped
    ]


def _progress_context(batch: PlusdocumentBatch) -> dict[str, object]:
    return {"batch": batch, "stage_label": batches.STAGES.get(batch.stage, "")}


@require_GET
@leader_required
def batch_detail(request: RoleRequest, batch_id: UUID) -> HttpResponse:
    batch = _access_batch(request.active_role, batch_id)
    context = {**_progress_context(batch), "skipped": _skipped(batch)}
    return render(request, "credentials/batch_detail.html", context)


@require_GET
@leader_required
def batch_progress(request: RoleRequest, batch_id: UUID) -> HttpResponse:
    """The progress bar alone, polled while the batch runs; a finished one reloads the page."""
    batch = _access_batch(request.active_role, batch_id)
    response = render(request, "credentials/batch_progress.html", _progress_context(batch))
    if batch.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_GET
def batch_download(request: RoleRequest, batch_id: UUID) -> FileResponse:
    # A streaming response, so the role is checked here rather than by the decorator.
    role = getattr(request, "active_role", None)
    if role is None or not role.has_staff_role(StaffRole.SCHOOL_LEADER):
        raise PermissionDenied
    batch = _access_batch(role, batch_id)
    if not batch.archive:
        raise NotFoundOrNotYours
    try:
        handle = batch.archive.open("rb")
    except OSError as error:
        raise NotFoundOrNotYours from error
    students_access_record(
        user=request.user, role=role, students=batches.cohort_of(batch), what=AUDIT_BATCH
    )
    name = (batch.archive.name or "plusdocumenten.zip").rsplit("/", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("uitgeven/", batch_list, name="batch-list"),
    path("uitgeven/starten/", batch_start, name="batch-start"),
    path("uitgeven/<uuid:batch_id>/", batch_detail, name="batch-detail"),
    path("uitgeven/<uuid:batch_id>/voortgang/", batch_progress, name="batch-progress"),
    path("uitgeven/<uuid:batch_id>/zip/", batch_download, name="batch-download"),
]
