"""Offers for a student: matched to their own interests, with a first look for some."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.directory import selectors, services
from leerweg.directory.access import access_student_offer, acting_student


@require_GET
@role_required(RoleKind.STUDENT)
def offers_for_me(request: RoleRequest) -> HttpResponse:
    student = acting_student(request.active_role)
    offers = selectors.offers_for_student(student, timezone.localdate())
    return render(request, "directory/offers_for_me.html", {"offers": offers})


@require_GET
@role_required(RoleKind.STUDENT)
def offer_detail(request: RoleRequest, offer_id: UUID) -> HttpResponse:
    student = acting_student(request.active_role)
    offer = access_student_offer(student, offer_id, timezone.localdate())
    context = {"offer": offer, "interested": selectors.student_is_interested(student, offer)}
    return render(request, "directory/offer_detail.html", context)


@require_POST
@role_required(RoleKind.STUDENT)
def offer_interest(request: RoleRequest, offer_id: UUID) -> HttpResponse:
    """Say or withdraw interest (``interested`` = "1" or "0"); then back to the offer."""
    student = acting_student(request.active_role)
    offer = access_student_offer(student, offer_id, timezone.localdate())
    services.offer_interest_set(
        student=student, offer=offer, interested=request.POST.get("interested") == "1"
    )
    return redirect("directory:offer-detail", offer.public_id)


urlpatterns: list[URLPattern] = [
    path("aanbod/", offers_for_me, name="offers-for-me"),
    path("aanbod/<uuid:offer_id>/", offer_detail, name="offer-detail"),
    path("aanbod/<uuid:offer_id>/interesse/", offer_interest, name="offer-interest"),
]
