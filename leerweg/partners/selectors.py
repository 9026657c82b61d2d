from django.db.models import QuerySet
from django.utils.translation import gettext as _

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.partners.models import PartnerOrganisation, PartnerUser


def partner_role_contexts(user: User) -> list[RoleContext]:
    memberships = PartnerUser.objects.filter(user=user).select_related("organisation")
    return [
        RoleContext(
            kind=RoleKind.PARTNER,
            label=_("Partner · %(organisation)s") % {"organisation": m.organisation.name},
            partner_id=m.organisation_id,
        )
        for m in memberships.order_by("organisation__name")
    ]


def partner_with_members(partner_id: int) -> PartnerOrganisation | None:
    return (
        PartnerOrganisation.objects.filter(pk=partner_id).prefetch_related("members__user").first()
    )


def partner_list() -> QuerySet[PartnerOrganisation]:
    return PartnerOrganisation.objects.order_by("name")
