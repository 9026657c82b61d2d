"""Calendar links: made, renewed and revoked by their owner; read by calendar apps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.flex.access import SESSION_ROLES
from leerweg.flex.calendar import (
    calendar_feed_renew,
    calendar_feed_resolve,
    calendar_feed_revoke,
    feed_calendar,
)
from leerweg.flex.models import CalendarFeedKind
from leerweg.schools.models import School


def _kind_and_back(request: RoleRequest) -> tuple[str, str]:
    """Which feed the active role has, and the page its link is managed on."""
    role = request.active_role
    if role.kind is RoleKind.STUDENT:
        return CalendarFeedKind.STUDENT, reverse("flex:schedule", args=[role.student_public_id])
    return CalendarFeedKind.TEACHER, reverse("flex:my-sessions")


@require_POST
@role_required(RoleKind.STUDENT, RoleKind.STAFF, staff_roles=SESSION_ROLES)
def calendar_create(request: RoleRequest) -> HttpResponse:
    """A new link; shown on this page once, since only its hash is kept."""
    kind, back = _kind_and_back(request)
    school = School.objects.get(pk=request.active_role.school_id)
    _feed, token = calendar_feed_renew(user=request.user, school=school, kind=kind)
    url = request.build_absolute_uri(reverse("flex:calendar-feed", args=[token]))
    return render(request, "flex/calendar_link.html", {"url": url, "back": back})


@require_POST
@role_required(RoleKind.STUDENT, RoleKind.STAFF, staff_roles=SESSION_ROLES)
def calendar_revoke(request: RoleRequest) -> HttpResponse:
    kind, back = _kind_and_back(request)
    school = School.objects.get(pk=request.active_role.school_id)
    if calendar_feed_revoke(user=request.user, school=school, kind=kind):
        messages.success(request, _("The calendar link no longer works."))
    return redirect(back)


@login_not_required
@require_GET
def calendar_feed(request: RoleRequest, token: str) -> HttpResponse:
    """The feed itself; the secret in the link is the only key."""
    feed = calendar_feed_resolve(token)
    if feed is None:
        raise Http404
    response = HttpResponse(feed_calendar(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="flexuren.ics"'
    return response


urlpatterns: list[URLPattern] = [
    path("agenda/nieuw/", calendar_create, name="calendar-create"),
    path("agenda/intrekken/", calendar_revoke, name="calendar-revoke"),
    path("agenda/<str:token>.ics", calendar_feed, name="calendar-feed"),
]
