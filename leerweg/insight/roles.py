"""Which roles a person holds, and which one they are acting in now."""

from django.http import HttpRequest

from leerweg.accounts.models import User
from leerweg.accounts.roles import ACTIVE_ROLE_SESSION_KEY, RoleContext
from leerweg.partners.selectors import partner_role_contexts
from leerweg.schools.selectors import school_role_contexts


def available_roles(user: User) -> list[RoleContext]:
    return school_role_contexts(user) + partner_role_contexts(user)


def active_role(request: HttpRequest, roles: list[RoleContext]) -> RoleContext | None:
    """The role chosen in this session, if the person still holds it; else their first."""
    chosen = request.session.get(ACTIVE_ROLE_SESSION_KEY)
    for role in roles:
        if role.key == chosen:
            return role
    return roles[0] if roles else None


def choose_role(request: HttpRequest, roles: list[RoleContext], key: str) -> RoleContext | None:
    for role in roles:
        if role.key == key:
            request.session[ACTIVE_ROLE_SESSION_KEY] = key
            return role
    return None
