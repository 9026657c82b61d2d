"""The public pages of the register: list, detail, regions, obstacles and their export.

None of them needs a login, and none shows contact details: the templates
only receive the public fields, and the export names its columns one by one.
"""

import csv
from urllib.parse import urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from leerweg.core.public_cache import (
    FIGURES_TIMEOUT,
    fragment_key,
    public_paginator,
    public_version,
    public_when_anonymous,
)
from leerweg.initiatives import selectors
from leerweg.initiatives.forms import RegisterFilterForm
from leerweg.initiatives.models import Obstacle

PAGE_SIZE = 20
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@require_GET
@login_not_required
@public_when_anonymous(selectors.register_version)
def initiative_list(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET)
    values = form.values()
    filters = selectors.RegisterFilter(
        text=values["q"],
        sector=values["sector"],
        region=values["region"],
        category=values["category"],
    )
    query = urlencode({name: value for name, value in values.items() if value})
    version = public_version(request, selectors.register_version)
    paginator = public_paginator(
        selectors.initiative_list(filters),
        PAGE_SIZE,
        name="initiatives:list",
        version=version,
        filters=query,
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query,
        "filtered": any(values.values()),
        "list_key": fragment_key(version, query, page.number),
        "list_seconds": FIGURES_TIMEOUT,
    }
    return render(request, "initiatives/initiative_list.html", context)


@require_GET
@login_not_required
@public_when_anonymous(selectors.register_version)
def initiative_detail(request: HttpRequest, initiative_id: UUID) -> HttpResponse:
    initiative = selectors.published_initiative(initiative_id)
    if initiative is None:
        raise Http404
    return render(request, "initiatives/initiative_detail.html", {"initiative": initiative})


@require_GET
@login_not_required
@public_when_anonymous(selectors.register_version)
def region_overview(request: HttpRequest) -> HttpResponse:
    regions = selectors.region_counts(public_version(request, selectors.register_version))
    context = {
        "regions": regions,
        "total": sum(region.initiatives for region in regions),
        "obstacles": sum(region.obstacles for region in regions),
    }
    return render(request, "initiatives/region_overview.html", context)


@require_GET
@login_not_required
@public_when_anonymous(selectors.register_version)
def obstacle_overview(request: HttpRequest) -> HttpResponse:
    version = public_version(request, selectors.register_version)
    context = {"overview": selectors.obstacle_overview(version)}
    return render(request, "initiatives/obstacle_overview.html", context)


@require_GET
@login_not_required
@public_when_anonymous(selectors.register_version)
def obstacle_report(request: HttpRequest) -> HttpResponse:
    context = {
        "overview": selectors.obstacle_overview(
            public_version(request, selectors.register_version), examples=10
        ),
        "printed_on": timezone.localdate(),
    }
    return render(request, "initiatives/obstacle_report.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> str:
    """The cell as text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_rows():
    yield [
        _("Category"),
        _("Description"),
        _("Initiative"),
        _("Organisation"),
        _("Kind of organisation"),
        _("Sector"),
        _("Region"),
        _("Running since"),
        _("Published on"),
        _("Link"),
    ]
    for obstacle in selectors.obstacles_for_export():
        yield _csv_row(obstacle)


def _csv_row(obstacle: Obstacle) -> list[str]:
    initiative = obstacle.initiative
    published = initiative.published_at
    return [
        obstacle.get_category_display(),
        obstacle.description,
        initiative.title,
        initiative.organisation,
        initiative.get_organisation_kind_display(),
        initiative.get_sector_display(),
        initiative.get_region_display(),
        initiative.since.isoformat(),
        timezone.localtime(published).date().isoformat() if published else "",
        str(initiative.public_id),
    ]


@require_GET
@login_not_required
@public_when_anonymous(selectors.register_version)
def obstacle_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every published obstacle as CSV for a spreadsheet: UTF-8 with BOM, ``;``-separated.

    Excel in a Dutch locale expects ``;`` and needs the BOM to read UTF-8.
    Streamed, so a large register does not sit in memory.
    """
    writer = csv.writer(_Echo(), delimiter=";")
    language = translation.get_language()

    def lines():
        # Streaming runs after the view returns: keep the request's language.
        with translation.override(language):
            yield "\ufeff"
            for row in _csv_rows():
                yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"obstakels-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns: list[URLPattern] = [
    path("", initiative_list, name="initiative-list"),
    path("regio/", region_overview, name="region-overview"),
    path("obstakels/", obstacle_overview, name="obstacle-overview"),
    path("obstakels/export.csv", obstacle_csv, name="obstacle-csv"),
    path("obstakels/rapport/", obstacle_report, name="obstacle-report"),
    path("<uuid:initiative_id>/", initiative_detail, name="initiative-detail"),
]
