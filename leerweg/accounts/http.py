"""Request types for views behind the login, for the type checker.

``ActiveRoleMiddleware`` (in insight) sets ``roles`` and ``active_role`` on
every request; views behind ``role_required`` may rely on ``active_role``.
"""

from django.http import HttpRequest

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext


class AuthenticatedRequest(HttpRequest):
    user: User
    roles: list[RoleContext]
    active_role: RoleContext | None


class RoleRequest(AuthenticatedRequest):
    """A request that passed ``role_required``: it acts in a role."""

    active_role: RoleContext
