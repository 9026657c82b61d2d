"""The student's own profile: one page, one form per part, each saved on its own."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.profiles import services
from leerweg.profiles.charts import skills_chart
from leerweg.profiles.forms import AboutMeForm, InterestsForm, SharingForm, SkillsForm, TalentForm
from leerweg.profiles.models import Audience, ProfilePart
from leerweg.profiles.selectors import profile_of, sharing_of
from leerweg.schools.models import Student

student_only = role_required(RoleKind.STUDENT)


def _own_student(request: RoleRequest) -> Student:
    return Student.objects.select_related("user", "school").get(
        pk=request.active_role.student_id, user=request.user
    )


def _page(request: RoleRequest, student: Student, **bound: object) -> HttpResponse:
    profile = profile_of(student)
    interests = profile["interests"]
    forms = {
        "about_form": AboutMeForm(initial={"about_me": profile["about_me"]}),
        "interests_form": InterestsForm(
            initial={
                "areas": [i.area for i in interests if i.area],  # type: ignore[attr-defined]
                "tags": ", ".join(i.tag for i in interests if i.tag),  # type: ignore[attr-defined]
            }
        ),
        "talent_form": TalentForm(),
        "skills_form": SkillsForm(
            initial={
                row["skill"].value: row["rating"].self_rating
                for row in profile["skills"]  # type: ignore[attr-defined]
                if row["rating"]
            }
        ),
    }
    forms.update(bound)  # type: ignore[arg-type]
    status = 400 if bound else 200
    return render(
        request,
        "profiles/profile.html",
        {
            "student": student,
            "profile": profile,
            "skills_chart": skills_chart(profile["skills"]),  # type: ignore[arg-type]
            **forms,
        },
        status=status,
    )


@require_GET
@student_only
def my_profile(request: RoleRequest) -> HttpResponse:
    return _page(request, _own_student(request))


@require_POST
@student_only
def save_about_me(request: RoleRequest) -> HttpResponse:
    student = _own_student(request)
    form = AboutMeForm(request.POST)
    if not form.is_valid():
        return _page(request, student, about_form=form)
    services.profile_set_about_me(student=student, about_me=form.cleaned_data["about_me"])
    messages.success(request, _("Saved: about me."))
    return redirect("profiles:mine")


@require_POST
@student_only
def save_interests(request: RoleRequest) -> HttpResponse:
    student = _own_student(request)
    form = InterestsForm(request.POST)
    if not form.is_valid():
        return _page(request, student, interests_form=form)
    services.interests_set(
        student=student, areas=form.cleaned_data["areas"], tags=form.cleaned_data["tags"]
    )
    messages.success(request, _("Saved: your interests."))
    return redirect("profiles:mine")


@require_POST
@student_only
def add_talent(request: RoleRequest) -> HttpResponse:
    student = _own_student(request)
    form = TalentForm(request.POST)
    if not form.is_valid():
        return _page(request, student, talent_form=form)
    try:
        services.talent_add(student=student, **form.cleaned_data)
    except ValueError:
        form.add_error(None, _("You have listed the maximum number of talents."))
        return _page(request, student, talent_form=form)
    messages.success(request, _("Talent added."))
    return redirect("profiles:mine")


@require_POST
@student_only
def delete_talent(request: RoleRequest, talent_id: int) -> HttpResponse:
    if services.talent_delete(student=_own_student(request), talent_id=talent_id):
        messages.success(request, _("Talent removed."))
    return redirect("profiles:mine")


@require_POST
@student_only
def save_skills(request: RoleRequest) -> HttpResponse:
    student = _own_student(request)
    form = SkillsForm(request.POST)
    if not form.is_valid():
        return _page(request, student, skills_form=form)
    services.skills_rate(student=student, ratings=form.ratings())
    messages.success(request, _("Saved: your skills."))
    return redirect("profiles:mine")


@require_GET
@student_only
def sharing(request: RoleRequest) -> HttpResponse:
    student = _own_student(request)
    form = SharingForm(initial=SharingForm.initial_from(sharing_of(student)))
    return _sharing_page(request, student, form)


@require_POST
@student_only
def save_sharing(request: RoleRequest) -> HttpResponse:
    student = _own_student(request)
    form = SharingForm(request.POST)
    if not form.is_valid():
        return _sharing_page(request, student, form, status=400)
    services.sharing_set(student=student, choices=form.choices())
    messages.success(request, _("Saved: who sees what."))
    return redirect("profiles:sharing")


def _sharing_page(
    request: RoleRequest, student: Student, form: SharingForm, status: int = 200
) -> HttpResponse:
    rows = [{"part": part, "field": form[part.value]} for part in ProfilePart]
    return render(
        request,
        "profiles/sharing.html",
        {"student": student, "form": form, "rows": rows, "audiences": Audience.choices},
        status=status,
    )
