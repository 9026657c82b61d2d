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
    ("portrait", "view"): _("opened the portrait"),
    ("group.overview", "view"): _("opened the class overview"),
    ("goals.list", "view"): _("opened the list of own goals"),
    ("goal.detail", "view"): _("opened an own goal and its plan"),
    ("evidence.list", "view"): _("opened the list of evidence"),
    ("evidence.detail", "view"): _("opened a piece of evidence"),
    ("evidence.file", "view"): _("opened an evidence file"),
    ("activities.list", "view"): _("opened the activity timeline"),
    ("route.view", "view"): _("opened the learning route"),
    ("route.proposal", "create"): _("proposed a change to the learning route"),
    ("route.decision", "change"): _("answered a proposal for the learning route"),
    ("api.profile", "view"): _("fetched the profile through the API"),
    ("api.goals.list", "view"): _("listed own goals through the API"),
    ("api.goal.detail", "view"): _("fetched an own goal through the API"),
    ("api.evidence.list", "view"): _("listed evidence through the API"),
    ("api.evidence.detail", "view"): _("fetched a piece of evidence through the API"),
    ("api.activities.list", "view"): _("listed activities through the API"),
    ("api.activity.create", "create"): _("added an activity through the API"),
    ("api.route.view", "view"): _("opened the learning route through the API"),
    ("api.route.proposal", "create"): _("proposed a route change through the API"),
    ("api.route.decision", "change"): _("answered a route proposal through the API"),
    ("coaching.conversations", "view"): _("opened the list of coaching conversations"),
    ("coaching.conversation", "view"): _("opened a coaching conversation"),
    ("coaching.conversation.create", "create"): _("planned a coaching conversation"),
    ("coaching.note", "view"): _("opened a note of a coaching conversation"),
    ("coaching.private_note.denied", "view"): _(
        "tried to open a private coaching note of someone else (refused)"
    ),
    ("coaching.caseload", "view"): _("opened the caseload"),
    ("directory.offer_uptake", "view"): _(
        "saw which offers from the region the student is interested in"
    ),
    ("daystart.board", "view"): _("opened the day-start board of the group"),
    ("assessment.view", "view"): _("opened the feedback and assessments"),
    ("assessment.feedback", "view"): _("opened the feedback form"),
    ("assessment.inbox", "view"): _("saw new evidence in the feedback inbox"),
    ("assessment.progress", "view"): _("opened the progress per learning goal"),
    ("assessment.peer.moderation", "view"): _("read the peer feedback of the group"),
    ("assessment.peer.hide", "change"): _("hid a piece of peer feedback"),
    ("assessment.peer.show", "change"): _("showed a hidden piece of peer feedback again"),
    ("api.assessment.evidence", "view"): _("fetched feedback and assessments through the API"),
    ("api.assessment.goal", "view"): _(
        "fetched feedback and assessments on a goal through the API"
    ),
    ("api.coaching.conversations", "view"): _("listed coaching conversations through the API"),
    ("api.coaching.conversation", "view"): _("fetched a coaching conversation through the API"),
    ("api.daystart.board", "view"): _("fetched the day-start board through the API"),
    ("plusdocument.view", "view"): _("opened the Plusdocument"),
    ("plusdocument.change", "change"): _("started, validated, added to or issued the Plusdocument"),
    ("plusdocument.batch", "change"): _("issued the Plusdocuments of a whole group at once"),
    ("plusdocument.batch", "view"): _("downloaded the Plusdocuments of a whole group"),
    ("flex.mandatory.create", "create"): _("required the student to attend a flex session"),
    ("flex.mandatory.delete", "delete"): _("lifted the requirement to attend a flex session"),
    ("flex.mandatory.list", "view"): _(
        "opened the list of students who must attend a flex session"
    ),
    ("flex.goal_choices", "view"): _("opened the flex choices tied to own goals"),
    ("flex.run", "view"): _("opened the report of a flex hours allocation"),
    ("flex.roster", "view"): _("opened the list of students placed in a flex session"),
    ("flex.attendance", "change"): _("recorded attendance in a flex session"),
    ("flex.absences", "view"): _("opened the absences in flex hours"),
    ("flex.export", "export"): _("downloaded the flex schedule as a spreadsheet"),
    ("credentials.credential.revoke", "change"): _("revoked a credential"),
    ("credentials.credential.unrevoke", "change"): _("undid the revocation of a credential"),
    ("credentials.list", "view"): _("saw the student in the list of issued credentials"),
    ("credentials.credential", "view"): _("opened an issued credential to revoke it"),
    ("consent.link_code", "create"): _("made a link code for a partner organisation"),
    ("consent.link_code.cancel", "change"): _("cancelled a link code"),
    ("consent.link", "create"): _("linked itself to the student with a link code"),
    ("consent.link.end", "change"): _("ended the link with a partner organisation"),
    ("consent.record.give", "create"): _("gave consent to record activities"),
    ("consent.view.give", "create"): _("gave consent to see the recorded activities"),
    ("consent.record.withdraw", "change"): _("withdrew consent to record activities"),
    ("consent.view.withdraw", "change"): _("withdrew consent to see the recorded activities"),
    ("consent.partner.links", "view"): _("opened its list of linked students"),
    ("lrs.credential.create", "create"): _("made an xAPI key"),
    ("lrs.credential.rotate", "change"): _("gave an xAPI key a new secret"),
    ("lrs.credential.revoke", "change"): _("revoked an xAPI key"),
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
    # Students and guardians appear when they change consent (the consent app).
    if kind == "student":
        return str(_("Student"))
    if kind == "guardian":
        return str(_("Parent or carer"))
    return kind
