from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

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
def me(request: HttpRequest) -> dict[str, object]:
    """The logged-in person and the roles they can act in."""
    user = request.user
    active = request.active_role  # type: ignore[attr-defined]
    roles = [
        {"key": r.key, "kind": str(r.kind), "label": r.label, "active": r == active}
        for r in request.roles  # type: ignore[attr-defined]
    ]
    return {
        "id": user.public_id,  # type: ignore[union-attr]
        "username": user.get_username(),
        "first_name": user.first_name,  # type: ignore[union-attr]
        "last_name": user.last_name,  # type: ignore[union-attr]
        "language": user.preferred_language,  # type: ignore[union-attr]
        "roles": roles,
    }
