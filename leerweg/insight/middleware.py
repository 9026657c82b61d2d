from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from leerweg.insight.roles import active_role, available_roles


class ActiveRoleMiddleware:
    """Put ``request.roles`` and ``request.active_role`` on every logged-in request.

    Roles are worked out afresh on each request (a handful of indexed queries),
    so a role that a school withdraws stops working at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        roles = available_roles(request.user) if request.user.is_authenticated else []
        request.roles = roles  # type: ignore[attr-defined]
        request.active_role = active_role(request, roles)  # type: ignore[attr-defined]
        return self.get_response(request)
