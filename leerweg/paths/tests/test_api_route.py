"""The learning route through the API: the same answers as the route page.

Sanne shares her route with her mentor by default, so her proposals wait for
the mentor and the mentor's wait for her.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas, login
from leerweg.audit.models import AuditEvent
from leerweg.paths.models import ProposalStatus, RouteItem, RouteProposal
from leerweg.profiles.models import Profile

pytestmark = pytest.mark.django_db

JSON = "application/json"
TODAY = timezone.localdate()


def route_url(personas: Personas, tail: str = "") -> str:
    return f"/api/v1/students/{personas.student_record.public_id}/route{tail}"


def decide_url(proposal_id: str, decision: str) -> str:
    return f"/api/v1/route/proposals/{proposal_id}/{decision}"


def add_body(**overrides: object) -> dict[str, object]:
    return {
        "action": "add",
        "kind": "activity",
        "title": "Debatclub",
        "starts_on": (TODAY + timedelta(weeks=1)).isoformat(),
        "ends_on": (TODAY + timedelta(weeks=5)).isoformat(),
        "note": "Om te oefenen met spreken",
        **overrides,
    }


def propose(client, personas: Personas, **overrides: object):
    return client.post(route_url(personas, "/proposals"), add_body(**overrides), JSON)


def test_the_student_and_mentor_see_the_route(client, personas: Personas):
    for persona in ("student", "mentor"):
        login(client, personas.get(persona))
        data = client.get(route_url(personas)).json()
        assert [item["title"] for item in data["items"]] == ["Ik wil beter presenteren"]
        assert data["items"][0]["own_goal"] == str(personas.own_goal.public_id)
        assert data["may_propose"] is True
    assert AuditEvent.objects.filter(what="api.route.view").count() == 1  # the mentor's


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("guardian", 404),
        ("leader", 404),
        ("other_teacher", 404),
        ("other_student", 404),
        ("board_viewer", 403),
    ],
)
def test_who_does_not_see_the_route(client, personas: Personas, persona: str, status: int):
    login(client, personas.get(persona))
    assert client.get(route_url(personas)).status_code == status


def test_the_mentor_proposes_and_the_student_accepts(client, personas: Personas):
    login(client, personas.mentor)
    response = propose(client, personas)
    assert response.status_code == 201
    proposal = response.json()
    assert (proposal["status"], proposal["by_student"]) == ("open", False)
    assert proposal["may_decide"] is False
    assert proposal["may_withdraw"] is True
    assert client.post(decide_url(proposal["id"], "accept")).status_code == 403

    login(client, personas.student)
    listed = client.get(route_url(personas)).json()["open_proposals"]
    assert [(p["id"], p["may_decide"]) for p in listed] == [(proposal["id"], True)]
    accepted = client.post(decide_url(proposal["id"], "accept"))
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert RouteItem.objects.filter(student=personas.student_record, title="Debatclub").exists()

    again = client.post(decide_url(proposal["id"], "decline"))
    assert again.status_code == 409
    assert again.json()["detail"]  # why, in the request's language


def test_the_student_declines_and_the_mentor_withdraws(client, personas: Personas):
    login(client, personas.mentor)
    first = propose(client, personas).json()["id"]
    second = propose(client, personas, title="Schaakclub").json()["id"]
    assert client.post(decide_url(second, "withdraw")).json()["status"] == "withdrawn"
    login(client, personas.student)
    assert client.post(decide_url(first, "withdraw")).status_code == 403
    assert client.post(decide_url(first, "decline")).json()["status"] == "declined"
    assert not RouteItem.objects.filter(title__in=["Debatclub", "Schaakclub"]).exists()


def test_a_student_whose_route_nobody_shapes_sees_it_applied_at_once(client, personas: Personas):
    Profile.objects.create(student=personas.student_record, sharing_chosen=True)
    login(client, personas.student)
    response = propose(client, personas)
    assert response.status_code == 201
    assert response.json()["status"] == "accepted"
    assert RouteItem.objects.filter(title="Debatclub").exists()


def test_change_and_remove_name_an_item_of_this_route(client, personas: Personas):
    item = personas.route_item
    login(client, personas.student)
    change = {
        "action": "change",
        "item": str(item.public_id),
        "title": "Presenteren voor de klas",
        "starts_on": item.starts_on.isoformat(),
        "ends_on": item.ends_on.isoformat(),
    }
    response = client.post(route_url(personas, "/proposals"), change, JSON)
    assert response.status_code == 201
    assert response.json()["before"]["title"] == "Ik wil beter presenteren"
    unknown = {"action": "remove", "item": str(personas.own_goal.public_id)}
    response = client.post(route_url(personas, "/proposals"), unknown, JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "item"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"ends_on": (TODAY - timedelta(days=1)).isoformat()},
        {"starts_on": (TODAY + timedelta(days=3 * 365)).isoformat()},
        {"kind": "own_goal", "title": ""},
        {"kind": "curriculum_goal", "curriculum_goal": "bestaat-niet"},
        {"action": "shuffle"},
    ],
)
def test_invalid_proposals_are_a_422_and_nothing_is_stored(client, personas: Personas, overrides):
    login(client, personas.student)
    assert propose(client, personas, **overrides).status_code == 422
    assert not RouteProposal.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("guardian", 403), ("leader", 404), ("other_student", 404)]
)
def test_who_may_not_propose(client, personas: Personas, persona: str, status: int):
    login(client, personas.get(persona))
    assert propose(client, personas).status_code == status
    assert not RouteProposal.objects.exists()


def test_a_proposal_of_another_student_is_a_404(client, personas: Personas):
    login(client, personas.mentor)
    proposal_id = propose(client, personas).json()["id"]
    login(client, personas.other_student)
    assert client.post(decide_url(proposal_id, "accept")).status_code == 404
    assert RouteProposal.objects.get().status == ProposalStatus.OPEN
