"""Cross-school learning areas: shared goals, rubrics and material."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.http import AuthenticatedRequest
from leerweg.assessment.selectors import rubric_table
from leerweg.networks import selectors, services
from leerweg.networks.access import (
    access_area,
    access_area_material,
    access_area_rubric,
    may_manage_area,
    member_schools_for,
    networks_of,
    staff_schools_of,
)
from leerweg.networks.forms import (
    AreaForm,
    AreaGoalForm,
    AreaSchoolForm,
    MaterialForm,
    RubricCopyForm,
    RubricShareForm,
)
from leerweg.networks.models import LearningArea
from leerweg.networks.views.errors import add_service_errors
from leerweg.networks.views.sharing import material_file_response


@require_http_methods(["GET", "POST"])
def area_create(request: AuthenticatedRequest) -> HttpResponse:
    """Staff start an area for their school; it may sit inside one of their networks."""
    schools = staff_schools_of(request.user)
    if not schools.exists():
        raise PermissionDenied
    form = AreaForm(
        request.POST if request.method == "POST" else None,
        schools=schools,
        networks=networks_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The learning area has been started."))
            return redirect("networks:area-detail", area_id=area.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "networks/area_form.html", {"form": form}, status=status)


def _area_page(
    request: AuthenticatedRequest, area: LearningArea, status: int = 200, **forms: object
) -> HttpResponse:
    schools = member_schools_for(request.user, area)
    context = {
        "area": area,
        **selectors.area_detail(area),
        "acts_for": schools.exists(),
        "may_manage": may_manage_area(request.user, area),
        "school_form": forms.get("school_form") or AreaSchoolForm(),
        "goal_form": forms.get("goal_form") or AreaGoalForm(schools=schools),
        "share_form": forms.get("share_form") or RubricShareForm(schools=schools),
        "copy_form": RubricCopyForm(schools=schools),
    }
    return render(request, "networks/area_detail.html", context, status=status)


@require_GET
def area_detail(request: AuthenticatedRequest, area_id: UUID) -> HttpResponse:
    return _area_page(request, access_area(request.user, area_id))


@require_POST
def area_school_add(request: AuthenticatedRequest, area_id: UUID) -> HttpResponse:
    area = access_area(request.user, area_id)
    if not may_manage_area(request.user, area):
        raise PermissionDenied
    form = AreaSchoolForm(request.POST)
    if form.is_valid():
        try:
            services.area_school_add(
                area=area, school=form.cleaned_data["brin"], added_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error, names={"school": "brin"})
        else:
            messages.success(request, _("The school now works on this learning area too."))
            return redirect("networks:area-detail", area_id=area.public_id)
    return _area_page(request, area, status=400, school_form=form)


@require_POST
def area_goal_add(request: AuthenticatedRequest, area_id: UUID) -> HttpResponse:
    area = access_area(request.user, area_id)
    schools = member_schools_for(request.user, area)
    if not schools.exists():
        raise PermissionDenied
    form = AreaGoalForm(request.POST, schools=schools)
    if form.is_valid():
        services.area_goal_add(area=area, author=request.user, **form.cleaned_data)
        messages.success(request, _("The goal has been shared."))
        return redirect("networks:area-detail", area_id=area.public_id)
    return _area_page(request, area, status=400, goal_form=form)


@require_POST
def area_rubric_share(request: AuthenticatedRequest, area_id: UUID) -> HttpResponse:
    area = access_area(request.user, area_id)
    schools = member_schools_for(request.user, area)
    if not schools.exists():
        raise PermissionDenied
    form = RubricShareForm(request.POST, schools=schools)
    if form.is_valid():
        try:
            services.area_rubric_share(
                area=area, rubric=form.cleaned_data["rubric"], shared_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The rubric has been shared."))
            return redirect("networks:area-detail", area_id=area.public_id)
    return _area_page(request, area, status=400, share_form=form)


@require_GET
def area_rubric_detail(request: AuthenticatedRequest, shared_id: UUID) -> HttpResponse:
    shared = access_area_rubric(request.user, shared_id)
    schools = member_schools_for(request.user, shared.area)
    context = {
        "shared": shared,
        "area": shared.area,
        "table": rubric_table(shared.rubric),
        "copy_form": RubricCopyForm(schools=schools),
        "acts_for": schools.exists(),
    }
    return render(request, "networks/area_rubric.html", context)


@require_POST
def area_rubric_copy(request: AuthenticatedRequest, shared_id: UUID) -> HttpResponse:
    """A copy in the library of a member school the person works at."""
    shared = access_area_rubric(request.user, shared_id)
    schools = member_schools_for(request.user, shared.area)
    if not schools.exists():
        raise PermissionDenied
    form = RubricCopyForm(request.POST, schools=schools)
    if form.is_valid():
        rubric = services.area_rubric_copy(
            shared=shared, school=form.cleaned_data["school"], author=request.user
        )
        messages.success(
            request,
            _("The rubric has been copied into the library of %(school)s.")
            % {"school": rubric.school.name},
        )
    else:
        messages.error(request, _("Choose the school to copy the rubric for."))
    return redirect("networks:area-rubric", shared_id=shared.public_id)


@require_http_methods(["GET", "POST"])
def area_material_add(request: AuthenticatedRequest, area_id: UUID) -> HttpResponse:
    area = access_area(request.user, area_id)
    posted = request.method == "POST"
    form = MaterialForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"theme": area.theme},
    )
    if posted and form.is_valid():
        try:
            services.area_material_add(
                area=area,
                author=request.user,
                values=form.material_values(),
                upload=form.checked_upload,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The material has been shared."))
            return redirect("networks:area-detail", area_id=area.public_id)
    context = {"area": area, "form": form}
    return render(
        request, "networks/area_material_form.html", context, status=400 if posted else 200
    )


@require_GET
def area_material_file(request: AuthenticatedRequest, material_id: UUID) -> FileResponse:
    return material_file_response(access_area_material(request.user, material_id))


urlpatterns: list[URLPattern] = [
    path("leergebieden/nieuw/", area_create, name="area-create"),
    path("leergebied/<uuid:area_id>/", area_detail, name="area-detail"),
    path("leergebied/<uuid:area_id>/scholen/", area_school_add, name="area-school-add"),
    path("leergebied/<uuid:area_id>/doelen/", area_goal_add, name="area-goal-add"),
    path("leergebied/<uuid:area_id>/rubrics/", area_rubric_share, name="area-rubric-share"),
    path("leergebied/<uuid:area_id>/materiaal/", area_material_add, name="area-material-add"),
    path("gedeelde-rubric/<uuid:shared_id>/", area_rubric_detail, name="area-rubric"),
    path("gedeelde-rubric/<uuid:shared_id>/kopieren/", area_rubric_copy, name="area-rubric-copy"),
    path("materiaal/<uuid:material_id>/bestand/", area_material_file, name="area-material-file"),
]
