"""Who hands out, rotates and revokes the xAPI credentials of a store.

- A partner organisation's users keep the credentials of its store: what the
  partner records about students who consented.
- A school's leaders and administrators keep the credentials of the school's
  store, for the school's own learning tools. Other staff do not: a credential
  writes in the name of the whole school.
- The two are different authorities: a school role never reaches a partner's
  store, nor a partner role a school's. Another organisation's credential
  gives the same 404 as one that does not exist.
"""

from uuid import UUID

from django.db.models import Q, QuerySet

from leerweg.accounts.decorators import role_required
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.lrs.credentials import store_for_partner, store_for_school
from leerweg.lrs.models import Credential, Store
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import School, StaffRole

CREDENTIAL_ROLES = (StaffRole.SCHOOL_LEADER, StaffRole.SCHOOL_ADMIN)

# The credential pages: any other role gets a 403.
credential_keeper_required = role_required(
    RoleKind.PARTNER, RoleKind.STAFF, staff_roles=CREDENTIAL_ROLES
)


def keeps_credentials(role: RoleContext) -> bool:
    if role.kind is RoleKind.PARTNER:
        return bool(role.partner_id)
    return role.has_staff_role(*CREDENTIAL_ROLES)


def _own_stores(role: RoleContext) -> Q:
    if role.kind is RoleKind.PARTNER:
        return Q(store__partner_id=role.partner_id, store__school__isnull=True)
    return Q(store__school_id=role.school_id, store__partner__isnull=True)


def credentials_of(role: RoleContext) -> QuerySet[Credential]:
    """The credentials of the store ``role`` keeps, newest first; none for anyone else."""
    if not keeps_credentials(role):
        return Credential.objects.none()
    return (
        Credential.objects.filter(_own_stores(role))
        .select_related("created_by", "revoked_by")
        .order_by("-created_at", "-id")
    )


def access_credential(role: RoleContext, public_id: UUID) -> Credential:
    credential = (
        credentials_of(role).filter(public_id=public_id).select_related("store__school").first()
    )
    if credential is None:
        raise NotFoundOrNotYours
    return credential


def store_kept_by(role: RoleContext) -> Store:
    """The store ``role`` hands out credentials for, made on first use."""
    if role.kind is RoleKind.PARTNER and keeps_credentials(role):
        return store_for_partner(PartnerOrganisation.objects.get(pk=role.partner_id))
    if keeps_credentials(role):
        return store_for_school(School.objects.get(pk=role.school_id))
    raise NotFoundOrNotYours


def owner_name(role: RoleContext) -> str:
    """The name of the organisation whose credentials ``role`` keeps."""
    if role.kind is RoleKind.PARTNER:
        model: type[PartnerOrganisation] | type[School] = PartnerOrganisation
        pk = role.partner_id
    else:
        model, pk = School, role.school_id
    return model.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
