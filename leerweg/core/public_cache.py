"""Cache headers, and cached figures, for public pages (the initiative register, the directory).

The pages are the same for every anonymous visitor in one language, so an
anonymous response says ``Cache-Control: public, max-age=…`` and carries
``Last-Modified`` and an ``ETag`` (a *version*: the last change to anything
public, the number of items public, and the language), letting a browser
revalidate with a cheap 304. A logged-in visitor sees the same page inside
their personal header (name, notifications, role switch), so their response
is ``private, no-cache`` without validators: it must never be stored by a
shared cache, nor revalidated against an anonymous copy.

``Vary: Cookie, Accept-Language``: the language comes from a cookie or the
browser, and the header from the session cookie. Because every page carries a
CSRF token for the language switch, a first response also sets a cookie;
shared caches do not store such responses, so the gain is mostly in browsers
and in 304s. That is on purpose: a cached page with someone else's token
would break the language switch.

The same version keys figures that are costly to compute (counts over the
whole register) in Django's cache: a new publication changes the version, so
it shows at once, and old entries simply expire.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.views.decorators.http import condition

DEFAULT_MAX_AGE = 300
# Cached figures and fragments outlive their version by at most this long (a changed version
# is a new key).
FIGURES_TIMEOUT = 24 * 3600

Version = tuple[datetime | None, int]
View = Callable[..., HttpResponseBase]


def version_tag(version: Version) -> str:
    """The version as text: last change in microseconds since the epoch, and the count."""
    latest, count = version
    stamp = round(latest.timestamp() * 1_000_000) if latest else 0
    return f"{stamp}-{count}"


def public_version(request: HttpRequest, version: Callable[[], Version]) -> Version:
    """``version()`` once per request, shared by the validators and the view."""
    if not hasattr(request, "_public_version"):
        request._public_version = version()  # type: ignore[attr-defined]
    return request._public_version  # type: ignore[attr-defined]


def fragment_key(version: Version, *parts: object) -> str:
    """A key for a cached piece of a public page (``{% cache seconds "name" key %}``).

    It holds the version and the language, so a change or another language
    renders afresh; ``parts`` say which list, filter and page it is.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{version_tag(version)}:{translation.get_language()}:{digest}"


def cached_figures[T](name: str, version: Version, compute: Callable[[], T], *parts: object) -> T:
    """``compute()`` cached under ``name`` and ``parts``, the version and the language.

    The language is part of the key because figures may hold translated labels.
    """
    key = f"leerweg:public:{name}:{fragment_key(version, *parts)}"
    return cast(T, cache.get_or_set(key, compute, FIGURES_TIMEOUT))


def public_when_anonymous(version: Callable[[], Version]) -> Callable[[View], View]:
    """Cache headers as described above; ``version`` gives (last change, number of items)."""

    def decorator(view: View) -> View:
        def etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
            tag = version_tag(public_version(request, version))
            return f"{tag}-{translation.get_language()}"

        def last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime | None:
            return public_version(request, version)[0]

        conditional = condition(etag_func=etag, last_modified_func=last_modified)(view)

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            anonymous = not request.user.is_authenticated
            response = (
                conditional(request, *args, **kwargs)
                if anonymous
                else view(request, *args, **kwargs)
            )
            if response.status_code not in (200, 304):
                return response
            if anonymous:
                max_age = getattr(settings, "LEERWEG_PUBLIC_MAX_AGE", DEFAULT_MAX_AGE)
                patch_cache_control(response, public=True, max_age=max_age)
            else:
                patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response

        return wrapped

    return decorator


class CountedPaginator(Paginator):
    """A paginator told its count, for a list whose size is already known (from the version)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def public_paginator(
    queryset: QuerySet[Any], per_page: int, *, name: str, version: Version, filters: str
) -> Paginator:
    """A paginator for a public list whose count comes from the cache when it can.

    Unfiltered (``filters`` empty), the list holds every public item, as many
    as the version counts; filtered, the count is cached for the version.
    """
    if filters:
        count = cached_figures(f"{name}:count", version, queryset.count, filters)
    else:
        count = version[1]
    return CountedPaginator(queryset, per_page, count=count)
