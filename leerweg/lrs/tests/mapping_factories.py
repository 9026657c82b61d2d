"""Rows for the URL matrix: a school's own mapping rule and a partner to validate with."""

from leerweg.lrs.models_mapping import StatementMapping
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import School

PLAYED = "https://muziekschool.example/verbs/speelde-voor"


def mapping_url_arguments(school: School, partner: PartnerOrganisation) -> dict[str, object]:
    rule = StatementMapping.objects.filter(school=school).first()
    if rule is None:
        rule = StatementMapping.objects.create(school=school, kind="verb", iri=PLAYED)
    return {"rule_id": rule.pk, "validating_partner_id": partner.public_id}
