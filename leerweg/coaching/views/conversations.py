"""Coaching conversations: the timeline per student, planning and logging, agreements."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.audit.models import AuditAction
from leerweg.coaching import services
from leerweg.coaching.access import (
    access_agreement,
    access_coached_student,
    access_conversation,
    access_note,
    is_coach_of,
)
from leerweg.coaching.forms import (
    AgendaItemForm,
    AgreementForm,
    AgreementStatusForm,
    ConversationForm,
    NoteForm,
)
from leerweg.coaching.models import AgreementStatus, Conversation
from leerweg.coaching.selectors import conversation_detail, conversations_of
from leerweg.core.access import NotFoundOrNotYours
from leerweg.schools.services import students_access_record

STUDENT_AND_STAFF = (RoleKind.STUDENT, RoleKind.STAFF)


@require_GET
@role_required(*STUDENT_AND_STAFF)
def conversation_list(request: RoleRequest, student_id: UUID) -> HttpResponse:
    role = request.active_role
    student = access_coached_student(request.user, role, student_id)
    students_access_record(
        user=request.user, role=role, students=[student], what="coaching.conversations"
    )
    return render(
        request,
        "coaching/conversation_list.html",
        {
            "student": student,
            "conversations": conversations_of(student),
            "coach": is_coach_of(request.user, role, student),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STAFF)
def conversation_create(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = access_coached_student(request.user, request.active_role, student_id, coach=True)
    form = ConversationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        conversation = services.conversation_plan(
            student=student, coach=request.user, **form.cleaned_data
        )
        students_access_record(
            user=request.user,
            role=request.active_role,
            students=[student],
            what="coaching.conversation.create",
            action=AuditAction.CREATE,
        )
        messages.success(request, _("The conversation has been saved."))
        return redirect("coaching:conversation-detail", conversation_id=conversation.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"student": student, "form": form}
    return render(request, "coaching/conversation_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STAFF)
def conversation_edit(request: RoleRequest, conversation_id: UUID) -> HttpResponse:
    conversation = access_conversation(
        request.user, request.active_role, conversation_id, coach=True
    )
    form = ConversationForm(
        request.POST if request.method == "POST" else None, instance=conversation
    )
    if request.method == "POST" and form.is_valid():
        services.conversation_update(conversation=conversation, **form.cleaned_data)
        messages.success(request, _("The conversation has been saved."))
        return redirect("coaching:conversation-detail", conversation_id=conversation.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"student": conversation.student, "form": form, "conversation": conversation}
    return render(request, "coaching/conversation_form.html", context, status=status)


@require_GET
@role_required(*STUDENT_AND_STAFF)
def conversation_detail_view(request: RoleRequest, conversation_id: UUID) -> HttpResponse:
    conversation = access_conversation(request.user, request.active_role, conversation_id)
    return _detail_page(request, conversation)


def _detail_page(request: RoleRequest, conversation: Conversation, **forms: object) -> HttpResponse:
    role = request.active_role
    student = conversation.student
    students_access_record(
        user=request.user, role=role, students=[student], what="coaching.conversation"
    )
    coach = is_coach_of(request.user, role, student)
    context = {
        "conversation": conversation,
        "student": student,
        "coach": coach,
        "upcoming": conversation.planned_at > timezone.now(),
        "agenda_form": AgendaItemForm(),
        "note_form": NoteForm(),
        "agreement_form": AgreementForm(),
        "statuses": AgreementStatus.choices,
        **conversation_detail(conversation, viewer=request.user, coach=coach),
        **forms,
    }
    return render(
        request, "coaching/conversation_detail.html", context, status=400 if forms else 200
    )


@require_POST
@role_required(*STUDENT_AND_STAFF)
def agenda_item_add(request: RoleRequest, conversation_id: UUID) -> HttpResponse:
    conversation = access_conversation(request.user, request.active_role, conversation_id)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, conversation, agenda_form=form)
    try:
        services.agenda_item_add(
            conversation=conversation, added_by=request.user, text=form.cleaned_data["text"]
        )
    except services.ConversationAlreadyHeldError:
        messages.error(request, _("This conversation has already taken place."))
    else:
        messages.success(request, _("Your point has been added to the agenda."))
    return redirect("coaching:conversation-detail", conversation_id=conversation.public_id)


@require_POST
@role_required(RoleKind.STAFF)
def note_add(request: RoleRequest, conversation_id: UUID) -> HttpResponse:
    conversation = access_conversation(
        request.user, request.active_role, conversation_id, coach=True
    )
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, conversation, note_form=form)
    services.conversation_note_add(
        conversation=conversation, author=request.user, **form.cleaned_data
    )
    messages.success(request, _("The note has been saved."))
    return redirect("coaching:conversation-detail", conversation_id=conversation.public_id)


@require_GET
@role_required(*STUDENT_AND_STAFF)
def note_detail(request: RoleRequest, note_id: UUID) -> HttpResponse:
    note = access_note(request.user, request.active_role, note_id)
    students_access_record(
        user=request.user,
        role=request.active_role,
        students=[note.conversation.student],
        what="coaching.note",
    )
    return render(
        request,
        "coaching/note_detail.html",
        {"note": note, "conversation": note.conversation, "student": note.conversation.student},
    )


@require_POST
@role_required(RoleKind.STAFF)
def agreement_add(request: RoleRequest, conversation_id: UUID) -> HttpResponse:
    conversation = access_conversation(
        request.user, request.active_role, conversation_id, coach=True
    )
    form = AgreementForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, conversation, agreement_form=form)
    services.agreement_add(conversation=conversation, **form.cleaned_data)
    messages.success(request, _("The agreement has been saved."))
    return redirect("coaching:conversation-detail", conversation_id=conversation.public_id)


@require_POST
@role_required(*STUDENT_AND_STAFF)
def agreement_status(request: RoleRequest, agreement_id: UUID) -> HttpResponse:
    role = request.active_role
    agreement = access_agreement(request.user, role, agreement_id)
    form = AgreementStatusForm(request.POST)
    back = agreement.conversation
    if form.is_valid():
        in_conversation = None
        if form.cleaned_data["conversation"]:
            try:
                in_conversation = access_conversation(
                    request.user, role, form.cleaned_data["conversation"]
                )
            except NotFoundOrNotYours:
                in_conversation = None
        services.agreement_status_set(
            agreement=agreement, status=form.cleaned_data["status"], in_conversation=in_conversation
        )
        back = in_conversation or back
        messages.success(request, _("The agreement has been updated."))
    else:
        messages.error(request, _("Choose open, done or dropped."))
    return redirect("coaching:conversation-detail", conversation_id=back.public_id)


urlpatterns: list[URLPattern] = [
    path("leerling/<uuid:student_id>/gesprekken/", conversation_list, name="conversation-list"),
    path(
        "leerling/<uuid:student_id>/gesprekken/nieuw/",
        conversation_create,
        name="conversation-create",
    ),
    path(
        "gesprekken/<uuid:conversation_id>/",
        conversation_detail_view,
        name="conversation-detail",
    ),
    path(
        "gesprekken/<uuid:conversation_id>/bewerken/",
        conversation_edit,
        name="conversation-edit",
    ),
    path("gesprekken/<uuid:conversation_id>/agenda/", agenda_item_add, name="agenda-add"),
    path("gesprekken/<uuid:conversation_id>/notities/", note_add, name="note-add"),
    path("gesprekken/<uuid:conversation_id>/afspraken/", agreement_add, name="agreement-add"),
    path("notities/<uuid:note_id>/", note_detail, name="note-detail"),
    path("afspraken/<uuid:agreement_id>/status/", agreement_status, name="agreement-status"),
]
