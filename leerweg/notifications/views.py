from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.http import AuthenticatedRequest
from leerweg.notifications.access import access_notification
from leerweg.notifications.forms import DIGEST_OFF, DIGEST_ON, NotificationPreferenceForm
from leerweg.notifications.selectors import (
    notification_preference_of,
    notifications_recent,
)
from leerweg.notifications.services import (
    is_relative_path,
    notification_mark_read,
    notification_preference_set,
    notifications_mark_all_read,
)


@require_GET
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    notifications = list(notifications_recent(user=request.user))
    has_unread = any(notification.is_unread for notification in notifications)
    context = {"notifications": notifications, "has_unread": has_unread}
    return render(request, "notifications/list.html", context)


@require_POST
def notification_read(request: AuthenticatedRequest, notification_id: UUID) -> HttpResponse:
    notification = access_notification(request.user, notification_id)
    notification_mark_read(notification=notification)
    # The link was checked when it was stored; checked again, as it becomes a redirect.
    if is_relative_path(notification.link):
        return redirect(notification.link)
    return redirect("notifications:list")


@require_POST
def notifications_read_all(request: AuthenticatedRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def notification_preferences(request: AuthenticatedRequest) -> HttpResponse:
    current = notification_preference_of(user=request.user)
    initial = {"daily_digest": DIGEST_ON if current.daily_digest else DIGEST_OFF}
    data = request.POST if request.method == "POST" else None  # an empty POST is junk too
    form = NotificationPreferenceForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        notification_preference_set(
            user=request.user, daily_digest=form.cleaned_data["daily_digest"]
        )
        messages.success(request, _("Your settings have been saved."))
        return redirect("notifications:preferences")
    status = 400 if form.errors else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
