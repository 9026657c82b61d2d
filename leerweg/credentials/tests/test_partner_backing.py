"""Plusdocument lines are partner-backed when a partner recorded or validated the activity."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas
from leerweg.activities.models import Activity, Setting, Source
from leerweg.credentials.documents.drawing import activity_lines
from leerweg.credentials.models import Backing, LineSource, Plusdocument
from leerweg.partners.tests.factories import PartnerOrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_validated_activity_is_backed_by_the_partner_named_on_it(personas: Personas):
    library = PartnerOrganisationFactory.create(name="Bibliotheek Tiel", kind="library")
    hockey = personas.activity
    hockey.partner = personas.partner_organisation
    hockey.partner_validated_by = personas.mentor
    hockey.partner_validated_at = timezone.now()
    hockey.save()
    Activity.objects.create(
        student=personas.student_record,
        title="Voorleeskampioen",
        setting=Setting.OUT_OF_SCHOOL,
        started_on=timezone.localdate() - timedelta(days=5),
        source=Source.PARTNER,
        partner=library,
    )
    document = Plusdocument(student=personas.student_record, at_leaving=True)
    lines = {line.text: line for line in activity_lines(document)}
    validated, recorded = lines["Hockeytraining"], lines["Voorleeskampioen"]
    assert (validated.source, validated.backing, validated.partner_name) == (
        LineSource.ACTIVITY,
        Backing.PARTNER,
        "VV De Toekomst",
    )
    assert (recorded.source, recorded.backing, recorded.partner_name) == (
        LineSource.PARTNER_ACTIVITY,
        Backing.PARTNER,
        "Bibliotheek Tiel",
    )


def test_an_activity_nobody_validated_stays_self_reported(personas: Personas):
    document = Plusdocument(student=personas.student_record, at_leaving=True)
    (line,) = activity_lines(document)
    assert (line.backing, line.partner_name) == (Backing.SELF_REPORTED, "")
