"""The school's rubric library: reading, making, copying, changing, deleting, CSV in and out.

Any staff of the school reads, makes and copies rubrics; only the author or a
school leader or administrator changes or deletes one (``may_change_rubric``);
the others get a 403, as the rubric itself is no secret to them.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.assessment import services
from leerweg.assessment.access import access_rubric, may_change_rubric
from leerweg.assessment.forms import RubricForm, RubricImportForm
from leerweg.assessment.models import Rubric
from leerweg.assessment.rubric_content import RubricFileError, read_csv, write_csv
from leerweg.assessment.selectors import rubric_content, rubric_library, rubric_table
from leerweg.schools.models import School

staff_only = role_required(RoleKind.STAFF)


def _changeable(request: RoleRequest, rubric_id: int) -> Rubric:
    rubric = access_rubric(request.active_role, rubric_id)
    if not may_change_rubric(request.user, request.active_role, rubric):
        raise PermissionDenied
    return rubric


@require_GET
@staff_only
def rubric_list(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    rubrics = rubric_library(school_id=role.school_id)
    return render(request, "assessment/rubric_list.html", {"rubrics": rubrics})


@require_http_methods(["GET", "POST"])
@staff_only
def rubric_create(request: RoleRequest) -> HttpResponse:
    school_id = request.active_role.school_id
    form = RubricForm(request.POST or None, school_id=school_id)
    if request.method == "POST" and form.is_valid():
        school = School.objects.get(pk=school_id)
        rubric = _apply(
            form, services.rubric_create, school=school, author=request.user, **_values(form)
        )
        if rubric is not None:
            messages.success(request, _("Rubric saved. Now describe each level per criterion."))
            return redirect("assessment:rubric-edit", rubric_id=rubric.pk)
    return _form_page(request, form, _("New rubric"), None)


@require_GET
@staff_only
def rubric_detail(request: RoleRequest, rubric_id: int) -> HttpResponse:
    rubric = access_rubric(request.active_role, rubric_id)
    context = {
        "rubric": rubric,
        "table": rubric_table(rubric),
        "may_change": may_change_rubric(request.user, request.active_role, rubric),
    }
    return render(request, "assessment/rubric_detail.html", context)


@require_http_methods(["GET", "POST"])
@staff_only
def rubric_edit(request: RoleRequest, rubric_id: int) -> HttpResponse:
    rubric = _changeable(request, rubric_id)
    initial = {
        "title": rubric.title,
        "description": rubric.description,
        "curriculum_goal": rubric.curriculum_goal_id,
        "learning_line": rubric.learning_line_id,
    }
    form = RubricForm(
        request.POST or None,
        school_id=rubric.school_id,
        content=rubric_content(rubric),
        initial=initial,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, services.rubric_update, rubric=rubric, **_values(form))
    ):
        messages.success(request, _("Rubric “%(title)s” saved.") % {"title": rubric.title})
        return redirect("assessment:rubric-detail", rubric_id=rubric.pk)
    return _form_page(request, form, _("Edit rubric %(title)s") % {"title": rubric.title}, rubric)


@require_http_methods(["GET", "POST"])
@staff_only
def rubric_delete(request: RoleRequest, rubric_id: int) -> HttpResponse:
    rubric = _changeable(request, rubric_id)
    if request.method == "POST":
        try:
            services.rubric_delete(rubric=rubric)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessment:rubric-detail", rubric_id=rubric.pk)
        messages.success(request, _("Rubric “%(title)s” deleted.") % {"title": rubric.title})
        return redirect("assessment:rubric-list")
    return render(request, "assessment/rubric_delete.html", {"rubric": rubric})


@require_POST
@staff_only
def rubric_copy(request: RoleRequest, rubric_id: int) -> HttpResponse:
    rubric = access_rubric(request.active_role, rubric_id)
    copy = services.rubric_copy(rubric=rubric, author=request.user)
    messages.success(request, _("This is your own copy; change it as you like."))
    return redirect("assessment:rubric-edit", rubric_id=copy.pk)


@require_GET
@staff_only
def rubric_export(request: RoleRequest, rubric_id: int) -> HttpResponse:
    rubric = access_rubric(request.active_role, rubric_id)
    delimiter = ";" if request.GET.get("separator") == "semicolon" else ","
    content = write_csv(rubric_content(rubric), delimiter=delimiter)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = slugify(rubric.title) or "rubric"
    response["Content-Disposition"] = f'attachment; filename="rubric-{name}.csv"'
    return response


@require_http_methods(["GET", "POST"])
@staff_only
def rubric_import(request: RoleRequest) -> HttpResponse:
    form = RubricImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            content = read_csv(form.cleaned_data["file"])
        except RubricFileError as error:
            form.add_error("file", str(error))
        else:
            school = School.objects.get(pk=request.active_role.school_id)
            rubric = _apply(
                form,
                services.rubric_create,
                school=school,
                author=request.user,
                title=form.cleaned_data["title"],
                content=content,
            )
            if rubric is not None:
                messages.success(request, _("Rubric imported."))
                return redirect("assessment:rubric-detail", rubric_id=rubric.pk)
    status = 400 if form.errors else 200
    return render(request, "assessment/rubric_import.html", {"form": form}, status=status)


def _values(form: RubricForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "curriculum_goal": data["curriculum_goal"],
        "learning_line": data["learning_line"],
        "content": data["content"],
    }


def _apply(form: Form, service: Any, **arguments: Any) -> Any:
    """Call ``service``; on a ``ValidationError``, put its messages on the form and return None."""
    try:
        return service(**arguments)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, field_messages in errors.items():
            form.add_error(field if field in form.fields else None, field_messages)
        return None


def _form_page(
    request: RoleRequest, form: RubricForm, title: str, rubric: Rubric | None
) -> HttpResponse:
    context = {"form": form, "title": title, "rubric": rubric}
    status = 400 if form.errors else 200
    return render(request, "assessment/rubric_form.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("rubrics/", rubric_list, name="rubric-list"),
    path("rubrics/nieuw/", rubric_create, name="rubric-create"),
    path("rubrics/importeren/", rubric_import, name="rubric-import"),
    path("rubrics/<int:rubric_id>/", rubric_detail, name="rubric-detail"),
    path("rubrics/<int:rubric_id>/bewerken/", rubric_edit, name="rubric-edit"),
    path("rubrics/<int:rubric_id>/verwijderen/", rubric_delete, name="rubric-delete"),
    path("rubrics/<int:rubric_id>/kopieren/", rubric_copy, name="rubric-copy"),
    path("rubrics/<int:rubric_id>/export/", rubric_export, name="rubric-export"),
]
