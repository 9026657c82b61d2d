"""``leerweg xapi_credential``: hand out an xAPI key and secret from the command line.

For installing a school's own learning tool or a partner without using the
pages, and for running the ADL conformance suite against this LRS.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leerweg.lrs.credentials import create_credential, store_for_partner, store_for_school
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import School


class Command(BaseCommand):
    help = "Create an xAPI credential for a school (by BRIN) or a partner (by name)."

    def add_arguments(self, parser: CommandParser) -> None:
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--school", help="The school's BRIN code.")
        owner.add_argument("--partner", help="The partner organisation's exact name.")
        parser.add_argument("--label", default="xAPI client", help="A name for the credential.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["school"]:
            school = School.objects.filter(brin=options["school"]).first()
            if school is None:
                raise CommandError(f"No school with BRIN {options['school']}.")
            store = store_for_school(school)
        else:
            partner = PartnerOrganisation.objects.filter(name=options["partner"]).first()
            if partner is None:
                raise CommandError(f"No partner organisation named {options['partner']!r}.")
            store = store_for_partner(partner)
        credential, secret = create_credential(store, options["label"], by=None)
        self.stdout.write(f"key:    {credential.key}\nsecret: {secret}")
