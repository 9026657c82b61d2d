"""Writes for links and consent. Each runs in a transaction and writes the audit trail.

Whoever calls these has checked who decides (``access.deciding_as``) and
passes that capacity in as ``acting_as``; partners only redeem codes.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from leerweg.accounts.models import User
from leerweg.audit.models import AuditAction
from leerweg.audit.services import audit_record
from leerweg.consent.codes import code_digest, new_code, new_pseudonym, normalise_code
from leerweg.consent.models import (
    LABEL_MAX_LENGTH,
    ActingAs,
    ConsentGrant,
    LinkCode,
    PartnerLink,
    Purpose,
    RedemptionFailure,
)
from leerweg.consent.selectors import deciders_of
from leerweg.notifications.models import NotificationKind
from leerweg.notifications.services import notification_send
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import Student

CODE_VALID_FOR = timedelta(days=14)
# Wrong codes a partner user may type per window before being stopped for a while.
MAX_FAILED_REDEMPTIONS = 10
FAILED_REDEMPTION_WINDOW = timedelta(hours=1)

LINKED_TITLE_STUDENT = gettext_noop("%(partner)s has used your link code and is now linked to you")
LINKED_TITLE_GUARDIAN = gettext_noop(
    "%(partner)s has used the link code for %(name)s and is now linked"
)


class UnusableCodeError(Exception):
    """A code that cannot be redeemed; ``message`` says why, for the partner."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _audit(
    *, actor: User, actor_role: str, student: Student, action: AuditAction, what: str
) -> None:
    audit_record(
        actor=actor,
        actor_role=actor_role,
        action=action,
        what=what,
        subjects=[(student.public_id, student.school.public_id)],
    )


def code_key() -> str:
    return settings.SECRET_KEY


# --- Link codes -------------------------------------------------------------------------------


@transaction.atomic
def link_code_create(
    *,
    student: Student,
    partner: PartnerOrganisation,
    purposes: Iterable[str],
    created_by: User,
    acting_as: ActingAs,
) -> tuple[LinkCode, str]:
    """A new code for ``partner`` to link itself to ``student``; returns it with the code.

    The code is returned once and not kept. An older open code for the same
    partner is cancelled: one paper with a code in circulation is enough.
    """
    wanted = sorted({Purpose(purpose).value for purpose in purposes})
    if PartnerLink.objects.filter(student=student, partner=partner, ended_at=None).exists():
        raise ValidationError(
            _("%(partner)s is already linked. Change the consent below instead.")
            % {"partner": partner.name}
        )
    now = timezone.now()
    LinkCode.objects.filter(
        student=student, partner=partner, redeemed_at=None, cancelled_at=None
    ).update(cancelled_at=now)
    code = new_code()
    link_code = LinkCode.objects.create(
        student=student,
        partner=partner,
        digest=code_digest(code, code_key()),
        purposes=wanted,
        created_by=created_by,
        created_as=acting_as,
        expires_at=now + CODE_VALID_FOR,
    )
    _audit(
        actor=created_by,
        actor_role=acting_as,
        student=student,
        action=AuditAction.CREATE,
        what="consent.link_code",
    )
    return link_code, code


@transaction.atomic
def link_code_cancel(*, code: LinkCode, cancelled_by: User, acting_as: ActingAs) -> bool:
    """Cancel an open code; False if it was already used, cancelled or expired."""
    changed = LinkCode.objects.filter(
        pk=code.pk, redeemed_at=None, cancelled_at=None, expires_at__gt=timezone.now()
    ).update(cancelled_at=timezone.now())
    if changed:
        _audit(
            actor=cancelled_by,
            actor_role=acting_as,
            student=code.student,
            action=AuditAction.CHANGE,
            what="consent.link_code.cancel",
        )
    return bool(changed)


def redemption_blocked_until(user: User) -> datetime | None:
    """When ``user`` may try codes again, if they typed too many wrong ones lately."""
    since = timezone.now() - FAILED_REDEMPTION_WINDOW
    recent = list(
        RedemptionFailure.objects.filter(user=user, attempted_at__gt=since)
        .order_by("-attempted_at")
        .values_list("attempted_at", flat=True)[:MAX_FAILED_REDEMPTIONS]
    )
    if len(recent) < MAX_FAILED_REDEMPTIONS:
        return None
    return recent[-1] + FAILED_REDEMPTION_WINDOW


def link_code_redeem(
    *, partner: PartnerOrganisation, typed_code: str, label: str, redeemed_by: User
) -> PartnerLink:
    """Link ``partner`` to the student of the code, with the consents the code carries.

    Raises ``ValidationError`` with a message for the partner when the code
    cannot be used. Every failed code counts towards the limit on guessing;
    the failure is stored outside the transaction that is rolled back.
    """
    blocked_until = redemption_blocked_until(redeemed_by)
    if blocked_until is not None:
        raise ValidationError(
            _("Too many codes that did not work. You can try again after %(time)s.")
            % {"time": timezone.localtime(blocked_until).strftime("%H:%M")}
        )
    label = label.strip()
    if not label or len(label) > LABEL_MAX_LENGTH:
        raise ValidationError(
            _("Give a name or number by which your organisation knows the student.")
        )
    try:
        return _redeem(partner=partner, typed_code=typed_code, label=label, redeemed_by=redeemed_by)
    except UnusableCodeError as refusal:
        RedemptionFailure.objects.create(user=redeemed_by)
        raise ValidationError(refusal.message) from None


@transaction.atomic
def _redeem(
    *, partner: PartnerOrganisation, typed_code: str, label: str, redeemed_by: User
) -> PartnerLink:
    code = _usable_code(partner, typed_code)
    student = code.student
    if PartnerLink.objects.filter(student=student, partner=partner, ended_at=None).exists():
        raise UnusableCodeError(_("This student is already linked to your organisation."))
    now = timezone.now()
    link = PartnerLink.objects.create(
        student=student,
        partner=partner,
        pseudonym=_free_pseudonym(partner),
        partner_label=label,
        linked_at=now,
        linked_by=redeemed_by,
    )
    code.redeemed_at, code.redeemed_by, code.link = now, redeemed_by, link
    code.save(update_fields=["redeemed_at", "redeemed_by", "link"])
    for purpose in code.purposes:
        _grant(student, partner, purpose, code.created_by, ActingAs(code.created_as), at=now)
    _audit(
        actor=redeemed_by,
        actor_role="partner",
        student=student,
        action=AuditAction.CREATE,
        what="consent.link",
    )
    _notify_linked(student, partner)
    return link


def _usable_code(partner: PartnerOrganisation, typed_code: str) -> LinkCode:
    normal = normalise_code(typed_code)
    if normal is None:
        raise UnusableCodeError(_("A link code has 8 letters and digits, such as KDF4-7QPX."))
    code = (
        LinkCode.objects.select_for_update(of=("self",))
        .select_related("student__school", "student__user", "created_by")
        .filter(digest=code_digest(normal, code_key()), partner=partner)
        .first()
    )
    # A code for another partner is, to this partner, a code that does not exist.
    if code is None:
        raise UnusableCodeError(_("This code is not known. Check it and try again."))
    if code.redeemed_at is not None or code.cancelled_at is not None:
        raise UnusableCodeError(_("This code has already been used or was cancelled."))
    if code.expires_at <= timezone.now():
        raise UnusableCodeError(
            _("This code has expired. Ask the student or their parent for a new one.")
        )
    return code


def _free_pseudonym(partner: PartnerOrganisation) -> str:
    for _attempt in range(5):
        pseudonym = new_pseudonym()
        if not PartnerLink.objects.filter(partner=partner, pseudonym=pseudonym).exists():
            return pseudonym
    raise RuntimeError("No free pseudonym after five tries: the random source is broken.")


def _notify_linked(student: Student, partner: PartnerOrganisation) -> None:
    link = reverse("consent:student", args=[student.public_id])
    for decider in deciders_of(student):
        if decider.pk == student.user_id:
            title, params = LINKED_TITLE_STUDENT, {"partner": partner.name}
        else:
            title = LINKED_TITLE_GUARDIAN
            params = {"partner": partner.name, "name": student.user.first_name}
        notification_send(
            recipient=decider, kind=NotificationKind.OTHER, title=title, params=params, link=link
        )


# --- Consent ----------------------------------------------------------------------------------


def _grant(
    student: Student,
    partner: PartnerOrganisation,
    purpose: str,
    by: User | None,
    acting_as: ActingAs,
    at: datetime,
) -> ConsentGrant:
    existing = ConsentGrant.objects.filter(
        student=student, partner=partner, purpose=purpose, withdrawn_at=None
    ).first()
    if existing is not None:
        return existing
    return ConsentGrant.objects.create(
        student=student,
        partner=partner,
        purpose=Purpose(purpose),
        granted_at=at,
        granted_by=by,
        granted_as=acting_as,
    )


@transaction.atomic
def consent_give(
    *, link: PartnerLink, purpose: str, given_by: User, acting_as: ActingAs
) -> ConsentGrant:
    """Give consent to a linked partner for one purpose; giving it twice changes nothing."""
    if not PartnerLink.objects.filter(pk=link.pk, ended_at=None).exists():
        raise ValidationError(_("This organisation is no longer linked."))
    open_grants = ConsentGrant.objects.filter(
        student=link.student, partner=link.partner, purpose=purpose, withdrawn_at=None
    )
    if (already := open_grants.first()) is not None:
        return already
    try:
        with transaction.atomic():
            grant = _grant(
                link.student, link.partner, purpose, given_by, acting_as, at=timezone.now()
            )
    except IntegrityError:  # given at the same moment in another tab
        return open_grants.get()
    _audit(
        actor=given_by,
        actor_role=acting_as,
        student=link.student,
        action=AuditAction.CREATE,
        what=f"consent.{purpose}.give",
    )
    return grant


@transaction.atomic
def consent_withdraw(
    *,
    student: Student,
    partner: PartnerOrganisation,
    purposes: Iterable[str],
    withdrawn_by: User,
    acting_as: ActingAs,
) -> int:
    """Close the open consents for these purposes; the rows stay as history. Returns how many."""
    wanted = [Purpose(purpose).value for purpose in purposes]
    open_grants = ConsentGrant.objects.filter(
        student=student, partner=partner, purpose__in=wanted, withdrawn_at=None
    )
    closed_purposes = list(open_grants.values_list("purpose", flat=True))
    open_grants.update(
        withdrawn_at=timezone.now(), withdrawn_by=withdrawn_by, withdrawn_as=acting_as
    )
    for purpose in closed_purposes:
        _audit(
            actor=withdrawn_by,
            actor_role=acting_as,
            student=student,
            action=AuditAction.CHANGE,
            what=f"consent.{purpose}.withdraw",
        )
    return len(closed_purposes)


@transaction.atomic
def partner_link_end(*, link: PartnerLink, ended_by: User, acting_as: ActingAs) -> bool:
    """End a link and withdraw every consent for its partner; False if it had already ended."""
    changed = PartnerLink.objects.filter(pk=link.pk, ended_at=None).update(
        ended_at=timezone.now(), ended_by=ended_by, ended_as=acting_as
    )
    if not changed:
        return False
    consent_withdraw(
        student=link.student,
        partner=link.partner,
        purposes=[purpose.value for purpose in Purpose],
        withdrawn_by=ended_by,
        acting_as=acting_as,
    )
    _audit(
        actor=ended_by,
        actor_role=acting_as,
        student=link.student,
        action=AuditAction.CHANGE,
        what="consent.link.end",
    )
    return True
