"""A person's networks, starting a network, one network's page, member schools."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.http import AuthenticatedRequest
from leerweg.networks import selectors, services
from leerweg.networks.access import (
    REPRESENTATIVES_PER_SCHOOL,
    access_member_school,
    access_network,
    is_facilitator,
    may_create_network,
    membership_of,
    staff_schools_of,
)
from leerweg.networks.forms import (
    ColleagueForm,
    LearningQuestionForm,
    MemberSchoolForm,
    NetworkForm,
)
from leerweg.networks.models import Network
from leerweg.networks.views.errors import add_service_errors


@require_GET
def network_list(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "networks": selectors.network_list(request.user),
        "areas": selectors.area_list(request.user),
        "may_create": may_create_network(request.user),
        "may_start_area": staff_schools_of(request.user).exists(),
    }
    return render(request, "networks/network_list.html", context)


@require_http_methods(["GET", "POST"])
def network_create(request: AuthenticatedRequest) -> HttpResponse:
    """Facilitators start new networks; platform administrators also in the admin."""
    if not may_create_network(request.user):
        raise PermissionDenied
    form = NetworkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            network = services.network_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The network has been started."))
            return redirect("networks:network-detail", network_id=network.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "networks/network_form.html", {"form": form}, status=status)


@require_GET
def network_detail(request: AuthenticatedRequest, network_id: UUID) -> HttpResponse:
    network = access_network(request.user, network_id)
    membership = membership_of(request.user, network)
    context = {
        "network": network,
        "membership": membership,
        "facilitator": is_facilitator(request.user, network),
        "facilitators": selectors.facilitators(network),
        "member_schools": selectors.member_schools(network),
        "meetings": selectors.meetings_of(network),
        "posts": selectors.posts_of(network)[:5],
        "practices": selectors.practices_of(network)[:5],
        "areas": network.learning_areas.all(),
        "per_school": REPRESENTATIVES_PER_SCHOOL,
    }
    return render(request, "networks/network_detail.html", context)


def _facilitated_network(request: AuthenticatedRequest, network_id: UUID) -> Network:
    """A member who does not facilitate sees the network, but may not run it (403)."""
    network = access_network(request.user, network_id)
    if not is_facilitator(request.user, network):
        raise PermissionDenied
    return network


@require_http_methods(["GET", "POST"])
def member_school_add(request: AuthenticatedRequest, network_id: UUID) -> HttpResponse:
    network = _facilitated_network(request, network_id)
    form = MemberSchoolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_school_add(
                network=network,
                school=form.cleaned_data["brin"],
                representative=form.cleaned_data["email"],
                added_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, names={"school": "brin", "user": "email"})
        else:
            messages.success(request, _("The school has joined the network."))
            return redirect("networks:network-detail", network_id=network.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "network": network}
    return render(request, "networks/member_school_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def member_school_edit(
    request: AuthenticatedRequest, network_id: UUID, member_school_id: int
) -> HttpResponse:
    """The school's learning question and ambition, and its second representative."""
    network = access_network(request.user, network_id)
    member_school = access_member_school(request.user, network, member_school_id)
    posted = request.POST if request.method == "POST" else None
    adding_colleague = posted is not None and "user" in posted
    form = LearningQuestionForm(None if adding_colleague else posted, instance=member_school)
    colleague_form = ColleagueForm(
        posted if adding_colleague else None, member_school=member_school
    )
    if posted is not None and adding_colleague and colleague_form.is_valid():
        try:
            services.representative_add(
                member_school=member_school,
                user=colleague_form.cleaned_data["user"],
                added_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(colleague_form, error)
        else:
            messages.success(request, _("Your colleague now represents the school too."))
            return redirect("networks:network-detail", network_id=network.public_id)
    elif posted is not None and not adding_colleague and form.is_valid():
        services.member_school_update(member_school=member_school, **form.cleaned_data)
        messages.success(request, _("The learning question and ambition have been saved."))
        return redirect("networks:network-detail", network_id=network.public_id)
    context = {
        "network": network,
        "member_school": member_school,
        "form": form,
        "colleague_form": colleague_form,
        "may_add_colleague": member_school.representatives.count() < REPRESENTATIVES_PER_SCHOOL,
    }
    status = 400 if posted is not None else 200
    return render(request, "networks/member_school_edit.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("", network_list, name="network-list"),
    path("nieuw/", network_create, name="network-create"),
    path("<uuid:network_id>/", network_detail, name="network-detail"),
    path("<uuid:network_id>/scholen/nieuw/", member_school_add, name="member-school-add"),
    path(
        "<uuid:network_id>/scholen/<int:member_school_id>/",
        member_school_edit,
        name="member-school-edit",
    ),
]
