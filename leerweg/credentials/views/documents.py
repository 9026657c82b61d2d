"""Plusdocument pages: the student's documents, one document, curating, validating, issuing."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.audit.models import AuditAction
from leerweg.core.access import NotFoundOrNotYours
from leerweg.credentials import pdf
from leerweg.credentials.documents import access, services
from leerweg.credentials.documents.forms import CurateForm, LineForm, StartForm
from leerweg.credentials.documents.selectors import (
    document_lines,
    documents_of,
    sections_of,
    verification_link,
)
from leerweg.credentials.models import Plusdocument, PlusdocumentLine
from leerweg.schools.access import students_visible_to
from leerweg.schools.models import SchoolYear, Student
from leerweg.schools.services import students_access_record

ROLES = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)
AUDIT_VIEW = "plusdocument.view"
AUDIT_CHANGE = "plusdocument.change"


def _record(request: RoleRequest, student: Student, what: str = AUDIT_VIEW) -> None:
    action = AuditAction.CHANGE if what == AUDIT_CHANGE else AuditAction.VIEW
    students_access_record(
        user=request.user, role=request.active_role, students=[student], what=what, action=action
    )


def _fail(request: RoleRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
@role_required(*ROLES)
def document_home(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    if role.kind is RoleKind.STUDENT:
        return redirect("credentials:document-student", student_id=role.student_public_id)
    students = [
        student
        for student in students_visible_to(request.user, role)
        .select_related("user", "school")
        .order_by("user__last_name", "user__first_name")[:500]
        if access.may_view(request.user, role, student)
    ]
    return render(request, "credentials/document_home.html", {"students": students})


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def document_student(request: RoleRequest, student_id: UUID) -> HttpResponse:
    role = request.active_role
    student = access.access_document_student(request.user, role, student_id)
    may_start = role.kind is RoleKind.STUDENT or role.kind is RoleKind.STAFF
    years = list(SchoolYear.objects.filter(school_id=student.school_id).order_by("-start_date"))
    form = StartForm(request.POST or None, years=years)
    if request.method == "POST":
        if not may_start:
            raise PermissionDenied
        if form.is_valid():
            year, leaving = form.period_values()
            try:
                document = services.document_start(
                    student=student, school_year=year, at_leaving=leaving, started_by=request.user
                )
            except ValidationError as error:
                _fail(request, error)
            else:
                _record(request, student, AUDIT_CHANGE)
                return redirect("credentials:document-detail", document_id=document.public_id)
    _record(request, student)
    context = {
        "student": student,
        "documents": documents_of(student),
        "form": form if may_start else None,
        "own": role.kind is RoleKind.STUDENT,
    }
    return render(request, "credentials/document_student.html", context)


def _detail_context(request: RoleRequest, document: Plusdocument) -> dict[str, object]:
    role = request.active_role
    lines = document_lines(document)
    draft = not document.is_issued
    curate = draft and access.may_curate(request.user, role, document)
    validate = draft and access.may_validate(role, document)
    return {
        "document": document,
        "student": document.student,
        "sections": sections_of(lines, shown_only=not (curate or validate)),
        "curate_form": CurateForm(lines=lines) if curate else None,
        "line_form": LineForm() if curate or validate else None,
        "may_validate": validate,
        "may_issue": draft and access.may_issue(role, document),
        "may_new_version": document.is_issued
        and (access.may_curate(request.user, role, document) or access.may_issue(role, document)),
        "verification_link": verification_link(document),
    }


@require_GET
@role_required(*ROLES)
def document_detail(request: RoleRequest, document_id: UUID) -> HttpResponse:
    document = access.access_document(request.user, request.active_role, document_id)
    _record(request, document.student)
    return render(request, "credentials/document_detail.html", _detail_context(request, document))


@require_GET
@role_required(*ROLES)
def document_pdf(request: RoleRequest, document_id: UUID) -> HttpResponse:
    document = access.access_document(request.user, request.active_role, document_id)
    language = request.GET.get("lang") or translation.get_language() or "nl"
    language = language.split("-")[0] if language.split("-")[0] in pdf.LANGUAGES else "nl"
    _record(request, document.student)
    body = pdf.document_pdf(document, language)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"plusdocument-{document.public_id}-v{document.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(RoleKind.STUDENT)
def document_curate(request: RoleRequest, document_id: UUID) -> HttpResponse:
    document = access.access_document(
        request.user, request.active_role, document_id, action="curate"
    )
    form = CurateForm(request.POST, lines=document_lines(document))
    if form.is_valid():
        try:
            services.document_curate(
                document=document,
                shown=form.shown(),
                order=form.order(),
                own_text=form.cleaned_data["own_text"],
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Your choices have been saved."))
            return redirect("credentials:document-detail", document_id=document.public_id)
    else:
        messages.error(request, _("Check the places and your own text."))
    context = {**_detail_context(request, document), "curate_form": form}
    return render(request, "credentials/document_detail.html", context, status=400)


@require_POST
@role_required(RoleKind.STUDENT, RoleKind.STAFF)
def document_line_add(request: RoleRequest, document_id: UUID) -> HttpResponse:
    role = request.active_role
    staff = role.kind is RoleKind.STAFF
    document = access.access_document(
        request.user, role, document_id, action="validate" if staff else "curate"
    )
    form = LineForm(request.POST)
    if form.is_valid():
        try:
            services.line_add(
                document=document, added_by=request.user, by_staff=staff, **form.cleaned_data
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            if staff:
                _record(request, document.student, AUDIT_CHANGE)
            messages.success(request, _("The line has been added."))
            return redirect("credentials:document-detail", document_id=document.public_id)
    context = {**_detail_context(request, document), "line_form": form}
    return render(request, "credentials/document_detail.html", context, status=400)


@require_POST
@role_required(RoleKind.STAFF)
def document_line_validate(request: RoleRequest, line_id: UUID) -> HttpResponse:
    line = PlusdocumentLine.objects.filter(public_id=line_id).select_related("document").first()
    if line is None:
        raise NotFoundOrNotYours
    document = access.access_document(
        request.user, request.active_role, line.document.public_id, action="validate"
    )
    line = PlusdocumentLine.objects.get(pk=line.pk)
    try:
        services.line_validate(line=line, validated_by=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        _record(request, document.student, AUDIT_CHANGE)
        messages.success(request, _("The line is validated."))
    return redirect("credentials:document-detail", document_id=document.public_id)


@require_POST
@role_required(RoleKind.STUDENT, RoleKind.STAFF)
def document_refresh(request: RoleRequest, document_id: UUID) -> HttpResponse:
    role = request.active_role
    action = "validate" if role.kind is RoleKind.STAFF else "curate"
    document = access.access_document(request.user, role, document_id, action=action)
    try:
        added = services.lines_draw(document=document)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("New lines from your records: %(count)s.") % {"count": added})
    return redirect("credentials:document-detail", document_id=document.public_id)


@require_POST
@role_required(RoleKind.STAFF)
def document_issue(request: RoleRequest, document_id: UUID) -> HttpResponse:
    document = access.access_document(
        request.user, request.active_role, document_id, action="issue"
    )
    try:
        services.document_issue(document=document, issued_by=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        _record(request, document.student, AUDIT_CHANGE)
        messages.success(request, _("The Plusdocument has been issued."))
    return redirect("credentials:document-detail", document_id=document.public_id)


@require_POST
@role_required(RoleKind.STUDENT, RoleKind.STAFF)
def document_new_version(request: RoleRequest, document_id: UUID) -> HttpResponse:
    role = request.active_role
    action = "issue" if role.kind is RoleKind.STAFF else "curate"
    document = access.access_document(request.user, role, document_id, action=action)
    try:
        copy = services.document_new_version(document=document, created_by=request.user)
    except ValidationError as error:
        _fail(request, error)
        return redirect("credentials:document-detail", document_id=document.public_id)
    messages.success(request, _("A new draft version has been made."))
    return redirect("credentials:document-detail", document_id=copy.public_id)


urlpatterns: list[URLPattern] = [
    path("", document_home, name="document-home"),
    path("leerling/<uuid:student_id>/", document_student, name="document-student"),
    path("document/<uuid:document_id>/", document_detail, name="document-detail"),
    path("document/<uuid:document_id>/pdf/", document_pdf, name="document-pdf"),
    path("document/<uuid:document_id>/kiezen/", document_curate, name="document-curate"),
    path("document/<uuid:document_id>/regels/", document_line_add, name="document-line-add"),
    path("document/<uuid:document_id>/bijwerken/", document_refresh, name="document-refresh"),
    path("document/<uuid:document_id>/uitgeven/", document_issue, name="document-issue"),
    path(
        "document/<uuid:document_id>/nieuwe-versie/",
        document_new_version,
        name="document-new-version",
    ),
    path("regels/<uuid:line_id>/valideren/", document_line_validate, name="document-line-validate"),
]
