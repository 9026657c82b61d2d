"""The school's translation table: how partners' xAPI statements reach the timeline.

School leaders and administrators see the default table and keep their own
rules, which replace a default for one exact verb or activity-type IRI.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.http import RoleRequest
from leerweg.lrs import mapping
from leerweg.lrs.forms_mapping import StatementMappingForm
from leerweg.lrs.mapping_admin import (
    access_statement_mapping,
    default_rows,
    mapping_admin_required,
    statement_mapping_delete,
    statement_mapping_save,
    statement_mappings_of,
)
from leerweg.lrs.models_mapping import MappingKind, StatementMapping
from leerweg.partners.models import PartnerKind
from leerweg.profiles.models import InterestArea
from leerweg.schools.models import School


@require_GET
@mapping_admin_required
def rule_list(request: RoleRequest) -> HttpResponse:
    own = statement_mappings_of(request.active_role.school_id)
    return render(
        request,
        "lrs/mapping_list.html",
        {
            "own_rules": own,
            "defaults": default_rows(own),
            "partner_kinds": [
                (PartnerKind(kind).label, InterestArea(area).label)
                for kind, area in mapping.PARTNER_KIND_AREAS.items()
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@mapping_admin_required
def rule_create(request: RoleRequest) -> HttpResponse:
    initial = {"kind": MappingKind.VERB, "on_timeline": True}
    if request.GET.get("kind") in MappingKind.values:
        initial["kind"] = request.GET["kind"]
    if iri := request.GET.get("iri", "")[: mapping.RULE_IRI_MAX]:
        initial["iri"] = iri
    return _rule_form(request, StatementMapping(), initial)


@require_http_methods(["GET", "POST"])
@mapping_admin_required
def rule_edit(request: RoleRequest, rule_id: int) -> HttpResponse:
    rule = access_statement_mapping(request.active_role, rule_id)
    return _rule_form(request, rule, {})


def _rule_form(
    request: RoleRequest, rule: StatementMapping, initial: dict[str, object]
) -> HttpResponse:
    school = School.objects.get(pk=request.active_role.school_id)
    form = StatementMappingForm(request.POST or None, instance=rule, initial=initial, school=school)
    if request.method == "POST" and form.is_valid():
        statement_mapping_save(rule=form.save(commit=False), school=school, user=request.user)
        messages.success(request, _("The rule was saved."))
        return redirect("lrs_pages:mapping-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "lrs/mapping_form.html", {"form": form, "rule": rule}, status=status)


@require_http_methods(["GET", "POST"])
@mapping_admin_required
def rule_delete(request: RoleRequest, rule_id: int) -> HttpResponse:
    rule = access_statement_mapping(request.active_role, rule_id)
    if request.method == "POST":
        statement_mapping_delete(rule=rule)
        messages.success(request, _("The rule was removed; the default applies again."))
        return redirect("lrs_pages:mapping-list")
    return render(
        request,
        "lrs/mapping_delete.html",
        {"rule": rule, "back": reverse("lrs_pages:mapping-list")},
    )
