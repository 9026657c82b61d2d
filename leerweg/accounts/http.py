"""Request types for views behind the login, for the type checker; the API's role check.

``ActiveRoleMiddleware`` (in insight) sets ``roles`` and ``active_role`` on
every request; views behind ``role_required`` may rely on ``active_role``.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind


class AuthenticatedRequest(HttpRequest):
    user: User
    roles: list[RoleContext]
    active_role: RoleContext | None


class RoleRequest(AuthenticatedRequest):
    """A request that passed ``role_required``: it acts in a role."""

    active_role: RoleContext


def acting_role(request: AuthenticatedRequest, *kinds: RoleKind) -> RoleContext:
    """The active role if it is one of ``kinds``; else ``PermissionDenied`` (a 403).

    The API's counterpart of ``role_required``: the same rule, called inside
    an endpoint because django-ninja endpoints return data, not responses.
    """
    role = request.active_role
    if role is None or role.kind not in kinds:
        raise PermissionDenied
    return role
