"""Meetings: the series, proposing and fixing dates, attendance and minutes, the calendar."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.http import AuthenticatedRequest
from leerweg.core.ical import calendar_text
from leerweg.networks import selectors, services
from leerweg.networks.access import access_meeting, access_network, is_facilitator
from leerweg.networks.forms import (
    AttendanceForm,
    DateOptionForm,
    FixDateForm,
    MeetingAddForm,
    MeetingForm,
)
from leerweg.networks.models import Meeting
from leerweg.networks.views.errors import add_service_errors

PRODUCT_ID = "-//Leerweg//Learning networks//NL"


def _meeting_page(
    request: AuthenticatedRequest, meeting: Meeting, status: int = 200, **forms: object
) -> HttpResponse:
    facilitator = is_facilitator(request.user, meeting.network)
    context = {
        "meeting": meeting,
        "network": meeting.network,
        "facilitator": facilitator,
        "options": meeting.date_options.select_related("proposed_by"),
        "attendees": meeting.attendees.order_by("last_name", "first_name"),
        "propose_form": forms.get("propose_form") or DateOptionForm(),
        "fix_form": forms.get("fix_form") or FixDateForm(meeting=meeting),
        "attendance_form": forms.get("attendance_form")
        or AttendanceForm(
            network=meeting.network, initial={"present": list(meeting.attendees.all())}
        ),
    }
    return render(request, "networks/meeting_detail.html", context, status=status)


@require_GET
def meeting_detail(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    return _meeting_page(request, access_meeting(request.user, meeting_id))


@require_http_methods(["GET", "POST"])
def meeting_add(request: AuthenticatedRequest, network_id: UUID) -> HttpResponse:
    network = access_network(request.user, network_id)
    if not is_facilitator(request.user, network):
        raise PermissionDenied
    form = MeetingAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_add(network=network, title=form.cleaned_data["title"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("networks:meeting-edit", meeting_id=meeting.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "network": network}
    return render(request, "networks/meeting_add.html", context, status=status)


def _facilitated_meeting(request: AuthenticatedRequest, meeting_id: UUID) -> Meeting:
    meeting = access_meeting(request.user, meeting_id)
    if not is_facilitator(request.user, meeting.network):
        raise PermissionDenied
    return meeting


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    meeting = _facilitated_meeting(request, meeting_id)
    form = MeetingForm(request.POST if request.method == "POST" else None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting, values=form.meeting_values(), changed_by=request.user
            )
        except ValidationError as error:
            meeting.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("networks:meeting-detail", meeting_id=meeting.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "meeting": meeting, "network": meeting.network}
    return render(request, "networks/meeting_form.html", context, status=status)


@require_POST
def meeting_propose(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    form = DateOptionForm(request.POST)
    if form.is_valid():
        try:
            services.date_option_propose(
                meeting=meeting,
                proposed_by=request.user,
                day=form.cleaned_data["date"],
                start_time=form.cleaned_data["start_time"],
                end_time=form.cleaned_data["end_time"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your proposal has been added."))
            return redirect("networks:meeting-detail", meeting_id=meeting.public_id)
    return _meeting_page(request, meeting, status=400, propose_form=form)


@require_POST
def meeting_fix(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    meeting = _facilitated_meeting(request, meeting_id)
    form = FixDateForm(request.POST, meeting=meeting)
    if form.is_valid():
        services.meeting_date_fix(
            meeting=meeting, option=form.cleaned_data["option"], fixed_by=request.user
        )
        messages.success(request, _("The date has been fixed."))
        return redirect("networks:meeting-detail", meeting_id=meeting.public_id)
    return _meeting_page(request, meeting, status=400, fix_form=form)


@require_POST
def meeting_attendance(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    meeting = _facilitated_meeting(request, meeting_id)
    form = AttendanceForm(request.POST, network=meeting.network)
    if form.is_valid():
        services.meeting_attendance_set(meeting=meeting, present=list(form.cleaned_data["present"]))
        messages.success(request, _("The attendance has been saved."))
        return redirect("networks:meeting-detail", meeting_id=meeting.public_id)
    return _meeting_page(request, meeting, status=400, attendance_form=form)


# --- The calendar link --------------------------------------------------------------------------


@require_GET
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    context = {"feed": selectors.calendar_feed_of(request.user)}
    return render(request, "networks/calendar.html", context)


@require_POST
def calendar_create(request: AuthenticatedRequest) -> HttpResponse:
    """A new link, shown once: only its hash is kept."""
    token = services.calendar_feed_renew(user=request.user)
    url = request.build_absolute_uri(reverse("networks:calendar-feed", args=[token]))
    return render(request, "networks/calendar.html", {"url": url, "feed": True})


@require_POST
def calendar_revoke(request: AuthenticatedRequest) -> HttpResponse:
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, _("The calendar link no longer works."))
    return redirect("networks:calendar")


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself; the secret in the link is the only key.

    It lists the meetings of the networks its owner is a member of at the
    moment it is read, so leaving a network removes them.
    """
    feed = selectors.calendar_feed_resolve(token)
    if feed is None:
        raise Http404
    services.calendar_feed_use(feed)
    text = calendar_text(
        product=PRODUCT_ID,
        name=_("Learning networks"),
        events=selectors.meeting_events(feed.user),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="leernetwerken.ics"'
    return response


urlpatterns: list[URLPattern] = [
    path("<uuid:network_id>/bijeenkomsten/nieuw/", meeting_add, name="meeting-add"),
    path("bijeenkomst/<uuid:meeting_id>/", meeting_detail, name="meeting-detail"),
    path("bijeenkomst/<uuid:meeting_id>/bewerken/", meeting_edit, name="meeting-edit"),
    path("bijeenkomst/<uuid:meeting_id>/voorstellen/", meeting_propose, name="meeting-propose"),
    path("bijeenkomst/<uuid:meeting_id>/vastleggen/", meeting_fix, name="meeting-fix"),
    path("bijeenkomst/<uuid:meeting_id>/aanwezig/", meeting_attendance, name="meeting-attendance"),
    path("agenda/", calendar, name="calendar"),
    path("agenda/nieuw/", calendar_create, name="calendar-create"),
    path("agenda/intrekken/", calendar_revoke, name="calendar-revoke"),
    path("agenda/<str:token>.ics", calendar_feed, name="calendar-feed"),
]
