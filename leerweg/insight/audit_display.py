"""Words for the audit trail, so a parent can read it without a manual."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leerweg.schools.models import StaffRole

# One whole phrase per (what, action): word order differs between languages.
DESCRIPTIONS: dict[tuple[str, str], Promise] = {
    ("student.detail", "view"): _("opened the student page"),
    ("group.roster", "view"): _("opened the group list"),
    ("api.student.detail", "view"): _("fetched the student's data through the API"),
    ("api.student.list", "view"): _("listed students through the API"),
    ("admin.student", "view"): _("opened the student record in administration"),
    ("admin.student", "change"): _("changed the student record in administration"),
    ("admin.student", "create"): _("created the student record in administration"),
    ("admin.student", "delete"): _("deleted the student record in administration"),
}


def describe(what: str, action: str) -> str:
    description = DESCRIPTIONS.get((what, action))
    return str(description) if description is not None else f"{action}: {what}"


def role_label(actor_role: str) -> str:
    """ "staff:mentor,teacher" → "Mentor, Teacher" (in the active language)."""
    kind, _sep, detail = actor_role.partition(":")
    if kind == "staff" and detail:
        names = []
        for code in detail.split(","):
            try:
                names.append(str(StaffRole(code).label))
            except ValueError:
                names.append(code)
        return ", ".join(names)
    if kind == "partner":
        return str(_("Partner organisation"))
    return kind
