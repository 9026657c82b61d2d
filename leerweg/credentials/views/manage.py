"""The school's issued credentials, for school leaders: list, revoke, undo, rotate the key.

Only a school leader revokes credentials and rotates the school's signing key, so
only a school leader uses these pages (other roles get a 403); a credential of
another school is a 404. Reading the list records who looked at which students.
"""

from collections.abc import Iterable
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.audit.models import AuditAction
from leerweg.core.access import NotFoundOrNotYours
from leerweg.credentials.models import IssuedCredential, IssuerKey
from leerweg.credentials.trust import issuers, services
from leerweg.schools.models import School, StaffRole, Student
from leerweg.schools.services import students_access_record

AUDIT_LIST = "credentials.list"
AUDIT_CREDENTIAL = "credentials.credential"
PAGE_SIZE = 25
leader_required = role_required(RoleKind.STAFF, staff_roles=(StaffRole.SCHOOL_LEADER,))


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Student name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        help_text=gettext_lazy(
            "Why the school withdraws this credential. Kept in the school's records; "
            "verifiers only see that it was revoked."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Give the reason for the revocation.")},
    )


def _school(role: RoleContext) -> School:
    return School.objects.get(pk=role.school_id)


def _credentials(role: RoleContext) -> QuerySet[IssuedCredential]:
    return IssuedCredential.objects.filter(school_id=role.school_id).select_related(
        "student__user", "student__school", "revoked_by"
    )


def _access_credential(role: RoleContext, credential_id: UUID) -> IssuedCredential:
    issued = _credentials(role).filter(public_id=credential_id).first()
    if issued is None:
        raise NotFoundOrNotYours
    return issued


def _named(credentials: QuerySet[IssuedCredential], name: str) -> QuerySet[IssuedCredential]:
    for word in name.split()[:4]:
        credentials = credentials.filter(
            Q(subject_name__icontains=word)
            | Q(student__user__first_name__icontains=word)
            | Q(student__user__last_name__icontains=word)
        )
    return credentials


def _record(request: RoleRequest, students: Iterable[Student | None], what: str) -> None:
    seen: dict[int, Student] = {}
    for student in students:
        if student is not None:
            seen.setdefault(student.pk, student)
    if seen:
        students_access_record(
            user=request.user,
            role=request.active_role,
            students=seen.values(),
            what=what,
            action=AuditAction.VIEW,
        )


@require_GET
@leader_required
def manage_list(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    form = SearchForm(request.GET or None)
    credentials = _credentials(role)
    name = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if name:
        credentials = _named(credentials, name)
    page: Page[IssuedCredential] = Paginator(credentials, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _record(request, (issued.student for issued in page), AUDIT_LIST)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "name": name}
    return render(request, "credentials/manage_list.html", context)


@require_http_methods(["GET", "POST"])
@leader_required
def manage_revoke(request: RoleRequest, credential_id: UUID) -> HttpResponse:
    role = request.active_role
    issued = _access_credential(role, credential_id)
    if issued.is_revoked:
        messages.info(request, _("This credential has already been revoked."))
        return redirect("credentials:manage-list")
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.credential_revoke(
            issued=issued, user=request.user, role=role, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("“%(name)s” has been revoked.") % {"name": issued.name})
        return redirect("credentials:manage-list")
    _record(request, [issued.student], AUDIT_CREDENTIAL)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "credentials/manage_revoke.html", {"issued": issued, "form": form}, status=status
    )


@require_POST
@leader_required
def manage_unrevoke(request: RoleRequest, credential_id: UUID) -> HttpResponse:
    role = request.active_role
    issued = _access_credential(role, credential_id)
    if issued.is_revoked:
        services.credential_unrevoke(issued=issued, user=request.user, role=role)
        messages.success(
            request, _("The revocation of “%(name)s” has been undone.") % {"name": issued.name}
        )
    else:
        messages.info(request, _("This credential is not revoked."))
    return redirect("credentials:manage-list")


@require_http_methods(["GET", "POST"])
@leader_required
def manage_key_rotate(request: RoleRequest) -> HttpResponse:
    school = _school(request.active_role)
    if request.method == "POST":
        key = issuers.issuer_key_rotate(school=school)
        messages.success(
            request,
            _("The school now signs with a new key (%(key)s).") % {"key": key.key_id},
        )
        return redirect("credentials:manage-list")
    keys = IssuerKey.objects.filter(school=school).order_by("-created_at", "-id")
    context = {
        "school": school,
        "current": keys.filter(retired_at__isnull=True).first(),
        "retired": keys.filter(retired_at__isnull=False)[:20],
        "did_web": issuers.school_did_web(school) is not None,
    }
    return render(request, "credentials/manage_key.html", context)


urlpatterns: list[URLPattern] = [
    path("beheer/", manage_list, name="manage-list"),
    path("beheer/sleutel/", manage_key_rotate, name="manage-key-rotate"),
    path("beheer/<uuid:credential_id>/intrekken/", manage_revoke, name="manage-revoke"),
    path("beheer/<uuid:credential_id>/herstellen/", manage_unrevoke, name="manage-unrevoke"),
]
