from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from leerweg.accounts.roles import RoleKind

View = Callable[..., HttpResponse]


def role_required(*kinds: RoleKind, staff_roles: tuple[str, ...] = ()) -> Callable[[View], View]:
    """Let a view be used only while acting in one of ``kinds``.

    With ``staff_roles``, a staff role must also include one of them. Pages
    themselves are no secret, so the wrong role gets a 403, not a 404.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            role = getattr(request, "active_role", None)
            if role is None or role.kind not in kinds:
                raise PermissionDenied
            if (
                staff_roles
                and role.kind is RoleKind.STAFF
                and not role.has_staff_role(*staff_roles)
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
