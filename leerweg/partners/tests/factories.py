import factory

from leerweg.partners.models import PartnerOrganisation, PartnerUser


class PartnerOrganisationFactory(factory.django.DjangoModelFactory[PartnerOrganisation]):
    class Meta:
        model = PartnerOrganisation

    name = factory.Sequence(lambda n: f"Sportclub {n}")
    kind = "sport"
    region = "Utrecht"


def make_partner_user(user, organisation: PartnerOrganisation) -> PartnerUser:
    return PartnerUser.objects.create(user=user, organisation=organisation)
