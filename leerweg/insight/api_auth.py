"""Bearer tokens for the REST API: ``Authorization: Bearer <token>``.

A token belongs to one person and acts in one of their roles, chosen when it
was made (``accounts.ApiToken.role_key``). Roles are worked out afresh on
every request, as for the pages: a token whose role the person no longer
holds (they left the school, a group link ended) stops working at once, as
does a revoked or expired one, or one of a deactivated account.

The request then looks like a logged-in one to every endpoint: ``request.user``,
``request.roles`` (only the token's role) and ``request.active_role``.
"""

import re

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext
from leerweg.accounts.services import api_token_find
from leerweg.insight.roles import available_roles

# What a token we hand out looks like (``secrets.token_urlsafe``); anything
# else is refused before it reaches the database.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,200}")


def token_role(user: User, role_key: str) -> RoleContext | None:
    """The role ``role_key`` if ``user`` still holds it."""
    return next((role for role in available_roles(user) if role.key == role_key), None)


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User:
        # A request that names a token is judged by that token alone: a wrong
        # token is a 401 even if the browser also sends a session cookie.
        token = token.strip()
        found = api_token_find(token) if TOKEN_SHAPE.fullmatch(token) else None
        if found is None or not found.user.is_active:
            raise AuthenticationError
        role = token_role(found.user, found.role_key)
        if role is None:
            raise AuthenticationError
        request.user = found.user
        request.roles = [role]  # type: ignore[attr-defined]
        request.active_role = role  # type: ignore[attr-defined]
        return found.user
