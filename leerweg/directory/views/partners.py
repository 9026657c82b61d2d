"""A partner's own offers and directory entry."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.directory import selectors, services
from leerweg.directory.access import access_partner_offer
from leerweg.directory.forms import EntryForm, OfferForm
from leerweg.partners.models import PartnerOrganisation


def _offer_values(form: OfferForm) -> tuple[dict[str, object], list[str]]:
    values = {name: form.cleaned_data[name] for name in OfferForm.Meta.fields}
    return values, list(form.cleaned_data["areas"])


@require_GET
@role_required(RoleKind.PARTNER)
def partner_offer_list(request: RoleRequest) -> HttpResponse:
    context = {"offers": selectors.partner_offers(request.active_role.partner_id)}
    return render(request, "directory/partner_offer_list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.PARTNER)
def offer_create(request: RoleRequest) -> HttpResponse:
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values, areas = _offer_values(form)
        services.offer_create(
            partner_id=request.active_role.partner_id,
            created_by=request.user,
            values=values,
            areas=areas,
        )
        messages.success(request, _("Your offer is online."))
        return redirect("directory:partner-offer-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "directory/offer_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.PARTNER)
def offer_edit(request: RoleRequest, offer_id: UUID) -> HttpResponse:
    offer = access_partner_offer(request.active_role, offer_id)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        services.offer_withdraw(offer=offer)
        messages.success(request, _("The offer has been withdrawn."))
        return redirect("directory:partner-offer-list")
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        values, areas = _offer_values(form)
        services.offer_update(offer=offer, values=values, areas=areas)
        messages.success(request, _("Your changes have been saved."))
        return redirect("directory:partner-offer-list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "offer": offer}
    return render(request, "directory/offer_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.PARTNER)
def entry_edit(request: RoleRequest) -> HttpResponse:
    """The partner's own directory entry; the first save creates it."""
    partner = PartnerOrganisation.objects.get(pk=request.active_role.partner_id)
    entry = selectors.entry_of_partner(partner.pk)
    initial = {} if entry else {"name": partner.name, "website": partner.website}
    form = EntryForm(request.POST or None, instance=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in EntryForm.Meta.fields}
        entry = services.entry_save_for_partner(partner=partner, values=values)
        messages.success(request, _("Your directory entry has been saved."))
        return redirect("directory:entry-detail", entry.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "entry": entry, "partner": partner}
    return render(request, "directory/entry_form.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("partner/aanbod/", partner_offer_list, name="partner-offer-list"),
    path("partner/aanbod/nieuw/", offer_create, name="offer-create"),
    path("partner/aanbod/<uuid:offer_id>/", offer_edit, name="offer-edit"),
    path("partner/vermelding/", entry_edit, name="entry-edit"),
]
