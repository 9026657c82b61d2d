"""Issuing signed credentials, allocating revocation bits, revoking (writes).

Subject identifier: a credential never names the student by the school's internal
id, their public id or their ECK iD, any of which would let holders of different
credentials link them to the student's school records. Each credential gets its own
``urn:uuid:`` (unlinkable between credentials), unless the student has given their
own DID, which they control and may choose to share.

Status indexes are spread over the list with a fixed odd multiplier taken from the
list's public id (a bijection modulo 2^17), so the index does not reveal how many
credentials the school issued before this one.
"""

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext
from leerweg.audit.models import AuditAction
from leerweg.credentials import signing
from leerweg.credentials.models import CredentialKind, IssuedCredential, IssuerKey, StatusList
from leerweg.credentials.trust import issuers
from leerweg.schools.models import School, Student
from leerweg.schools.services import students_access_record

LIST_LENGTH = signing.status_list.MINIMUM_BITS


def status_list_url(school: School, list_public_id: uuid.UUID) -> str:
    path = reverse(
        "credentials:status-list",
        kwargs={"school_id": school.public_id, "list_id": list_public_id},
    )
    return settings.LEERWEG_BASE_URL.rstrip("/") + path


def _spread(status_list: StatusList, position: int) -> int:
    raw = status_list.public_id.bytes
    multiplier = int.from_bytes(raw[:8]) | 1
    offset = int.from_bytes(raw[8:])
    return (position * multiplier + offset) % status_list.length


def _list_signing_key(status_list: StatusList) -> IssuerKey:
    """A ``did:key`` list keeps signing with its own key, a ``did:web`` list with the current."""
    if status_list.issuer_did.startswith("did:key:"):
        multibase = status_list.issuer_did.removeprefix("did:key:")
        return IssuerKey.objects.get(school=status_list.school_id, public_key_multibase=multibase)
    return issuers.issuer_key_current(status_list.school)


def _status_list_sign(status_list: StatusList) -> None:
    key = _list_signing_key(status_list)
    bits = signing.StatusList(status_list.length, bits=bytes(status_list.bits))
    now = timezone.now()
    unsigned = signing.status_list_credential_build(
        list_url=status_list.list_url,
        issuer_id=status_list.issuer_did,
        status_list=bits,
        valid_from=now,
    )
    signed = signing.document_sign(
        unsigned,
        private_key=issuers.private_key_of(key),
        verification_method=issuers.verification_method(status_list.issuer_did, key),
        created=now,
    )
    status_list.signed_json = signing_json(signed)
    status_list.save(update_fields=["signed_json", "bits", "next_index", "updated_at"])


def signing_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


StatusSlot = tuple[StatusList, int]


def status_slots_reserve(school: School, did: str, count: int) -> list[StatusSlot]:
    """``count`` free bits in lists of this issuer DID (new lists when all are full).

    Call it inside a transaction: a whole Plusdocument reserves its
    credentials' bits in one locked read and one write per list, instead of
    a read and a write for every credential.
    """
    slots: list[StatusSlot] = []
    while len(slots) < count:
        status_list = _list_with_room(school, did)
        taken = min(count - len(slots), status_list.length - status_list.next_index)
        first = status_list.next_index
        slots += [(status_list, _spread(status_list, first + n)) for n in range(taken)]
        status_list.next_index = first + taken
        status_list.save(update_fields=["next_index", "updated_at"])
    return slots


def _list_with_room(school: School, did: str) -> StatusList:
    # The bits and the signed list are not needed to hand out an index (and are large).
    status_list = (
        StatusList.objects.select_for_update()
        .defer("bits", "signed_json")
        .filter(school=school, issuer_did=did, next_index__lt=F("length"))
        .order_by("id")
        .first()
    )
    if status_list is None:
        public_id = uuid.uuid4()
        status_list = StatusList(
            public_id=public_id,
            school=school,
            issuer_did=did,
            list_url=status_list_url(school, public_id),
            length=LIST_LENGTH,
            bits=bytes(LIST_LENGTH // 8),
        )
        status_list.save()
        _status_list_sign(status_list)
    return status_list


def _achievement(data: Mapping[str, Any]) -> signing.Achievement:
    return signing.Achievement(
        id=str(data.get("id") or f"urn:uuid:{uuid.uuid4()}"),
        name=str(data.get("name", "")),
        description=str(data.get("description", "")),
        criteria_narrative=str(data.get("criteria", "")),
        achievement_type=str(data.get("achievement_type") or "Achievement"),
    )


def _evidence(item: signing.Evidence | Mapping[str, Any]) -> signing.Evidence:
    if isinstance(item, signing.Evidence):
        return item
    return signing.Evidence(
        name=str(item.get("name", "")),
        narrative=str(item.get("narrative", "")),
        description=str(item.get("description", "")),
        id=str(item.get("id", "")),
    )


def credential_issue(
    *,
    school: School,
    student: Student | None,
    achievement: Mapping[str, Any],
    subject_name: str,
    evidence: Iterable[signing.Evidence | Mapping[str, Any]],
    valid_from: datetime,
    kind: CredentialKind | str,
    subject_did: str = "",
    signing_key: IssuerKey | None = None,
    status_slot: StatusSlot | None = None,
) -> IssuedCredential:
    """Sign an Open Badges 3.0 credential with the school's current key and store it.

    ``achievement`` holds ``name``, ``description``, ``criteria`` (a narrative) and
    optionally ``id`` (an IRI) and ``achievement_type`` (Open Badges
    AchievementType, default ``Achievement``). Raises ``signing.BadgeDataError``
    (a ``ValueError``) for data Open Badges does not allow; nothing is stored then.
    ``signing_key``: the school's current key when the caller already holds it
    (a document signs many credentials at once). ``status_slot``: a bit the
    caller reserved with ``status_slots_reserve`` for this key's DID.
    """
    kind = CredentialKind(kind)
    if subject_did and not subject_did.startswith("did:"):
        raise signing.BadgeDataError("subject_did must be a DID")
    key = signing_key or issuers.issuer_key_current(school)
    if key.school_id != school.pk or key.retired_at is not None:
        raise ValueError("sign only with the school's current key")
    did = issuers.issuer_did(school, key)
    public_id = uuid.uuid4()
    now = timezone.now()
    # A caller that reserved the slot is issuing a whole document, which an
    # error aborts anyway: no savepoint of its own then saves each of its
    # dozen credentials two round trips. Alone, a failure leaves the caller's
    # transaction usable.
    with transaction.atomic(savepoint=status_slot is None):
        status_list, index = status_slot or status_slots_reserve(school, did, 1)[0]
        unsigned = signing.open_badge_credential_build(
            credential_id=f"urn:uuid:{public_id}",
            name=str(achievement.get("name", "")),
            issuer=issuers.issuer_profile(school, did),
            achievement=_achievement(achievement),
            valid_from=valid_from,
            subject_id=subject_did or f"urn:uuid:{uuid.uuid4()}",
            evidence=[_evidence(item) for item in evidence],
            credential_status=signing.status_entry(list_url=status_list.list_url, index=index),
        )
        signed = signing.document_sign(
            unsigned,
            private_key=issuers.private_key_of(key),
            verification_method=issuers.verification_method(did, key),
            created=now,
        )
        return IssuedCredential.objects.create(
            public_id=public_id,
            school=school,
            student=student,
            kind=kind,
            name=unsigned["name"][:300],
            subject_name=subject_name[:200],
            issuer_did=did,
            signed_json=signing_json(signed),
            status_list=status_list,
            status_index=index,
            issued_at=now,
        )


def _status_set(issued: IssuedCredential, *, revoked: bool) -> None:
    status_list = StatusList.objects.select_for_update().get(pk=issued.status_list_id)
    # Bit i is bit (7 - i % 8) of byte i // 8, as in the Bitstring Status List.
    bits = bytearray(bytes(status_list.bits))
    mask = 0x80 >> (issued.status_index % 8)
    if revoked:
        bits[issued.status_index // 8] |= mask
    else:
        bits[issued.status_index // 8] &= ~mask & 0xFF
    status_list.bits = bytes(bits)
    _status_list_sign(status_list)


@transaction.atomic
def credential_revoke(
    *, issued: IssuedCredential, user: User, role: RoleContext, reason: str
) -> IssuedCredential:
    """Revoke a credential: its bit in the status list is set and the list re-signed."""
    issued = IssuedCredential.objects.select_for_update().get(pk=issued.pk)
    if issued.revoked_at is None:
        _status_set(issued, revoked=True)
        issued.revoked_at = timezone.now()
        issued.revoked_reason = reason.strip()[:500]
        issued.revoked_by = user
        issued.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        _audit(issued, user=user, role=role, what="credentials.credential.revoke")
    return issued


@transaction.atomic
def credential_unrevoke(
    *, issued: IssuedCredential, user: User, role: RoleContext
) -> IssuedCredential:
    """Undo a revocation (a mistake): the bit is cleared and the list re-signed."""
    issued = IssuedCredential.objects.select_for_update().get(pk=issued.pk)
    if issued.revoked_at is not None:
        _status_set(issued, revoked=False)
        issued.revoked_at = None
        issued.revoked_reason = ""
        issued.revoked_by = None
        issued.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        _audit(issued, user=user, role=role, what="credentials.credential.unrevoke")
    return issued


def _audit(issued: IssuedCredential, *, user: User, role: RoleContext, what: str) -> None:
    if issued.student is not None:
        students_access_record(
            user=user, role=role, students=[issued.student], what=what, action=AuditAction.CHANGE
        )
