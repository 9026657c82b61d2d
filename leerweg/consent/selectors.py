"""Reads about links and consent: for the consent pages, the partner portal and the LRS.

The LRS calls ``consenting_students``, ``consenting_student_ids``
(a subquery) and ``xapi_account_home_page``: each is at most one query.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.consent.models import ActingAs, ConsentGrant, LinkCode, PartnerLink, Purpose
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import Student

# --- For the LRS ------------------------------------------------------------------------------


def xapi_account_home_page() -> str:
    """The ``account.homePage`` of the student agents partners send (``name``: the pseudonym)."""
    return settings.LEERWEG_BASE_URL.rstrip("/") + "/partner/"


def has_consent(student_id: int, partner_id: int, purpose: str) -> bool:
    return ConsentGrant.objects.filter(
        student_id=student_id, partner_id=partner_id, purpose=purpose, withdrawn_at=None
    ).exists()


def _open_grant(purpose: str) -> Exists:
    return Exists(
        ConsentGrant.objects.filter(
            student_id=OuterRef("student_id"),
            partner_id=OuterRef("partner_id"),
            purpose=purpose,
            withdrawn_at=None,
        )
    )


def consenting_students(partner_id: int, pseudonyms: set[str], purpose: str) -> dict[str, int]:
    """Of these pseudonyms, those with an active link and open consent: pseudonym → student id.

    The LRS asks this for every statement batch a partner sends, so it is one
    plain SQL statement: building the same query with the ORM's ``Exists``
    costs more than running it.
    """
    if not pseudonyms:
        return {}
    placeholders = ", ".join(["%s"] * len(pseudonyms))
    sql = (
        f"SELECT link.pseudonym, link.student_id FROM {_table(PartnerLink)} link "  # noqa: S608 - names from the models, values as parameters
        f"WHERE link.partner_id = %s AND link.ended_at IS NULL "
        f"AND link.pseudonym IN ({placeholders}) AND EXISTS ("
        f"SELECT 1 FROM {_table(ConsentGrant)} grant_ WHERE grant_.student_id = link.student_id "
        f"AND grant_.partner_id = link.partner_id AND grant_.purpose = %s "
        f"AND grant_.withdrawn_at IS NULL)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [partner_id, *sorted(pseudonyms), purpose])
        return dict(cursor.fetchall())


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def consenting_student_ids(partner_id: int, purpose: str) -> QuerySet[ConsentGrant, int]:
    """Ids of students with an active link and open consent, as a subquery (``__in=``)."""
    active_link = PartnerLink.objects.filter(
        partner_id=partner_id, student_id=OuterRef("student_id"), ended_at=None
    )
    return (
        ConsentGrant.objects.filter(partner_id=partner_id, purpose=purpose, withdrawn_at=None)
        .filter(Exists(active_link))
        .values_list("student_id", flat=True)
    )


# --- For the pages ----------------------------------------------------------------------------


def links_of_partner(partner: PartnerOrganisation) -> QuerySet[PartnerLink]:
    """The partner's active links, each annotated ``may_record`` and ``may_view``."""
    return (
        PartnerLink.objects.filter(partner=partner, ended_at=None)
        .annotate(may_record=_open_grant(Purpose.RECORD), may_view=_open_grant(Purpose.VIEW))
        .select_related("student__school")
        .order_by("partner_label", "linked_at")
    )


def links_of_student(student: Student) -> QuerySet[PartnerLink]:
    """The student's active links, each annotated ``may_record`` and ``may_view``."""
    return (
        PartnerLink.objects.filter(student=student, ended_at=None)
        .annotate(may_record=_open_grant(Purpose.RECORD), may_view=_open_grant(Purpose.VIEW))
        .select_related("partner")
        .order_by("partner__name")
    )


@dataclass(frozen=True)
class LinkConsents:
    link: PartnerLink
    # (purpose, whether consent for it is open), in the order of ``Purpose``.
    consents: list[tuple[Purpose, bool]]


def consents_of_student(student: Student) -> list[LinkConsents]:
    """Per active link, which consents are open: for the student's page, in one query."""
    rows = []
    for link in links_of_student(student):
        open_now = {Purpose.RECORD: link.may_record, Purpose.VIEW: link.may_view}  # type: ignore[attr-defined]
        rows.append(LinkConsents(link, [(purpose, open_now[purpose]) for purpose in Purpose]))
    return rows


def open_codes_of_student(student: Student) -> QuerySet[LinkCode]:
    return (
        LinkCode.objects.filter(
            student=student,
            redeemed_at=None,
            cancelled_at=None,
            expires_at__gt=timezone.now(),
        )
        .select_related("partner", "created_by")
        .order_by("expires_at")
    )


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a student's consent history; ``event`` is a key the template words."""

    at: datetime
    event: str
    partner: PartnerOrganisation
    purpose: str = ""
    by: User | None = None
    acting_as: str = ""

    @property
    def purpose_label(self) -> str:
        return str(Purpose(self.purpose).label) if self.purpose else ""

    @property
    def acting_as_label(self) -> str:
        return str(ActingAs(self.acting_as).label) if self.acting_as else ""


def consent_history(student: Student) -> list[HistoryEntry]:
    """Every consent given or withdrawn and every link made or ended, newest first."""
    grants = ConsentGrant.objects.filter(student=student).select_related(
        "partner", "granted_by", "withdrawn_by"
    )
    links = PartnerLink.objects.filter(student=student).select_related("partner", "ended_by")
    entries: list[HistoryEntry] = []
    for grant in grants:
        entries.append(
            HistoryEntry(
                grant.granted_at,
                "given",
                grant.partner,
                grant.purpose,
                grant.granted_by,
                grant.granted_as,
            )
        )
        if grant.withdrawn_at is not None:
            entries.append(
                HistoryEntry(
                    grant.withdrawn_at,
                    "withdrawn",
                    grant.partner,
                    grant.purpose,
                    grant.withdrawn_by,
                    grant.withdrawn_as,
                )
            )
    for link in links:
        entries.append(HistoryEntry(link.linked_at, "linked", link.partner))
        if link.ended_at is not None:
            entries.append(
                HistoryEntry(link.ended_at, "ended", link.partner, "", link.ended_by, link.ended_as)
            )
    # A link and its consents share a moment; newest first, the link goes below them.
    order = {"linked": 0, "given": 1, "withdrawn": 2, "ended": 3}
    return sorted(entries, key=lambda entry: (entry.at, order[entry.event]), reverse=True)


def has_open_guardian_consent(student: Student) -> bool:
    """Whether consent a guardian gave (before the student turned 16) is still in force."""
    return ConsentGrant.objects.filter(
        student=student, withdrawn_at=None, granted_as=ActingAs.GUARDIAN
    ).exists()


def deciders_of(student: Student) -> list[User]:
    """Who decides about consent for ``student`` today: the student from 16, else guardians."""
    if student.decides_own_consent():
        return [student.user]
    return list(User.objects.filter(guardian_links__student=student).order_by("pk"))
