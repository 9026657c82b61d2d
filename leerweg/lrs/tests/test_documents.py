"""The document resources, /xapi/activities and /xapi/agents, through HTTP."""

import base64
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from leerweg.lrs.models import ActivityDefinition, Document, Statement, Store
from leerweg.lrs.services import activity_key
from leerweg.lrs.tests.xapi_client import Lrs
from leerweg.lrs.xapi.indexing import agent_ifi
from leerweg.schools.tests.factories import SchoolFactory

ACTIVITY = "http://example.com/activities/bees"
AGENT = {"objectType": "Agent", "mbox": "mailto:sanne@example.com"}
OTHER_AGENT = {"objectType": "Agent", "account": {"homePage": "http://example.com", "name": "d"}}


def new_store() -> Store:
    return Store.objects.create(school=SchoolFactory.create())


@pytest.fixture
def lrs(db) -> Lrs:
    return Lrs(new_store())


@pytest.fixture
def lrs_103(db) -> Lrs:
    return Lrs(new_store(), version="1.0.3")


def state(state_id: str = "s1", **extra: Any) -> dict[str, Any]:
    return {"activityId": ACTIVITY, "agent": AGENT, "stateId": state_id, **extra}


def activity_profile(profile_id: str = "p1") -> dict[str, Any]:
    return {"activityId": ACTIVITY, "profileId": profile_id}


def agent_profile(profile_id: str = "p1") -> dict[str, Any]:
    return {"agent": AGENT, "profileId": profile_id}


PROFILES = [("activities/profile", activity_profile), ("agents/profile", agent_profile)]
ALL_RESOURCES = [("activities/state", state), *PROFILES]


class TestStoringAndReading:
    @pytest.mark.django_db
    @pytest.mark.parametrize(("path", "params"), ALL_RESOURCES)
    def test_put_then_get_returns_the_document_with_etag_and_last_modified(
        self, lrs: Lrs, path: str, params: Any
    ) -> None:
        response = lrs.call("PUT", path, params(), {"car": "Honda"}, IF_NONE_MATCH="*")
        assert response.status_code == 204

        response = lrs.call("GET", path, params())
        assert response.status_code == 200
        assert response.json() == {"car": "Honda"}
        assert response["Content-Type"] == "application/json"
        assert response["ETag"].startswith('"') and len(response["ETag"]) == 42
        assert "GMT" in response["Last-Modified"]
        assert response["X-Experience-API-Version"] == "2.0.0"

    @pytest.mark.django_db
    def test_any_content_type_is_kept(self, lrs: Lrs) -> None:
        lrs.call("PUT", "activities/state", state(), b"\x00\x01raw", "application/octet-stream")

        response = lrs.call("GET", "activities/state", state())

        assert response.content == b"\x00\x01raw"
        assert response["Content-Type"] == "application/octet-stream"

    @pytest.mark.django_db
    def test_head_answers_like_get_without_a_body(self, lrs: Lrs) -> None:
        lrs.call("POST", "activities/state", state(), {"a": 1})

        response = lrs.call("HEAD", "activities/state", state())

        assert response.status_code == 200
        assert response.content == b""
        assert response["ETag"]

    @pytest.mark.django_db
    def test_unknown_document_is_404(self, lrs: Lrs) -> None:
        assert lrs.call("GET", "activities/state", state("nothing")).status_code == 404

    @pytest.mark.django_db
    def test_registration_separates_states(self, lrs: Lrs) -> None:
        registration = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"
        lrs.call("POST", "activities/state", state(registration=registration), {"a": 1})

        assert lrs.call("GET", "activities/state", state()).status_code == 404
        with_registration = lrs.call("GET", "activities/state", state(registration=registration))
        assert with_registration.json() == {"a": 1}
        # The same UUID in upper case names the same registration.
        upper = state(registration=registration.upper())
        assert lrs.call("GET", "activities/state", upper).status_code == 200


class TestMerging:
    @pytest.mark.django_db
    @pytest.mark.parametrize(("path", "params"), ALL_RESOURCES)
    def test_post_merges_one_level_deep(self, lrs: Lrs, path: str, params: Any) -> None:
        lrs.call("POST", path, params(), {"car": {"make": "Ford"}, "driver": "Dale"})
        response = lrs.call("POST", path, params(), {"car": {"model": "Ram"}, "series": 1})

        assert response.status_code == 204
        merged = lrs.call("GET", path, params()).json()
        assert merged == {"car": {"model": "Ram"}, "driver": "Dale", "series": 1}

    @pytest.mark.django_db
    def test_post_of_non_json_onto_json_is_refused_and_changes_nothing(self, lrs: Lrs) -> None:
        lrs.call("POST", "activities/state", state(), {"a": 1})

        response = lrs.call("POST", "activities/state", state(), "abcdefg", "not/json")

        assert response.status_code == 400
        assert lrs.call("GET", "activities/state", state()).json() == {"a": 1}

    @pytest.mark.django_db
    def test_post_of_json_onto_a_non_json_document_is_refused(self, lrs: Lrs) -> None:
        lrs.call("PUT", "activities/state", state(), "/ asdf /", "application/octet-stream")

        response = lrs.call("POST", "activities/state", state(), {"a": 1})

        assert response.status_code == 400
        assert lrs.call("GET", "activities/state", state()).content == b"/ asdf /"

    @pytest.mark.django_db
    @pytest.mark.parametrize("body", ['{"a": 1}{', "[1, 2]", "3"])
    def test_post_must_be_a_json_object(self, lrs: Lrs, body: str) -> None:
        lrs.call("POST", "activities/state", state(), {"a": 1})

        assert lrs.call("POST", "activities/state", state(), body).status_code == 400
        assert lrs.call("GET", "activities/state", state()).json() == {"a": 1}

    @pytest.mark.django_db
    def test_put_of_invalid_json_is_refused(self, lrs: Lrs) -> None:
        response = lrs.call("PUT", "activities/state", state(), '{"a": ')

        assert response.status_code == 400
        assert not Document.objects.exists()

    @pytest.mark.django_db
    def test_post_creates_a_missing_document(self, lrs: Lrs) -> None:
        lrs.call("POST", "activities/state", state(), "plain text", "text/plain")

        assert lrs.call("GET", "activities/state", state()).content == b"plain text"


class TestConcurrency:
    @pytest.mark.django_db
    @pytest.mark.parametrize(("path", "params"), ALL_RESOURCES)
    def test_if_match_with_the_current_etag_allows_put(
        self, lrs: Lrs, path: str, params: Any
    ) -> None:
        lrs.call("POST", path, params(), {"a": 1})
        etag = lrs.call("GET", path, params())["ETag"]

        assert lrs.call("PUT", path, params(), {"b": 2}, IF_MATCH='"1234"').status_code == 412
        assert lrs.call("GET", path, params()).json() == {"a": 1}
        assert lrs.call("PUT", path, params(), {"b": 2}, IF_MATCH=etag).status_code == 204
        assert lrs.call("GET", path, params()).json() == {"b": 2}

    @pytest.mark.django_db
    def test_if_match_guards_post_and_delete(self, lrs: Lrs) -> None:
        lrs.call("POST", "activities/state", state(), {"a": 1})
        etag = lrs.call("GET", "activities/state", state())["ETag"]

        wrong = lrs.call("POST", "activities/state", state(), {"b": 2}, IF_MATCH='"x"')
        assert wrong.status_code == 412
        assert lrs.call("DELETE", "activities/state", state(), IF_MATCH='"x"').status_code == 412
        assert lrs.call("GET", "activities/state", state()).json() == {"a": 1}
        assert lrs.call("DELETE", "activities/state", state(), IF_MATCH=etag).status_code == 204
        assert lrs.call("GET", "activities/state", state()).status_code == 404

    @pytest.mark.django_db
    def test_if_match_on_a_missing_document_fails(self, lrs: Lrs) -> None:
        response = lrs.call("PUT", "activities/profile", activity_profile(), {}, IF_MATCH="*")

        assert response.status_code == 412

    @pytest.mark.django_db
    @pytest.mark.parametrize(("path", "params"), PROFILES)
    def test_if_none_match_star_creates_only_once(self, lrs: Lrs, path: str, params: Any) -> None:
        first = lrs.call("PUT", path, params(), {"a": 1}, IF_NONE_MATCH="*")
        second = lrs.call("PUT", path, params(), {"b": 2}, IF_NONE_MATCH="*")

        assert (first.status_code, second.status_code) == (204, 412)
        assert lrs.call("GET", path, params()).json() == {"a": 1}

    @pytest.mark.django_db
    @pytest.mark.parametrize(("path", "params"), ALL_RESOURCES)
    def test_2_0_put_without_precondition_over_an_existing_document_is_409(
        self, lrs: Lrs, path: str, params: Any
    ) -> None:
        assert lrs.call("PUT", path, params(), {"a": 1}).status_code == 204

        response = lrs.call("PUT", path, params(), {"b": 2})

        assert response.status_code == 409
        assert response.json()["message"]
        assert lrs.call("GET", path, params()).json() == {"a": 1}

    @pytest.mark.django_db
    def test_1_0_3_state_put_overwrites_without_precondition(self, lrs_103: Lrs) -> None:
        lrs_103.call("PUT", "activities/state", state(), {"a": 1})

        assert lrs_103.call("PUT", "activities/state", state(), {"b": 2}).status_code == 204
        assert lrs_103.call("GET", "activities/state", state()).json() == {"b": 2}

    @pytest.mark.django_db
    @pytest.mark.parametrize(("path", "params"), PROFILES)
    def test_1_0_3_profile_put_needs_a_precondition(
        self, lrs_103: Lrs, path: str, params: Any
    ) -> None:
        assert lrs_103.call("PUT", path, params(), {"a": 1}).status_code == 400
        lrs_103.call("POST", path, params(), {"a": 1})
        assert lrs_103.call("PUT", path, params(), {"b": 2}).status_code == 409


class TestListingAndDeleting:
    @pytest.mark.django_db
    def test_get_without_state_id_lists_ids(self, lrs: Lrs) -> None:
        for state_id in ("s1", "s2"):
            lrs.call("POST", "activities/state", state(state_id), {"a": 1})
        lrs.call("POST", "activities/state", {**state("s3"), "agent": OTHER_AGENT}, {"a": 1})

        response = lrs.call("GET", "activities/state", {"activityId": ACTIVITY, "agent": AGENT})

        assert response.status_code == 200
        assert sorted(response.json()) == ["s1", "s2"]
        assert response["Last-Modified"]

    @pytest.mark.django_db
    @pytest.mark.parametrize(
        ("path", "scope"),
        [("activities/profile", {"activityId": ACTIVITY}), ("agents/profile", {"agent": AGENT})],
    )
    def test_since_leaves_out_older_documents(self, lrs: Lrs, path: str, scope: Any) -> None:
        lrs.call("POST", path, {**scope, "profileId": "old"}, {"a": 1})
        Document.objects.update(updated=datetime(2020, 1, 1, tzinfo=UTC))
        lrs.call("POST", path, {**scope, "profileId": "new"}, {"a": 1})

        response = lrs.call("GET", path, {**scope, "since": "2024-01-01T00:00:00Z"})

        assert response.json() == ["new"]
        assert sorted(lrs.call("GET", path, scope).json()) == ["new", "old"]

    @pytest.mark.django_db
    def test_delete_without_state_id_deletes_all_matching(self, lrs: Lrs) -> None:
        for state_id in ("s1", "s2"):
            lrs.call("POST", "activities/state", state(state_id), {"a": 1})
        lrs.call("POST", "activities/state", {**state("s3"), "agent": OTHER_AGENT}, {"a": 1})

        scope = {"activityId": ACTIVITY, "agent": AGENT}
        assert lrs.call("DELETE", "activities/state", scope).status_code == 204

        assert lrs.call("GET", "activities/state", scope).json() == []
        assert Document.objects.get().document_id == "s3"

    @pytest.mark.django_db
    def test_last_modified_moves_on_update(self, lrs: Lrs) -> None:
        lrs.call("POST", "activities/state", state(), {"a": 1})
        Document.objects.update(updated=datetime(2020, 1, 1, tzinfo=UTC))
        before = lrs.call("GET", "activities/state", state())["Last-Modified"]

        lrs.call("POST", "activities/state", state(), {"b": 1})

        assert before == "Wed, 01 Jan 2020 00:00:00 GMT"
        assert "2020" not in lrs.call("GET", "activities/state", state())["Last-Modified"]


class TestBadInput:
    @pytest.mark.django_db
    @pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
    @pytest.mark.parametrize("missing", ["activityId", "agent"])
    def test_missing_required_state_parameter_is_400(
        self, lrs: Lrs, method: str, missing: str
    ) -> None:
        params = state()
        del params[missing]

        assert lrs.call(method, "activities/state", params, {"a": 1}).status_code == 400

    @pytest.mark.django_db
    @pytest.mark.parametrize(
        ("method", "path", "params"),
        [
            ("PUT", "activities/state", {"activityId": ACTIVITY, "agent": AGENT}),
            ("POST", "activities/state", {"activityId": ACTIVITY, "agent": AGENT}),
            ("PUT", "activities/profile", {"activityId": ACTIVITY}),
            ("DELETE", "activities/profile", {"activityId": ACTIVITY}),
            ("POST", "agents/profile", {"agent": AGENT}),
            ("DELETE", "agents/profile", {"agent": AGENT}),
            ("GET", "agents/profile", {"profileId": "p1"}),
            ("GET", "activities", {}),
            ("GET", "agents", {}),
        ],
    )
    def test_missing_id_or_scope_is_400(
        self, lrs: Lrs, method: str, path: str, params: dict[str, Any]
    ) -> None:
        response = lrs.call(method, path, params, {"a": 1}, IF_NONE_MATCH="*")

        assert response.status_code == 400
        assert not Document.objects.exists()

    @pytest.mark.django_db
    @pytest.mark.parametrize(
        "bad",
        [
            {"agent": "true"},
            {"agent": '{"objectType": "Agent", "name": "no identifier"}'},
            {"agent": '{"objectType"": "Agent"}'},
            {"registration": "not-a-uuid"},
            {"activityId": "no scheme"},
            {"colour": "blue"},
        ],
    )
    def test_invalid_parameters_are_400(self, lrs: Lrs, bad: dict[str, str]) -> None:
        params = {**state(), **bad}

        assert lrs.call("POST", "activities/state", params, {"a": 1}).status_code == 400
        assert lrs.call("GET", "activities/state", params).status_code == 400
        assert not Document.objects.exists()

    @pytest.mark.django_db
    def test_since_must_be_a_timestamp(self, lrs: Lrs) -> None:
        params = {"agent": AGENT, "since": "true"}

        assert lrs.call("GET", "agents/profile", params).status_code == 400

    @pytest.mark.django_db
    def test_unauthenticated_is_401(self, lrs: Lrs) -> None:
        lrs.headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(b"x:y").decode()

        assert lrs.call("GET", "activities/state", state()).status_code == 401


class TestStoreIsolation:
    @pytest.mark.django_db
    def test_another_store_neither_sees_nor_changes_documents(self, lrs: Lrs) -> None:
        other = Lrs(new_store())
        lrs.call("POST", "activities/state", state(), {"mine": True})

        assert other.call("GET", "activities/state", state()).status_code == 404
        listing = other.call("GET", "activities/state", {"activityId": ACTIVITY, "agent": AGENT})
        assert listing.json() == []
        assert other.call("PUT", "activities/state", state(), {"theirs": True}).status_code == 204
        other.call("DELETE", "activities/state", {"activityId": ACTIVITY, "agent": AGENT})

        assert lrs.call("GET", "activities/state", state()).json() == {"mine": True}

    @pytest.mark.django_db
    def test_activity_definitions_belong_to_their_store(self, lrs: Lrs) -> None:
        other_store = new_store()
        ActivityDefinition.objects.create(
            store=other_store,
            activity_id=ACTIVITY,
            key_hash=activity_key(ACTIVITY),
            definition={"name": {"en": "secret"}},
        )

        response = lrs.call("GET", "activities", {"activityId": ACTIVITY})

        assert response.json() == {"objectType": "Activity", "id": ACTIVITY}


class TestActivitiesAndAgents:
    @pytest.mark.django_db
    def test_known_activity_has_its_definition(self, lrs: Lrs) -> None:
        store = lrs.store
        definition = {"name": {"en-US": "meeting", "fr-FR": "réunion"}}
        ActivityDefinition.objects.create(
            store=store,
            activity_id=ACTIVITY,
            key_hash=activity_key(ACTIVITY),
            definition=definition,
        )

        response = lrs.call("GET", "activities", {"activityId": ACTIVITY})

        assert response.status_code == 200
        assert response.json() == {
            "objectType": "Activity",
            "id": ACTIVITY,
            "definition": definition,
        }

    @pytest.mark.django_db
    def test_unknown_activity_is_an_activity_with_only_its_id(self, lrs: Lrs) -> None:
        response = lrs.call("GET", "activities", {"activityId": ACTIVITY})

        assert response.json() == {"objectType": "Activity", "id": ACTIVITY}

    @pytest.mark.django_db
    def test_person_for_an_agent_lists_its_identifier_and_name(self, lrs: Lrs) -> None:
        agent = {**AGENT, "name": "Sanne"}

        response = lrs.call("GET", "agents", {"agent": agent})

        assert response.status_code == 200
        assert response.json() == {
            "objectType": "Person",
            "name": ["Sanne"],
            "mbox": ["mailto:sanne@example.com"],
        }

    @pytest.mark.django_db
    def test_person_has_the_names_seen_in_statements(self, lrs: Lrs) -> None:
        store = lrs.store
        for name in ("Sanne", "S. de Vries", "Sanne"):
            Statement.objects.create(
                store=store,
                statement_id=uuid.uuid4(),
                payload=json.dumps({"actor": {**AGENT, "name": name}}),
                verb_id="http://adlnet.gov/expapi/verbs/attended",
                actor_ifi=agent_ifi(AGENT),
                timestamp=datetime.now(UTC),
                stored=datetime.now(UTC),
            )

        person = lrs.call("GET", "agents", {"agent": AGENT}).json()

        assert sorted(person["name"]) == ["S. de Vries", "Sanne"]

    @pytest.mark.django_db
    def test_person_for_an_account(self, lrs: Lrs) -> None:
        person = lrs.call("GET", "agents", {"agent": OTHER_AGENT}).json()

        assert person == {"objectType": "Person", "name": [], "account": [OTHER_AGENT["account"]]}

    @pytest.mark.django_db
    def test_a_group_is_not_a_person(self, lrs: Lrs) -> None:
        group = {"objectType": "Group", "mbox": "mailto:team@example.com"}

        assert lrs.call("GET", "agents", {"agent": group}).status_code == 400

    @pytest.mark.django_db
    def test_write_methods_are_not_allowed(self, lrs: Lrs) -> None:
        response = lrs.call("PUT", "activities", {"activityId": ACTIVITY}, {"a": 1})

        assert response.status_code == 405
