"""Peer feedback: classmates give each other tops and tips on evidence.

A student asks one of their groups for feedback on one piece of evidence
(from the feedback page of that piece) and can stop asking. Classmates find
open requests under "Classmates" and answer each once with tops (what is
good) and tips (what could be better); they may delete their answer. Staff
linked to the group switch peer feedback on or off and moderate every comment
of the group. Who sees what is explained in ``assessment.access``.

The forms are small and used only here, so they live with the views.
"""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.assessment import services
from leerweg.assessment.access import (
    EVIDENCE,
    Target,
    access_own_peer_comment,
    access_own_peer_request,
    access_peer_comment_for_moderation,
    access_peer_group,
    access_peer_request,
    access_target_for_self,
    may_comment_on,
)
from leerweg.assessment.models import PeerComment
from leerweg.assessment.selectors import (
    group_peer_comments,
    group_peer_enabled,
    group_peer_requests,
    peer_comment_of,
    peer_comments_by,
    peer_groups_of,
    peer_requests_for_classmate,
    peer_requests_of,
    target_peer_comments,
)
from leerweg.audit.models import AuditAction
from leerweg.paths.models import EvidenceKind
from leerweg.schools.models import Group, Student
from leerweg.schools.services import students_access_record

# The uploaded file may be anything the student chose; never let it run or be cached.
FILE_CSP = "default-src 'none'; sandbox"


class PeerAskForm(forms.Form):
    group = forms.ModelChoiceField(
        label=gettext_lazy("Group"),
        queryset=Group.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Choose one of your groups.")},
    )

    def __init__(self, *args: Any, groups: QuerySet[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class PeerCommentForm(forms.Form):
    tops = forms.CharField(
        label=gettext_lazy("Tops: what is good?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tips = forms.CharField(
        label=gettext_lazy("Tips: what could be better?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("tops", "").strip() or data.get("tips", "").strip()):
            raise ValidationError(_("Write a top or a tip."))
        return data


class PeerSettingForm(forms.Form):
    enabled = forms.BooleanField(label=gettext_lazy("Peer feedback on"), required=False)


class PeerHideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (for the author)"), required=False, max_length=300
    )


# --- On the feedback page of a piece of evidence ------------------------------------------------


def peer_context(target: Target, owner: bool) -> dict[str, Any]:
    """What the feedback page shows of peer feedback: visible comments, and for the owner
    the open requests and the groups they can still ask."""
    if target.evidence is None:
        return {}
    context: dict[str, Any] = {"peer_comments": target_peer_comments(target)}
    if owner:
        open_requests = peer_requests_of(target.evidence)
        groups = peer_groups_of(target.student).exclude(pk__in=[r.group_id for r in open_requests])
        context["peer_requests"] = open_requests
        context["peer_ask_form"] = PeerAskForm(groups=groups) if groups.exists() else None
        context["peer_ask_url"] = reverse(
            "assessment:evidence-peer-ask", args=[target.evidence.public_id]
        )
    return context


@require_POST
@role_required(RoleKind.STUDENT)
def peer_ask(request: RoleRequest, evidence_id: UUID) -> HttpResponse:
    target = access_target_for_self(request.user, request.active_role, EVIDENCE, evidence_id)
    assert target.evidence is not None  # noqa: S101 - EVIDENCE gives a piece of evidence
    form = PeerAskForm(request.POST, groups=peer_groups_of(target.student))
    if form.is_valid():
        try:
            services.peer_request_open(evidence=target.evidence, group=form.cleaned_data["group"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your classmates in %(group)s can now give you feedback on this.")
                % {"group": form.cleaned_data["group"].name},
            )
    else:
        messages.error(request, _("Choose one of your groups where peer feedback is on."))
    return redirect("assessment:evidence-assessment", evidence_id)


@require_POST
@role_required(RoleKind.STUDENT)
def peer_stop(request: RoleRequest, peer_request_id: UUID) -> HttpResponse:
    peer_request = access_own_peer_request(request.user, request.active_role, peer_request_id)
    services.peer_request_close(request=peer_request)
    messages.success(
        request,
        _("You stopped asking %(group)s; your classmates no longer see this work.")
        % {"group": peer_request.group.name},
    )
    return redirect("assessment:evidence-assessment", peer_request.evidence.public_id)


# --- For classmates -----------------------------------------------------------------------------


@require_GET
@role_required(RoleKind.STUDENT)
def peer_index(request: RoleRequest) -> HttpResponse:
    student = _acting_student(request)
    context = {
        "requests": peer_requests_for_classmate(student),
        "given": peer_comments_by(student),
        "groups": peer_groups_of(student),
    }
    return render(request, "assessment/peer_index.html", context)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT)
def peer_request_page(request: RoleRequest, peer_request_id: UUID) -> HttpResponse:
    role = request.active_role
    peer_request = access_peer_request(request.user, role, peer_request_id)
    author = _acting_student(request)
    may_comment = may_comment_on(role, peer_request)
    mine = peer_comment_of(peer_request, author) if may_comment else None
    form = None
    if may_comment and mine is None:
        form = PeerCommentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.peer_comment_add(
                    request=peer_request,
                    author=author,
                    tops=form.cleaned_data["tops"],
                    tips=form.cleaned_data["tips"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you! Your classmate gets a message."))
                return redirect("assessment:peer-index")
    elif request.method == "POST":
        form_error = _("You cannot give feedback on this work (again).")
        messages.error(request, form_error)
        return redirect("assessment:peer-request", peer_request_id)
    evidence = peer_request.evidence
    context = {
        "peer_request": peer_request,
        "evidence": evidence,
        "is_image": evidence.kind == EvidenceKind.IMAGE,
        "own_work": not may_comment,
        "mine": mine,
        "form": form,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "assessment/peer_request.html", context, status=status)


@require_GET
@role_required(RoleKind.STUDENT)  # type: ignore[arg-type]  # a FileResponse streams
def peer_file(request: RoleRequest, peer_request_id: UUID) -> FileResponse:
    """The file or photo of a requested piece, for the classmates it was asked of."""
    evidence = access_peer_request(request.user, request.active_role, peer_request_id).evidence
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    extension = (evidence.file.name or "").rsplit(".", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=evidence.kind != EvidenceKind.IMAGE,
        # Never the stored name: it contains the owner's identifiers.
        filename=f"bewijs.{extension}",
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_CSP
    return response


@require_POST
@role_required(RoleKind.STUDENT)
def peer_comment_delete(request: RoleRequest, peer_comment_id: UUID) -> HttpResponse:
    comment = access_own_peer_comment(request.user, request.active_role, peer_comment_id)
    services.peer_comment_delete(comment=comment)
    messages.success(request, _("Your feedback has been deleted."))
    return redirect("assessment:peer-index")


def _acting_student(request: RoleRequest) -> Student:
    role = request.active_role
    student = Student.objects.filter(pk=role.student_id, user=request.user).first()
    if student is None:
        raise Http404
    return student


# --- For the group's staff ----------------------------------------------------------------------


@require_GET
@role_required(RoleKind.STAFF)
def peer_group(request: RoleRequest, group_id: int) -> HttpResponse:
    role = request.active_role
    group = access_peer_group(request.user, role, group_id)
    comments = group_peer_comments(group)
    requests = group_peer_requests(group)
    seen = {comment.author.pk: comment.author for comment in comments}
    seen.update({c.request.evidence.student.pk: c.request.evidence.student for c in comments})
    seen.update({r.evidence.student.pk: r.evidence.student for r in requests})
    students_access_record(
        user=request.user, role=role, students=seen.values(), what="assessment.peer.moderation"
    )
    enabled = group_peer_enabled(group)
    context = {
        "group": group,
        "enabled": enabled,
        "requests": requests,
        "comments": comments,
    }
    return render(request, "assessment/peer_group.html", context)


@require_POST
@role_required(RoleKind.STAFF)
def peer_group_setting(request: RoleRequest, group_id: int) -> HttpResponse:
    group = access_peer_group(request.user, request.active_role, group_id)
    form = PeerSettingForm(request.POST)
    form.is_valid()  # a checkbox: absent or unreadable is "off"
    enabled = bool(form.cleaned_data.get("enabled"))
    closed = services.group_peer_feedback_set(group=group, enabled=enabled, changed_by=request.user)
    if enabled:
        messages.success(request, _("Peer feedback is on for %(group)s.") % {"group": group.name})
    else:
        messages.success(
            request,
            _("Peer feedback is off for %(group)s. Requests closed: %(count)s.")
            % {"group": group.name, "count": closed},
        )
    return redirect("assessment:peer-group", group.pk)


@require_POST
@role_required(RoleKind.STAFF)
def peer_comment_hide(request: RoleRequest, peer_comment_id: UUID) -> HttpResponse:
    comment = access_peer_comment_for_moderation(request.user, request.active_role, peer_comment_id)
    form = PeerHideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keep the reason under 300 characters."))
    else:
        services.peer_comment_hide(
            comment=comment, hidden_by=request.user, reason=form.cleaned_data["reason"]
        )
        _record_change(request, comment, "assessment.peer.hide")
        messages.success(request, _("The comment is hidden."))
    return redirect("assessment:peer-group", comment.request.group_id)


@require_POST
@role_required(RoleKind.STAFF)
def peer_comment_show(request: RoleRequest, peer_comment_id: UUID) -> HttpResponse:
    comment = access_peer_comment_for_moderation(request.user, request.active_role, peer_comment_id)
    services.peer_comment_show(comment=comment)
    _record_change(request, comment, "assessment.peer.show")
    messages.success(request, _("The comment is shown again."))
    return redirect("assessment:peer-group", comment.request.group_id)


def _record_change(request: RoleRequest, comment: PeerComment, what: str) -> None:
    """A change to a comment is a change to its author's data."""
    students_access_record(
        user=request.user,
        role=request.active_role,
        students=[comment.author],
        what=what,
        action=AuditAction.CHANGE,
    )


urlpatterns: list[URLPattern] = [
    path("klasgenoten/", peer_index, name="peer-index"),
    path("klasgenoten/<uuid:peer_request_id>/", peer_request_page, name="peer-request"),
    path("klasgenoten/<uuid:peer_request_id>/bestand/", peer_file, name="peer-file"),
    path("klasgenoten/<uuid:peer_request_id>/stoppen/", peer_stop, name="peer-request-stop"),
    path("bewijs/<uuid:evidence_id>/klasgenoten/", peer_ask, name="evidence-peer-ask"),
    path(
        "klasgenoten/reactie/<uuid:peer_comment_id>/verwijderen/",
        peer_comment_delete,
        name="peer-comment-delete",
    ),
    path("groep/<int:group_id>/klasgenoten/", peer_group, name="peer-group"),
    path(
        "groep/<int:group_id>/klasgenoten/instelling/",
        peer_group_setting,
        name="peer-group-setting",
    ),
    path(
        "klasgenoten/reactie/<uuid:peer_comment_id>/verbergen/",
        peer_comment_hide,
        name="peer-comment-hide",
    ),
    path(
        "klasgenoten/reactie/<uuid:peer_comment_id>/tonen/",
        peer_comment_show,
        name="peer-comment-show",
    ),
]
