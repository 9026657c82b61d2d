"""A per-address limit on public submissions, counted in Django's cache.

``LEERWEG_REGISTER_THROTTLE = (submissions, seconds)``: at most that many
submissions from one client address in a fixed window of that many seconds.
The address is ``REMOTE_ADDR``, as for the login throttle; behind a proxy the
proxy must set it (as docs/operations.md describes for django-axes).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_LIMIT = (5, 3600)


def _limit() -> tuple[int, int]:
    count, seconds = getattr(settings, "LEERWEG_REGISTER_THROTTLE", DEFAULT_LIMIT)
    return int(count), int(seconds)


def _key(scope: str, request: HttpRequest) -> str:
    return f"leerweg:throttle:{scope}:{request.META.get('REMOTE_ADDR', '')}"


def throttle_hit(scope: str, request: HttpRequest) -> bool:
    """Count one submission; True if this address has gone over the limit."""
    count, seconds = _limit()
    key = _key(scope, request)
    if cache.add(key, 1, timeout=seconds):
        hits = 1
    else:
        try:
            hits = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds)
            hits = 1
    return hits > count
