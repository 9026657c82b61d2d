"""Feedback and self-assessment on evidence and own goals, and the teacher's feedback inbox.

The same views serve evidence and own goals; the URL says which (``kind``).
Staff give feedback on what they may see; the student assesses themself on
their own work; whoever may see the work sees both, side by side per
criterion. The inbox lists new evidence of the teacher's groups without their
feedback yet, each with a feedback form that htmx submits in place; without
JavaScript the form posts and the inbox reloads.
"""

from collections.abc import Callable
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.assessment import services
from leerweg.assessment.access import (
    EVIDENCE,
    OWN_GOAL,
    Target,
    access_target,
    access_target_for_feedback,
    access_target_for_self,
)
from leerweg.assessment.forms import FeedbackForm, RubricChoiceForm, SelfAssessmentForm
from leerweg.assessment.models import Rubric
from leerweg.assessment.selectors import (
    comparisons,
    inbox_items,
    inbox_students,
    rubric_table,
    rubrics_for_forms,
    target_feedback,
    target_self_assessments,
)
from leerweg.assessment.views.peer import peer_context
from leerweg.core.access import NotFoundOrNotYours
from leerweg.profiles.access import is_owner, visible_parts_for_students
from leerweg.profiles.models import ProfilePart
from leerweg.schools.access import access_student
from leerweg.schools.models import Student
from leerweg.schools.services import students_access_record

VIEWERS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)
ACTIONS = ("assessment", "feedback", "self")


def _is_htmx(request: RoleRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _chosen_rubric(school_id: int, data: QueryDict, target: Target | None = None) -> Rubric | None:
    """The school's rubric named in ``data`` (levels and criteria fetched).

    When ``data`` names none and a ``target`` is given: a rubric attached to
    one of the work's learning goals or their lines, as a suggestion. An
    empty ``rubric`` means "no rubric".
    """
    rubrics = rubrics_for_forms(school_id=school_id)
    if "rubric" in data:
        value = data.get("rubric") or ""
        return rubrics.filter(pk=int(value)).first() if value.isdigit() else None
    if target is None:
        return None
    goals = target.item.curriculum_goals.all()
    return (
        rubrics.filter(curriculum_goal__in=goals).first()
        or rubrics.filter(learning_line__goals__in=goals).first()
    )


def _urls(target: Target) -> dict[str, str]:
    """Links of the page: the work itself, and its feedback pages."""
    item_id = target.item.public_id
    work = "paths:evidence-detail" if target.kind == EVIDENCE else "paths:goal-detail"
    return {
        "work": reverse(work, args=[item_id]),
        **{action: reverse(target.url_name(action), args=[item_id]) for action in ACTIONS},
    }


# --- The page of one piece of evidence or one goal --------------------------------------------


@require_GET
@role_required(*VIEWERS)
def assessment_page(request: RoleRequest, kind: str, item_id: UUID) -> HttpResponse:
    role = request.active_role
    target = access_target(request.user, role, kind, item_id)
    students_access_record(
        user=request.user, role=role, students=[target.student], what="assessment.view"
    )
    feedback = target_feedback(target)
    self_assessments = target_self_assessments(target)
    owner = is_owner(request.user, role, target.student)
    context = {
        "target": target,
        "urls": _urls(target),
        "student": target.student,
        "owner": owner,
        "may_give_feedback": role.kind is RoleKind.STAFF,
        "feedback": feedback,
        "self_assessments": self_assessments,
        "comparisons": comparisons(
            feedback, self_assessments, _("You") if owner else _("Self-assessment")
        ),
        **peer_context(target, owner),
    }
    return render(request, "assessment/assessment_page.html", context)


# --- Giving feedback ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STAFF)
def feedback_give(request: RoleRequest, kind: str, item_id: UUID) -> HttpResponse:
    role = request.active_role
    target = access_target_for_feedback(request.user, role, kind, item_id)
    student = target.student
    if request.method == "POST":
        # Only the rubric the form was made with: never a suggestion in its place.
        posted = _chosen_rubric(student.school_id, request.POST)
        return _feedback_post(request, target, posted)
    rubric = _chosen_rubric(student.school_id, request.GET, target)
    students_access_record(
        user=request.user, role=role, students=[student], what="assessment.feedback"
    )
    return _feedback_page(request, target, FeedbackForm(rubric=rubric), rubric)


def _feedback_post(request: RoleRequest, target: Target, rubric: Rubric | None) -> HttpResponse:
    from_inbox = request.POST.get("from") == "inbox"
    auto_id = f"fb-{target.item.public_id.hex[:8]}-%s" if from_inbox else "id_%s"
    form = FeedbackForm(request.POST, rubric=rubric, auto_id=auto_id)
    bad_rubric = request.POST.get("rubric") not in (None, "") and rubric is None
    if bad_rubric:
        form.add_error(None, _("That rubric does not exist (any more)."))
    saved = None
    if not bad_rubric and form.is_valid():
        saved = _apply_feedback(request, form, target, rubric)
    if from_inbox and _is_htmx(request):
        # An htmx request gets the item only: thanked for, or with its errors.
        context = {
            "evidence": target.item,
            "form": form,
            "rubric": rubric,
            "saved": saved,
            "inbox_student": request.POST.get("student", ""),
        }
        response = render(request, "assessment/_inbox_item.html", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    if saved is not None:
        messages.success(
            request,
            _("Feedback saved; %(name)s gets a message.")
            % {"name": target.student.user.first_name},
        )
        if from_inbox:
            return redirect(_inbox_url(request.POST.get("student", "")))
        return redirect(target.url_name("assessment"), target.item.public_id)
    return _feedback_page(request, target, form, rubric, status=400)


def _inbox_url(student: str) -> str:
    """Back to the inbox the form came from: everybody's, or one student's."""
    url = reverse("assessment:inbox")
    try:
        return f"{url}?{urlencode({'student': UUID(student)})}"
    except ValueError:
        return url


def _apply_feedback(
    request: RoleRequest, form: FeedbackForm, target: Target, rubric: Rubric | None
) -> object:
    data = form.cleaned_data
    try:
        return services.feedback_give(
            target=target,
            author=request.user,
            feed_up=data["feed_up"],
            feed_back=data["feed_back"],
            feed_forward=data["feed_forward"],
            rubric=rubric,
            levels=form.chosen_levels(),
        )
    except ValidationError as error:
        _errors_to_form(form, error)
        return None


def _feedback_page(
    request: RoleRequest,
    target: Target,
    form: FeedbackForm,
    rubric: Rubric | None,
    status: int = 200,
) -> HttpResponse:
    school_id = target.student.school_id
    context = {
        "target": target,
        "urls": _urls(target),
        "student": target.student,
        "form": form,
        "rubric": rubric,
        "table": rubric_table(rubric) if rubric else None,
        "choice": RubricChoiceForm(initial={"rubric": rubric}, school_id=school_id),
    }
    return render(request, "assessment/feedback_form.html", context, status=status)


# --- Self-assessment --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT)
def self_assess(request: RoleRequest, kind: str, item_id: UUID) -> HttpResponse:
    target = access_target_for_self(request.user, request.active_role, kind, item_id)
    source = request.POST if request.method == "POST" else request.GET
    rubric = _chosen_rubric(target.student.school_id, source, target)
    form = None
    if rubric is not None:
        form = SelfAssessmentForm(request.POST or None, rubric=rubric)
        if request.method == "POST" and form.is_valid():
            try:
                services.self_assessment_add(
                    target=target,
                    rubric=rubric,
                    levels=form.chosen_levels(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Your self-assessment has been saved."))
                return redirect(target.url_name("assessment"), target.item.public_id)
    context = {
        "target": target,
        "urls": _urls(target),
        "student": target.student,
        "form": form,
        "rubric": rubric,
        "table": rubric_table(rubric) if rubric else None,
        "choice": RubricChoiceForm(initial={"rubric": rubric}, school_id=target.student.school_id),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "assessment/self_form.html", context, status=status)


# --- The inbox --------------------------------------------------------------------------------


@require_GET
@role_required(RoleKind.STAFF)
def inbox(request: RoleRequest) -> HttpResponse:
    """The inbox of all the teacher's groups, or of one student (``?student=``).

    One student's inbox is what the class overview opens in place (htmx asks
    for the panel only); it serves any student whose evidence the teacher may
    see, also outside their own groups.
    """
    role = request.active_role
    student = _inbox_student(request)
    students = [student] if student else inbox_students(request.user, role)
    items = inbox_items(request.user, students)
    shown = {item.evidence.student for item in items}
    students_access_record(user=request.user, role=role, students=shown, what="assessment.inbox")
    rows = [
        {
            "evidence": item.evidence,
            "rubric": item.rubric,
            "form": FeedbackForm(
                rubric=item.rubric, auto_id=f"fb-{item.evidence.public_id.hex[:8]}-%s"
            ),
        }
        for item in items
    ]
    context = {"rows": rows, "student": student}
    if student is not None and _is_htmx(request):
        response = render(request, "assessment/_inbox_panel.html", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    return render(request, "assessment/inbox.html", context)


def _inbox_student(request: RoleRequest) -> Student | None:
    """The student named by ``?student=``, if any; one whose evidence is hidden is 404."""
    value = request.GET.get("student", "")
    if not value:
        return None
    try:
        public_id = UUID(value)
    except ValueError:
        raise NotFoundOrNotYours from None
    role = request.active_role
    student = access_student(request.user, role, public_id)
    parts = visible_parts_for_students(request.user, role, [student])[student.pk]
    if ProfilePart.EVIDENCE not in parts:
        raise NotFoundOrNotYours
    return student


def _errors_to_form(form: FeedbackForm | SelfAssessmentForm, error: ValidationError) -> None:
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, field_messages in errors.items():
        form.add_error(field if field in form.fields else None, field_messages)


# The same three views for evidence and for own goals; the URL argument names which.
def _by_kind(
    view: Callable[..., HttpResponse], kind: str, argument: str
) -> Callable[..., HttpResponse]:
    def for_kind(request: RoleRequest, **kwargs: UUID) -> HttpResponse:
        return view(request, kind, kwargs[argument])

    return for_kind


urlpatterns: list[URLPattern] = [path("", inbox, name="inbox")]
for _kind, _prefix, _argument in (
    (EVIDENCE, "bewijs", "evidence_id"),
    (OWN_GOAL, "doel", "goal_id"),
):
    urlpatterns += [
        path(
            f"{_prefix}/<uuid:{_argument}>/",
            _by_kind(assessment_page, _kind, _argument),
            name=f"{_kind}-assessment",
        ),
        path(
            f"{_prefix}/<uuid:{_argument}>/geven/",
            _by_kind(feedback_give, _kind, _argument),
            name=f"{_kind}-feedback",
        ),
        path(
            f"{_prefix}/<uuid:{_argument}>/zelf/",
            _by_kind(self_assess, _kind, _argument),
            name=f"{_kind}-self",
        ),
    ]
