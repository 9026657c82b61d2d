"""The statements resource through HTTP: storing, reading, voiding, consent and bad input."""

import json
import uuid
from typing import Any

import pytest
from django.test import override_settings

from leerweg.consent.models import ActingAs, Purpose
from leerweg.consent.selectors import xapi_account_home_page
from leerweg.consent.services import consent_withdraw
from leerweg.consent.tests.factories import make_link
from leerweg.lrs.credentials import store_for_partner, store_for_school
from leerweg.lrs.models import Statement, StatementAgent
from leerweg.lrs.tests.xapi_client import Lrs
from leerweg.partners.tests.factories import PartnerOrganisationFactory
from leerweg.schools.tests.factories import SchoolFactory

VERB = "http://adlnet.gov/expapi/verbs/completed"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def statement(actor: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "actor": actor or {"mbox": "mailto:leerling@example.org", "name": "Leerling"},
        "verb": {"id": VERB, "display": {"nl-NL": "voltooide", "en-US": "completed"}},
        "object": {
            "id": "https://club.example/training/1",
            "definition": {"name": {"nl": "Training", "en": "Practice"}},
        },
        **extra,
    }


@pytest.fixture
def school_lrs(db) -> Lrs:
    return Lrs(store_for_school(SchoolFactory.create()))


def statements_of(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return json.loads(response.content)["statements"]


def test_post_stores_a_batch_and_returns_the_ids_in_order(school_lrs: Lrs) -> None:
    batch = [statement(), statement(id=str(uuid.uuid4()))]
    response = school_lrs.call("POST", "statements", {}, batch)
    assert response.status_code == 200
    ids = json.loads(response.content)
    assert len(ids) == 2 and ids[1] == batch[1]["id"]
    stored = json.loads(school_lrs.call("GET", "statements", {"statementId": ids[0]}).content)
    assert stored["authority"]["account"]["name"]
    assert stored["stored"] == stored["timestamp"]
    assert stored["version"] == "2.0.0"


def test_put_stores_under_the_given_id_and_a_repeat_is_no_conflict(school_lrs: Lrs) -> None:
    statement_id = str(uuid.uuid4())
    first = school_lrs.call("PUT", "statements", {"statementId": statement_id}, statement())
    again = school_lrs.call("PUT", "statements", {"statementId": statement_id}, statement())
    assert (first.status_code, again.status_code) == (204, 204)
    different = statement()
    different["verb"]["id"] = "http://adlnet.gov/expapi/verbs/passed"
    conflict = school_lrs.call("PUT", "statements", {"statementId": statement_id}, different)
    assert conflict.status_code == 409
    assert Statement.objects.count() == 1


def test_a_batch_with_one_bad_statement_stores_nothing(school_lrs: Lrs) -> None:
    bad = statement()
    bad["verb"] = {"id": "not an iri"}
    response = school_lrs.call("POST", "statements", {}, [statement(), bad])
    assert response.status_code == 400
    assert "verb" in json.loads(response.content)["message"]
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        (b"{not json", "application/json", "not valid JSON"),
        (b"[]", "application/json", "no statements"),
        (b"{}", "text/plain", "application/json"),
    ],
)
def test_bad_bodies_are_refused_with_a_message(
    school_lrs: Lrs, body: bytes, content_type: str, problem: str
) -> None:
    response = school_lrs.call("POST", "statements", {}, body, content_type=content_type)
    assert response.status_code == 400
    assert problem in json.loads(response.content)["message"]
    assert not Statement.objects.exists()


def test_duplicate_ids_in_one_batch_are_refused(school_lrs: Lrs) -> None:
    statement_id = str(uuid.uuid4())
    batch = [statement(id=statement_id), statement(id=statement_id)]
    response = school_lrs.call("POST", "statements", {}, batch)
    assert response.status_code == 400
    assert "twice" in json.loads(response.content)["message"]
    assert not Statement.objects.exists()


@override_settings(LEERWEG_XAPI_MAX_BODY_BYTES=1000)
def test_an_oversized_body_gets_413(school_lrs: Lrs) -> None:
    response = school_lrs.call("POST", "statements", {}, [statement()] * 20)
    assert response.status_code == 413
    assert not Statement.objects.exists()


def test_a_missing_or_unknown_version_header_is_refused(school_lrs: Lrs) -> None:
    del school_lrs.headers["HTTP_X_EXPERIENCE_API_VERSION"]
    assert school_lrs.call("POST", "statements", {}, statement()).status_code == 400
    school_lrs.headers["HTTP_X_EXPERIENCE_API_VERSION"] = "3.0.0"
    response = school_lrs.call("POST", "statements", {}, statement())
    assert response.status_code == 400
    assert "X-Experience-API-Version" in json.loads(response.content)["message"]


def test_wrong_credentials_get_401(school_lrs: Lrs) -> None:
    school_lrs.headers["HTTP_AUTHORIZATION"] = "Basic Zm9vOmJhcg=="
    response = school_lrs.call("GET", "statements", {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_filters_and_more_pages(school_lrs: Lrs) -> None:
    actor = {"mbox": "mailto:filter@example.org"}
    school_lrs.call("POST", "statements", {}, [statement(actor) for _ in range(3)])
    school_lrs.call("POST", "statements", {}, [statement()])
    first = json.loads(school_lrs.call("GET", "statements", {"agent": actor, "limit": 2}).content)
    assert len(first["statements"]) == 2
    following = school_lrs.follow(first["more"])
    rest = json.loads(following.content)
    assert len(rest["statements"]) == 1 and rest["more"] == ""
    by_verb = statements_of(school_lrs.call("GET", "statements", {"verb": VERB}))
    assert len(by_verb) == 4
    assert statements_of(school_lrs.call("GET", "statements", {"verb": VOIDED})) == []


def test_unknown_parameters_and_bad_filters_are_refused(school_lrs: Lrs) -> None:
    for params in ({"colour": "red"}, {"limit": "-1"}, {"since": "yesterday"}, {"agent": "{"}):
        assert school_lrs.call("GET", "statements", params).status_code == 400


def test_voiding_hides_the_statement_but_keeps_it_reachable(school_lrs: Lrs) -> None:
    target = str(uuid.uuid4())
    school_lrs.call("PUT", "statements", {"statementId": target}, statement())
    voiding = statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target})
    assert school_lrs.call("POST", "statements", {}, voiding).status_code == 200
    assert school_lrs.call("GET", "statements", {"statementId": target}).status_code == 404
    voided = school_lrs.call("GET", "statements", {"voidedStatementId": target})
    assert json.loads(voided.content)["id"] == target
    listed = [s["id"] for s in statements_of(school_lrs.call("GET", "statements", {}))]
    assert target not in listed and len(listed) == 1


def test_related_agents_finds_agents_in_the_context(school_lrs: Lrs) -> None:
    coach = {"mbox": "mailto:coach@example.org"}
    school_lrs.call("POST", "statements", {}, statement(context={"instructor": coach}))
    assert statements_of(school_lrs.call("GET", "statements", {"agent": coach})) == []
    related = school_lrs.call("GET", "statements", {"agent": coach, "related_agents": "true"})
    assert len(statements_of(related)) == 1
    # Only the instructor needs a side row: actor and authority have columns.
    assert list(StatementAgent.objects.values_list("ifi", flat=True)) == [
        "mbox:mailto:coach@example.org"
    ]
    stored = statements_of(school_lrs.call("GET", "statements", {}))[0]
    by_authority = {"agent": stored["authority"], "related_agents": "true"}
    assert len(statements_of(school_lrs.call("GET", "statements", by_authority))) == 1
    plain = school_lrs.call("GET", "statements", {"agent": stored["authority"]})
    assert statements_of(plain) == []


def test_one_school_never_reads_another_schools_statements(school_lrs: Lrs) -> None:
    other = Lrs(store_for_school(SchoolFactory.create()))
    ids = json.loads(other.call("POST", "statements", {}, statement()).content)
    assert statements_of(school_lrs.call("GET", "statements", {})) == []
    assert school_lrs.call("GET", "statements", {"statementId": ids[0]}).status_code == 404


class TestPartnerConsent:
    @pytest.fixture
    def setup(self, personas) -> tuple[Lrs, str, Any]:
        partner = personas.partner_organisation
        link = partner.student_links.get()
        return Lrs(store_for_partner(partner)), link.pseudonym, personas

    def about(self, pseudonym: str) -> dict[str, Any]:
        return statement({"account": {"homePage": xapi_account_home_page(), "name": pseudonym}})

    def test_a_consenting_students_statement_is_stored(self, setup) -> None:
        lrs, pseudonym, personas = setup
        response = lrs.call("POST", "statements", {}, self.about(pseudonym))
        assert response.status_code == 200
        assert Statement.objects.get().student == personas.student_record

    def test_without_consent_the_whole_batch_is_refused(self, setup) -> None:
        lrs, pseudonym, _ = setup
        batch = [self.about(pseudonym), self.about("someone-else")]
        response = lrs.call("POST", "statements", {}, batch)
        assert response.status_code == 403
        assert "consent" in json.loads(response.content)["message"]
        assert not Statement.objects.exists()

    def test_a_partner_cannot_write_about_an_email_address(self, setup) -> None:
        lrs, _, _ = setup
        assert lrs.call("POST", "statements", {}, statement()).status_code == 403

    def test_after_withdrawal_new_statements_are_refused(self, setup) -> None:
        lrs, pseudonym, personas = setup
        consent_withdraw(
            student=personas.student_record,
            partner=personas.partner_organisation,
            purposes=[Purpose.RECORD],
            withdrawn_by=personas.student,
            acting_as=ActingAs.STUDENT,
        )
        assert lrs.call("POST", "statements", {}, self.about(pseudonym)).status_code == 403
        assert not Statement.objects.exists()

    def test_reads_need_view_consent(self, setup) -> None:
        lrs, pseudonym, personas = setup
        lrs.call("POST", "statements", {}, self.about(pseudonym))
        assert len(statements_of(lrs.call("GET", "statements", {}))) == 1
        consent_withdraw(
            student=personas.student_record,
            partner=personas.partner_organisation,
            purposes=[Purpose.VIEW],
            withdrawn_by=personas.student,
            acting_as=ActingAs.STUDENT,
        )
        assert statements_of(lrs.call("GET", "statements", {})) == []

    def test_another_partner_never_sees_them(self, setup) -> None:
        lrs, pseudonym, personas = setup
        lrs.call("POST", "statements", {}, self.about(pseudonym))
        stranger = PartnerOrganisationFactory.create()
        make_link(personas.student_record, stranger, by=personas.student)
        other = Lrs(store_for_partner(stranger))
        assert statements_of(other.call("GET", "statements", {})) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"id": "not-a-uuid"}, "id"),
        ({"timestamp": "yesterday at noon"}, "timestamp"),
        ({"result": {"duration": "1 hour"}}, "result.duration"),
        ({"object": {"id": "no scheme here"}}, "object.id"),
        ({"actor": {"mbox": "leerling@example.org"}}, "actor.mbox"),
    ],
)
def test_invalid_values_are_refused_with_where_and_nothing_is_stored(
    school_lrs: Lrs, change: dict[str, Any], where: str
) -> None:
    response = school_lrs.call("POST", "statements", {}, [statement(), statement(**change)])
    assert response.status_code == 400
    assert json.loads(response.content)["message"].startswith(where)
    assert not Statement.objects.exists()


def test_a_crash_halfway_through_a_batch_stores_nothing(school_lrs: Lrs, monkeypatch) -> None:
    def crash(*args: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("leerweg.lrs.services._insert_related", crash)
    school_lrs.client.raise_request_exception = False
    response = school_lrs.call("POST", "statements", {}, [statement() for _ in range(5)])
    assert response.status_code == 500
    assert not Statement.objects.exists()
