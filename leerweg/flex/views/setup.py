"""The school leader's set-up: flex rules, weekly slots, days without flex hours."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerweg.accounts.http import RoleRequest
from leerweg.flex import services
from leerweg.flex.access import access_slot, access_slot_exception, set_up_required
from leerweg.flex.forms import (
    FlexSettingsForm,
    FlexSlotForm,
    SlotExceptionForm,
    add_service_errors,
)
from leerweg.flex.models import FlexSlot
from leerweg.flex.selectors import flex_settings_of, slots_of
from leerweg.schools.models import School, SchoolYear


@require_http_methods(["GET", "POST"])
@set_up_required
def setup(request: RoleRequest) -> HttpResponse:
    school = School.objects.get(pk=request.active_role.school_id)
    form = FlexSettingsForm(
        request.POST if request.method == "POST" else None, instance=flex_settings_of(school)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.flex_settings_set(school=school, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The flex-hour settings have been saved."))
            return redirect("flex:setup")
    years = SchoolYear.objects.filter(school=school, end_date__gte=timezone.localdate()).order_by(
        "start_date"
    )
    context = {
        "form": form,
        "years": [(year, list(slots_of(year))) for year in years],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "flex/setup.html", context, status=status)


def _slot_page(request: RoleRequest, slot: FlexSlot | None) -> HttpResponse:
    school = School.objects.get(pk=request.active_role.school_id)
    form = FlexSlotForm(
        request.POST if request.method == "POST" else None, instance=slot, school=school
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.flex_slot_save(
                school_year=data["school_year"],
                name=data["name"],
                weekday=data["weekday"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                slot=slot,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The flex slot has been saved."))
            return redirect("flex:setup")
    status = 400 if request.method == "POST" else 200
    return render(request, "flex/slot_form.html", {"form": form, "slot": slot}, status=status)


@require_http_methods(["GET", "POST"])
@set_up_required
def slot_create(request: RoleRequest) -> HttpResponse:
    return _slot_page(request, None)


@require_http_methods(["GET", "POST"])
@set_up_required
def slot_edit(request: RoleRequest, slot_id: int) -> HttpResponse:
    return _slot_page(request, access_slot(request.active_role, slot_id))


@require_http_methods(["GET", "POST"])
@set_up_required
def exception_add(request: RoleRequest, slot_id: int) -> HttpResponse:
    slot = access_slot(request.active_role, slot_id)
    form = SlotExceptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flex_slot_exception_add(
                slot=slot, day=form.cleaned_data["date"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The flex hour has been called off on that date."))
            return redirect("flex:exception-add", slot_id=slot.pk)
    context = {"form": form, "slot": slot, "exceptions": slot.exceptions.order_by("date")}
    status = 400 if request.method == "POST" else 200
    return render(request, "flex/exception_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@set_up_required
def exception_delete(request: RoleRequest, exception_id: int) -> HttpResponse:
    """GET asks to confirm; POST lets the flex hour take place on that date again."""
    exception = access_slot_exception(request.active_role, exception_id)
    slot_id = exception.slot_id
    if request.method == "GET":
        context = {
            "question": _("Let this flex hour take place on %(date)s again?")
            % {"date": date_format(exception.date)},
            "detail": exception.reason,
            "back": reverse("flex:exception-add", args=[slot_id]),
        }
        return render(request, "flex/confirm_delete.html", context)
    services.flex_slot_exception_remove(exception=exception)
    messages.success(request, _("The flex hour takes place on that date again."))
    return redirect("flex:exception-add", slot_id=slot_id)


urlpatterns: list[URLPattern] = [
    path("instellen/", setup, name="setup"),
    path("instellen/uren/nieuw/", slot_create, name="slot-create"),
    path("instellen/uren/<int:slot_id>/", slot_edit, name="slot-edit"),
    path("instellen/uren/<int:slot_id>/uitval/", exception_add, name="exception-add"),
    path(
        "instellen/uitval/<int:exception_id>/verwijderen/",
        exception_delete,
        name="exception-delete",
    ),
]
