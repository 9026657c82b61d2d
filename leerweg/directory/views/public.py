"""The public directory: search and detail pages, no login needed."""

from urllib.parse import urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from leerweg.core.public_cache import (
    FIGURES_TIMEOUT,
    fragment_key,
    public_paginator,
    public_version,
    public_when_anonymous,
)
from leerweg.directory import selectors
from leerweg.directory.forms import DirectoryFilterForm

PAGE_SIZE = 20


@require_GET
@login_not_required
@public_when_anonymous(selectors.directory_version)
def entry_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    values = form.values()
    entries = selectors.entry_list(text=values["q"], kind=values["kind"], region=values["region"])
    query = urlencode({name: value for name, value in values.items() if value})
    version = public_version(request, selectors.directory_version)
    paginator = public_paginator(
        entries, PAGE_SIZE, name="directory:list", version=version, filters=query
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
    return render(request, "directory/entry_list.html", context)


@require_GET
@login_not_required
@public_when_anonymous(selectors.directory_version)
def entry_detail(request: HttpRequest, entry_id: UUID) -> HttpResponse:
    entry = selectors.listed_entry(entry_id)
    if entry is None:
        raise Http404
    return render(request, "directory/entry_detail.html", {"entry": entry})


urlpatterns: list[URLPattern] = [
    path("", entry_list, name="entry-list"),
    path("<uuid:entry_id>/", entry_detail, name="entry-detail"),
]
