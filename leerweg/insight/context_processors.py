from django.http import HttpRequest

from leerweg.insight.navigation import navigation_for


def active_role(request: HttpRequest) -> dict[str, object]:
    return {
        "active_role": getattr(request, "active_role", None),
        "roles": getattr(request, "roles", []),
        "navigation": navigation_for(request),
    }
