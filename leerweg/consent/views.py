"""Consent pages for students and guardians, and the partner portal. Thin: access, form, service."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.consent import services
from leerweg.consent.access import (
    CONSENT_PAGE_ROLES,
    access_consent_student,
    access_partner,
    deciding_as,
    sees_consents,
)
from leerweg.consent.codes import display_code
from leerweg.consent.forms import (
    CodeCancelForm,
    ConsentChangeForm,
    LinkCodeForm,
    LinkEndForm,
    RedeemForm,
)
from leerweg.consent.models import ActingAs, LinkCode, PartnerLink, Purpose
from leerweg.consent.selectors import (
    consent_history,
    consents_of_student,
    has_open_guardian_consent,
    links_of_partner,
    open_codes_of_student,
    xapi_account_home_page,
)
from leerweg.schools.models import Student
from leerweg.schools.selectors import children_of
from leerweg.schools.services import students_access_record

consent_roles = role_required(*CONSENT_PAGE_ROLES)
partner_only = role_required(RoleKind.PARTNER)


@require_GET
@consent_roles
def index(request: RoleRequest) -> HttpResponse:
    """A student goes to their own page; a guardian chooses a child (or goes, if one)."""
    role = request.active_role
    if role.kind is RoleKind.STUDENT:
        return redirect("consent:student", student_id=role.student_public_id)
    children = list(children_of(request.user))
    if len(children) == 1:
        return redirect("consent:student", student_id=children[0].public_id)
    return render(request, "consent/children.html", {"children": children})


def _page(
    request: RoleRequest,
    student: Student,
    *,
    code_form: LinkCodeForm | None = None,
    new_code: tuple[LinkCode, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    role = request.active_role
    acting_as = deciding_as(request.user, role, student)
    context: dict[str, object] = {
        "student": student,
        "is_self": role.kind is RoleKind.STUDENT,
        "sees_consents": sees_consents(role, student),
        "decides": acting_as is not None,
        "purposes": Purpose,
    }
    if context["sees_consents"]:
        context.update(
            links=consents_of_student(student),
            history=consent_history(student),
            open_codes=list(open_codes_of_student(student)),
            guardian_consent_in_force=student.decides_own_consent()
            and has_open_guardian_consent(student),
        )
    if acting_as is not None:
        context["code_form"] = code_form or LinkCodeForm()
    if new_code is not None:
        context["new_code"] = {"code": display_code(new_code[1]), "link_code": new_code[0]}
    response = render(request, "consent/student.html", context, status=status)
    if new_code is not None:
        # The code is shown once: no copy in a browser or proxy cache.
        response["Cache-Control"] = "no-store"
    return response


@require_GET
@consent_roles
def student_page(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = access_consent_student(request.user, request.active_role, student_id)
    return _page(request, student)


def _decider(request: RoleRequest, student_id: UUID) -> tuple[Student, ActingAs]:
    """The student, if the person may decide for them now; else 404 (not theirs) or 403."""
    student = access_consent_student(request.user, request.active_role, student_id)
    acting_as = deciding_as(request.user, request.active_role, student)
    if acting_as is None:
        raise PermissionDenied
    return student, acting_as


def _back(student: Student) -> HttpResponse:
    return redirect("consent:student", student_id=student.public_id)


@require_POST
@consent_roles
def code_create(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student, acting_as = _decider(request, student_id)
    form = LinkCodeForm(request.POST)
    if not form.is_valid():
        return _page(request, student, code_form=form, status=400)
    try:
        new_code = services.link_code_create(
            student=student,
            partner=form.cleaned_data["partner"],
            purposes=form.cleaned_data["purposes"],
            created_by=request.user,
            acting_as=acting_as,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, student, code_form=form, status=400)
    return _page(request, student, new_code=new_code)


@require_POST
@consent_roles
def code_cancel(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student, acting_as = _decider(request, student_id)
    form = CodeCancelForm(request.POST)
    code = None
    if form.is_valid():
        code = LinkCode.objects.filter(student=student, public_id=form.cleaned_data["code"]).first()
    if code is None or not services.link_code_cancel(
        code=code, cancelled_by=request.user, acting_as=acting_as
    ):
        messages.error(
            request, _("This code could not be cancelled: it was already used or has expired.")
        )
    else:
        messages.success(request, _("The code is cancelled and can no longer be used."))
    return _back(student)


def _active_link(student: Student, form: ConsentChangeForm | LinkEndForm) -> PartnerLink | None:
    if not form.is_valid():
        return None
    return (
        PartnerLink.objects.filter(
            student=student, partner=form.cleaned_data["partner"], ended_at=None
        )
        .select_related("student__school", "partner")
        .first()
    )


@require_POST
@consent_roles
def grant_give(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student, acting_as = _decider(request, student_id)
    form = ConsentChangeForm(request.POST)
    link = _active_link(student, form)
    if link is None:
        messages.error(request, _("Consent can only be given to a linked organisation."))
        return _back(student)
    purpose = Purpose(form.cleaned_data["purpose"])
    services.consent_give(link=link, purpose=purpose, given_by=request.user, acting_as=acting_as)
    messages.success(
        request,
        _("Consent given to %(partner)s: %(purpose)s.")
        % {"partner": link.partner.name, "purpose": purpose.label},
    )
    return _back(student)


@require_POST
@consent_roles
def grant_withdraw(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student, acting_as = _decider(request, student_id)
    form = ConsentChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an organisation and what the consent is for."))
        return _back(student)
    partner, purpose = form.cleaned_data["partner"], Purpose(form.cleaned_data["purpose"])
    withdrawn = services.consent_withdraw(
        student=student,
        partner=partner,
        purposes=[purpose],
        withdrawn_by=request.user,
        acting_as=acting_as,
    )
    if not withdrawn:
        messages.info(request, _("There was no consent to withdraw."))
        return _back(student)
    messages.success(
        request,
        _("Consent withdrawn from %(partner)s: %(purpose)s.")
        % {"partner": partner.name, "purpose": purpose.label},
    )
    return _back(student)


@require_POST
@consent_roles
def link_end(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student, acting_as = _decider(request, student_id)
    link = _active_link(student, LinkEndForm(request.POST))
    if link is None:
        messages.error(request, _("This organisation is not linked."))
        return _back(student)
    services.partner_link_end(link=link, ended_by=request.user, acting_as=acting_as)
    messages.success(
        request,
        _("The link with %(partner)s has ended and all its consent is withdrawn.")
        % {"partner": link.partner.name},
    )
    return _back(student)


# --- Partner portal ---------------------------------------------------------------------------


def _partner_page(
    request: RoleRequest, form: RedeemForm | None = None, status: int = 200
) -> HttpResponse:
    partner = access_partner(request.active_role)
    links = list(links_of_partner(partner))
    students_access_record(
        user=request.user,
        role=request.active_role,
        students=[link.student for link in links],
        what="consent.partner.links",
    )
    context = {
        "partner": partner,
        "links": links,
        "form": form or RedeemForm(),
        "home_page": xapi_account_home_page(),
    }
    return render(request, "consent/partner_links.html", context, status=status)


@require_GET
@partner_only
def partner_links(request: RoleRequest) -> HttpResponse:
    return _partner_page(request)


@require_POST
@partner_only
def partner_redeem(request: RoleRequest) -> HttpResponse:
    partner = access_partner(request.active_role)
    form = RedeemForm(request.POST)
    if not form.is_valid():
        return _partner_page(request, form, status=400)
    try:
        link = services.link_code_redeem(
            partner=partner,
            typed_code=form.cleaned_data["code"],
            label=form.cleaned_data["label"],
            redeemed_by=request.user,
        )
    except ValidationError as error:
        form.add_error("code", error)
        return _partner_page(request, form, status=400)
    messages.success(
        request,
        _("Linked: %(label)s. Use the account name below when you record activities.")
        % {"label": link.partner_label},
    )
    return redirect("consent:partner-links")
