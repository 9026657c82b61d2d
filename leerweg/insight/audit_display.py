"""Words for the audit trail, so a parent can read it without a manual."""

from django.utils.translation import gettext_lazy as _

from leerweg.schools.models import StaffRole

WHAT_LABELS = {
    "student.detail": _("the student page"),
    "group.roster": _("the group list"),
    "api.student.detail": _("the student data (via the API)"),
    "api.student.list": _("the student list (via the API)"),
    "admin.student": _("the student record in administration"),
}


def what_label(code: str) -> str:
    return str(WHAT_LABELS.get(code, code))


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
