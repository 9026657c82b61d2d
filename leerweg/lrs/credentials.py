"""Handing out, rotating and revoking xAPI credentials.

A credential gives a learning tool (a school's own) or a partner's system
access to one store. Only a digest of the secret is kept: the secret is shown
once, on the answer to the request that made it. Rotating keeps the key, so
the statements' ``authority`` stays the same, and replaces the secret: the old
one stops working with the same commit. A revoked credential stays revoked.

People who hand out credentials in a role are written to the audit trail,
with the credential's public id in the place of a student (nothing here is
about one student) and the school for a school's store.
"""

from django.db import transaction
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext
from leerweg.audit.models import AuditAction
from leerweg.audit.services import audit_record
from leerweg.lrs.auth import new_key, new_secret, secret_digest
from leerweg.lrs.models import Credential, Store
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import School
from leerweg.schools.services import role_audit_label

# Enough for every tool a school or partner runs; a bound, so a script gone
# wrong cannot fill the table.
MAX_ACTIVE_CREDENTIALS = 25


class CredentialLimitError(Exception):
    """The store already has ``MAX_ACTIVE_CREDENTIALS`` credentials that work."""


class CredentialRevokedError(Exception):
    """A revoked credential cannot be rotated: it stays revoked."""


def store_for_school(school: School) -> Store:
    return Store.objects.get_or_create(school=school)[0]


def store_for_partner(partner: PartnerOrganisation) -> Store:
    return Store.objects.get_or_create(partner=partner)[0]


@transaction.atomic
def create_credential(
    store: Store, label: str, by: User | None, *, role: RoleContext | None = None
) -> tuple[Credential, str]:
    """A new key and secret. The secret is returned once and never stored."""
    # Locking the store makes the count and the insert one step.
    Store.objects.select_for_update().filter(pk=store.pk).first()
    active = Credential.objects.filter(store=store, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_CREDENTIALS:
        raise CredentialLimitError
    secret = new_secret()
    credential = Credential.objects.create(
        store=store,
        label=label,
        key=new_key(),
        secret_digest=secret_digest(secret),
        created_by=by,
    )
    _audit(credential, by, role, AuditAction.CREATE, "lrs.credential.create")
    return credential, secret


@transaction.atomic
def revoke_credential(
    credential: Credential, by: User | None, *, role: RoleContext | None = None
) -> bool:
    """Revoke ``credential``; False when it was already revoked (nothing changes then)."""
    changed = Credential.objects.filter(pk=credential.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    credential.refresh_from_db(fields=["revoked_at", "revoked_by"])
    if changed:
        _audit(credential, by, role, AuditAction.CHANGE, "lrs.credential.revoke")
    return bool(changed)


@transaction.atomic
def rotate_credential(
    credential: Credential, by: User | None, *, role: RoleContext | None = None
) -> tuple[Credential, str]:
    """Give ``credential`` a new secret under the same key; the old secret fails at once."""
    secret = new_secret()
    changed = Credential.objects.filter(pk=credential.pk, revoked_at__isnull=True).update(
        secret_digest=secret_digest(secret)
    )
    if not changed:
        raise CredentialRevokedError
    credential.refresh_from_db(fields=["secret_digest"])
    _audit(credential, by, role, AuditAction.CHANGE, "lrs.credential.rotate")
    return credential, secret


def _audit(
    credential: Credential,
    by: User | None,
    role: RoleContext | None,
    action: AuditAction,
    what: str,
) -> None:
    # The command line and the benchmarks act without a person or role.
    if by is None or role is None:
        return
    school = credential.store.school
    audit_record(
        actor=by,
        actor_role=role_audit_label(role),
        action=action,
        what=what,
        subjects=[(credential.public_id, school.public_id if school else None)],
    )
