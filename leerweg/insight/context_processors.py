from functools import cache, partial

from django.http import HttpRequest

from leerweg.insight.navigation import navigation_for
from leerweg.notifications.selectors import notifications_unread_count


def active_role(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "active_role": getattr(request, "active_role", None),
        "roles": getattr(request, "roles", []),
        "navigation": navigation_for(request),
        # A callable, cached: templates call it, so pages without the header
        # (admin, partials) cost no query and the header costs one.
        "unread_notifications": (
            cache(partial(notifications_unread_count, user=user))
            if user is not None and user.is_authenticated
            else 0
        ),
    }
