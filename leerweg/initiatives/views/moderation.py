"""The moderators' queue: publish, reject with a reason, or correct typos first.

A moderator is any user with the permission ``initiatives.moderate_initiative``
(granted in the admin, to a person or a group). Others get a 403: the page is
no secret, the work is not theirs.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.models import User
from leerweg.initiatives import selectors, services
from leerweg.initiatives.forms import ModerationEditForm, ObstacleForm, RejectForm
from leerweg.initiatives.models import Initiative, InitiativeStatus
from leerweg.initiatives.services import ObstacleValues

MODERATE = "initiatives.moderate_initiative"


def moderator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # moderator_required lets only users through


@require_GET
@moderator_required
def moderation_list(request: HttpRequest) -> HttpResponse:
    context = {"queue": selectors.moderation_queue(), "decided": selectors.recently_decided()}
    return render(request, "initiatives/moderation_list.html", context)


def _obstacle_forms(initiative: Initiative, data: Any = None) -> list[tuple[int, ObstacleForm]]:
    return [
        (
            obstacle.pk,
            ObstacleForm(
                data,
                prefix=f"obstacle-{obstacle.pk}",
                initial={"category": obstacle.category, "description": obstacle.description},
            ),
        )
        for obstacle in initiative.obstacles.all()
    ]


@require_http_methods(["GET", "POST"])
@moderator_required
def moderation_detail(request: HttpRequest, initiative_id: UUID) -> HttpResponse:
    """One submission. Saving corrections keeps it in the queue; publishing saves them too."""
    initiative = (
        Initiative.objects.filter(
            public_id=initiative_id,
            status__in=[InitiativeStatus.PENDING, InitiativeStatus.PUBLISHED],
        )
        .prefetch_related("obstacles")
        .first()
    )
    if initiative is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "")
    edit = ModerationEditForm(data if action != "reject" else None, instance=initiative)
    obstacles = _obstacle_forms(initiative, data if action != "reject" else None)
    reject = RejectForm(data if action == "reject" else None)
    if request.method == "POST":
        done = _moderate(request, initiative, action, edit, obstacles, reject)
        if done is not None:
            return done
    context = {"initiative": initiative, "edit": edit, "obstacles": obstacles, "reject": reject}
    status = 400 if request.method == "POST" else 200
    return render(request, "initiatives/moderation_detail.html", context, status=status)


def _moderate(
    request: HttpRequest,
    initiative: Initiative,
    action: str,
    edit: ModerationEditForm,
    obstacles: list[tuple[int, ObstacleForm]],
    reject: RejectForm,
) -> HttpResponse | None:
    if action == "reject":
        if not reject.is_valid():
            return None
        services.initiative_reject(
            initiative=initiative, moderator=_user(request), reason=reject.cleaned_data["reason"]
        )
        messages.success(request, _("The initiative was rejected; the submitter was told why."))
        return redirect("initiatives:moderation-list")
    if action not in ("save", "publish"):
        return None
    valid = edit.is_valid() & all(form.is_valid() for _pk, form in obstacles)
    if not valid:
        return None
    services.initiative_edit(
        initiative=initiative,
        values={name: edit.cleaned_data[name] for name in ModerationEditForm.Meta.fields},
        obstacles={
            pk: ObstacleValues(form.cleaned_data["category"], form.cleaned_data["description"])
            for pk, form in obstacles
        },
    )
    if action == "publish":
        services.initiative_publish(initiative=initiative, moderator=_user(request))
        messages.success(request, _("The initiative is published."))
        return redirect("initiatives:moderation-list")
    messages.success(request, _("Your corrections have been saved."))
    return redirect("initiatives:moderation-detail", initiative.public_id)


urlpatterns: list[URLPattern] = [
    path("moderatie/", moderation_list, name="moderation-list"),
    path("moderatie/<uuid:initiative_id>/", moderation_detail, name="moderation-detail"),
]
