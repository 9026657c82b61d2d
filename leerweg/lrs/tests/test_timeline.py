"""Stored partner statements become timeline activities; voided ones leave the timeline."""

import uuid
from typing import Any

import pytest

from conftest import Personas
from leerweg.activities.models import Activity
from leerweg.consent.models import PartnerLink
from leerweg.consent.selectors import xapi_account_home_page
from leerweg.lrs.auth import Caller, authority_for
from leerweg.lrs.mapping import VERB
from leerweg.lrs.models import Credential, Statement, Store
from leerweg.lrs.models_mapping import StatementMapping
from leerweg.lrs.services import store_statements
from leerweg.lrs.timeline import Recorder, remove_voided, school_rules_for_students, sync_timeline
from leerweg.lrs.xapi.versions import XapiVersion

pytestmark = pytest.mark.django_db

ADL = "http://adlnet.gov/expapi/verbs/"


def partner_caller(personas: Personas) -> Caller:
    store = Store.objects.create(partner=personas.partner_organisation)
    credential = Credential.objects.create(
        store=store, label="Ledenadministratie", key="club-key", secret_digest="0" * 64
    )
    return Caller(
        credential_id=credential.pk,
        store_id=store.pk,
        partner_id=personas.partner_organisation.pk,
        authority=authority_for(credential),
        partner_name=personas.partner_organisation.name,
        partner_kind=personas.partner_organisation.kind,
    )


def about_sanne(personas: Personas, verb: str = "completed", **extra: object) -> dict[str, Any]:
    pseudonym = PartnerLink.objects.get(student=personas.student_record).pseudonym
    return {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": xapi_account_home_page(), "name": pseudonym},
        },
        "verb": {"id": ADL + verb, "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": "https://toekomst.example/activiteiten/toernooi",
            "definition": {
                "name": {"nl-NL": "Zaalvoetbaltoernooi"},
                "type": "http://adlnet.gov/expapi/activities/meeting",
            },
        },
        "timestamp": "2024-03-09T10:00:00Z",
        **extra,
    }


def voiding(statement: dict[str, object], statement_id: str = "") -> dict[str, object]:
    """A statement voiding ``statement`` (about the same student, as a partner must send it)."""
    return {
        "actor": statement["actor"],
        "verb": {"id": ADL + "voided", "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": statement_id or statement["id"]},
    }


def test_a_stored_statement_appears_on_the_timeline(personas: Personas):
    caller = partner_caller(personas)
    statement = about_sanne(personas)
    store_statements(caller, XapiVersion.V1_0_3, [statement], {})
    activity = Activity.objects.get(statement_id=statement["id"])
    assert activity.student == personas.student_record
    assert activity.partner == personas.partner_organisation
    assert (activity.title, activity.source, activity.organisation) == (
        "Zaalvoetbaltoernooi",
        "partner",
        "VV De Toekomst",
    )
    assert activity.area == "sport"
    assert activity.skills == ["collaborating", "communicating"]


def test_statements_not_for_the_timeline_are_stored_but_not_shown(personas: Personas):
    caller = partner_caller(personas)
    statement = about_sanne(personas, verb="launched")
    store_statements(caller, XapiVersion.V1_0_3, [statement], {})
    assert Statement.objects.filter(statement_id=statement["id"]).exists()
    assert not Activity.objects.filter(statement_id=statement["id"]).exists()


def test_sending_the_same_statement_again_adds_nothing(personas: Personas):
    caller = partner_caller(personas)
    statement = about_sanne(personas)
    store_statements(caller, XapiVersion.V1_0_3, [statement], {})
    store_statements(caller, XapiVersion.V1_0_3, [dict(statement)], {})
    assert Activity.objects.filter(statement_id=statement["id"]).count() == 1


def test_a_voided_statement_leaves_the_timeline(personas: Personas):
    caller = partner_caller(personas)
    statement = about_sanne(personas)
    store_statements(caller, XapiVersion.V1_0_3, [statement], {})
    assert Activity.objects.filter(statement_id=statement["id"]).exists()
    store_statements(caller, XapiVersion.V1_0_3, [voiding(statement)], {})
    assert not Activity.objects.filter(statement_id=statement["id"]).exists()


def test_a_statement_voided_in_its_own_batch_never_appears(personas: Personas):
    caller = partner_caller(personas)
    statement = about_sanne(personas)
    store_statements(
        caller,
        XapiVersion.V1_0_3,
        [statement, voiding(statement, str(statement["id"]).upper())],
        {},
    )
    assert not Activity.objects.filter(statement_id=statement["id"]).exists()


def test_the_schools_own_rule_decides(personas: Personas):
    StatementMapping.objects.create(
        school=personas.school, kind=VERB, iri=ADL + "completed", on_timeline=False
    )
    caller = partner_caller(personas)
    statement = about_sanne(personas)
    store_statements(caller, XapiVersion.V1_0_3, [statement], {})
    assert not Activity.objects.filter(statement_id=statement["id"]).exists()


def recorder(personas: Personas) -> Recorder:
    partner = personas.partner_organisation
    return Recorder(id=partner.pk, name=partner.name, kind=partner.kind)


def test_rules_load_in_one_query_and_a_batch_takes_two(
    personas: Personas, django_assert_num_queries
):
    StatementMapping.objects.create(
        school=personas.school, kind=VERB, iri=ADL + "launched", area="music"
    )
    with django_assert_num_queries(1):
        rules = school_rules_for_students([personas.student_record.pk])
    assert rules[personas.student_record.pk][(VERB, ADL + "launched")].area == "music"
    batch = [(personas.student_record.pk, about_sanne(personas)) for _ in range(10)]
    with django_assert_num_queries(2):
        sync_timeline(recorder(personas), batch)
    assert Activity.objects.filter(source="partner").count() == 10


def test_remove_voided_keeps_other_partners_activities(personas: Personas):
    statement = about_sanne(personas)
    sync_timeline(recorder(personas), [(personas.student_record.pk, statement)])
    remove_voided([str(statement["id"])], partner_id=personas.partner_organisation.pk + 1000)
    assert Activity.objects.filter(statement_id=statement["id"]).exists()
    remove_voided([str(statement["id"])], partner_id=personas.partner_organisation.pk)
    assert not Activity.objects.filter(statement_id=statement["id"]).exists()
