"""The role a person is acting in right now.

A person can hold several roles (a teacher at one school who is a guardian of a
student at another). They act in one at a time; every page is scoped to it.
This module only describes a role; which roles a user has is worked out by the
apps that own the links (schools, partners) and combined in ``insight.roles``.
"""

from dataclasses import dataclass, field
from enum import StrEnum

ACTIVE_ROLE_SESSION_KEY = "leerweg_active_role"


class RoleKind(StrEnum):
    STUDENT = "student"
    GUARDIAN = "guardian"
    STAFF = "staff"
    BOARD = "board"
    PARTNER = "partner"


@dataclass(frozen=True)
class RoleContext:
    kind: RoleKind
    label: str
    # Ids of what the role is about; 0 where it does not apply (no row has id 0,
    # so a query with it matches nothing rather than everything).
    school_id: int = 0
    board_id: int = 0
    partner_id: int = 0
    student_id: int = 0
    # For a student: their public id, for links to their own pages.
    student_public_id: str = ""
    # For staff: the roles held at ``school_id`` (teacher, mentor, coach, …).
    staff_roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        scope = self.school_id or self.board_id or self.partner_id or self.student_id or 0
        return f"{self.kind}:{scope}"

    def has_staff_role(self, *roles: str) -> bool:
        return self.kind is RoleKind.STAFF and bool(self.staff_roles.intersection(roles))
