from uuid import UUID

from ninja import Router, Schema

from leerweg.accounts.http import AuthenticatedRequest

router = Router(tags=["me"])


class RoleOut(Schema):
    key: str
    kind: str
    label: str
    active: bool


class MeOut(Schema):
    id: UUID
    username: str
    first_name: str
    last_name: str
    language: str
    roles: list[RoleOut]


@router.get("/me", response=MeOut)
def me(request: AuthenticatedRequest) -> dict[str, object]:
    """The logged-in person and the roles they can act in."""
    user = request.user
    active = request.active_role
    roles = [
        {"key": r.key, "kind": str(r.kind), "label": r.label, "active": r == active}
        for r in request.roles
    ]
    return {
        "id": user.public_id,
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.preferred_language,
        "roles": roles,
    }
