"""Links and consents for tests, written directly: no code, no notification, no audit line."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.consent.codes import code_digest, new_pseudonym
from leerweg.consent.models import ActingAs, ConsentGrant, LinkCode, PartnerLink, Purpose
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import Student

BOTH_PURPOSES = (Purpose.RECORD, Purpose.VIEW)


def make_link(
    student: Student,
    partner: PartnerOrganisation,
    *,
    by: User,
    acting_as: ActingAs = ActingAs.STUDENT,
    purposes: Iterable[str] = BOTH_PURPOSES,
    label: str = "Lid 1042",
) -> PartnerLink:
    """An active link of ``partner`` to ``student`` with open consent for ``purposes``."""
    now = timezone.now()
    link = PartnerLink.objects.create(
        student=student,
        partner=partner,
        pseudonym=new_pseudonym(),
        partner_label=label,
        linked_at=now,
    )
    ConsentGrant.objects.bulk_create(
        ConsentGrant(
            student=student,
            partner=partner,
            purpose=purpose,
            granted_at=now,
            granted_by=by,
            granted_as=acting_as,
        )
        for purpose in purposes
    )
    return link


# The code of the open link code the URL matrix redeems; only its digest is stored.
MATRIX_CODE = "KDF47QPX"


def consent_url_arguments(
    student: Student, linked: PartnerOrganisation, other_partner_user: User
) -> dict[str, object]:
    """For the URL matrix: the partners by public id, and an open code of the other partner.

    ``linked`` is linked to ``student`` (in the personas); ``other_partner_user``'s
    organisation is not, and the code lets it link itself.
    """
    other = other_partner_user.partner_memberships.get().organisation
    code = LinkCode.objects.filter(student=student, partner=other).first()
    if code is None:
        code = LinkCode.objects.create(
            student=student,
            partner=other,
            digest=code_digest(MATRIX_CODE, settings.SECRET_KEY),
            purposes=[Purpose.RECORD],
            created_by=student.user,
            created_as=ActingAs.STUDENT,
            expires_at=timezone.now() + timedelta(days=14),
        )
    return {
        "linked_partner_id": str(linked.public_id),
        "unlinked_partner_id": str(other.public_id),
        "link_code_id": str(code.public_id),
        "link_code": MATRIX_CODE,
    }
