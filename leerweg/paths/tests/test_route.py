"""The learning route through HTTP: proposing, deciding, history, access.

Sanne (``student``) shares her route with her mentor by default, so her
proposals wait for the mentor and the mentor's wait for her.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from conftest import Personas, login
from leerweg.accounts.tests.factories import UserFactory
from leerweg.audit.models import AuditEvent
from leerweg.paths.models import (
    OwnGoal,
    ProposalAction,
    ProposalStatus,
    RouteItem,
    RouteItemKind,
    RouteProposal,
)
from leerweg.paths.services.route import RouteItemValues, route_proposal_create
from leerweg.profiles.models import Audience, Profile, ProfilePart, Sharing
from leerweg.schools.models import Student
from leerweg.schools.tests.factories import link_staff

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def in_english(settings):
    """These tests read messages in English (the msgids); Dutch is tested elsewhere."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def share(student: Student, *pairs: tuple[str, str]) -> None:
    """Make the student's sharing choices exactly ``pairs``."""
    Profile.objects.update_or_create(student=student, defaults={"sharing_chosen": True})
    Sharing.objects.filter(student=student).delete()
    for part, audience in pairs:
        Sharing.objects.create(student=student, part=part, audience=audience)


def route_url(personas: Personas, name: str = "paths:route", *args: object) -> str:
    return reverse(name, args=[personas.student_record.public_id, *args])


def add_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": RouteItemKind.ACTIVITY,
        "title": "Debatclub",
        "starts_on": (TODAY + timedelta(weeks=1)).isoformat(),
        "ends_on": (TODAY + timedelta(weeks=5)).isoformat(),
        "note": "Om te oefenen met spreken",
    }
    data.update(overrides)
    return data


def mentor_proposes_change(personas: Personas, title: str = "Presenteren voor de klas"):
    item = personas.route_item
    return route_proposal_create(
        student=personas.student_record,
        proposed_by=personas.mentor,
        by_student=False,
        action=ProposalAction.CHANGE,
        item=item,
        proposed=RouteItemValues(title=title, starts_on=item.starts_on, ends_on=item.ends_on),
    )


def last_message(response) -> str:
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


# Proposing and deciding.


def test_student_proposes_an_activity_and_the_mentor_accepts(personas: Personas):
    student = login(Client(), personas.student)
    response = student.post(route_url(personas, "paths:route-propose-add"), add_data())
    assert response.status_code == 302
    proposal = RouteProposal.objects.get()
    assert proposal.status == ProposalStatus.OPEN and proposal.by_student
    assert not RouteItem.objects.filter(title="Debatclub").exists()

    mentor = login(Client(), personas.mentor)
    page = mentor.get(route_url(personas)).content.decode()
    assert "Debatclub" in page and "Om te oefenen met spreken" in page
    response = mentor.post(route_url(personas, "paths:route-proposal-accept", proposal.public_id))
    assert response.status_code == 302
    item = RouteItem.objects.get(title="Debatclub")
    assert item.kind == RouteItemKind.ACTIVITY
    assert item.starts_on == TODAY + timedelta(weeks=1)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == personas.mentor and proposal.decided_at is not None
    assert proposal.item == item


def test_mentor_proposes_a_change_and_the_student_declines_so_nothing_changes(
    personas: Personas,
):
    mentor = login(Client(), personas.mentor)
    item = personas.route_item
    response = mentor.post(
        route_url(personas, "paths:route-propose-change", item.public_id),
        {
            "title": "Presenteren voor de klas",
            "starts_on": item.starts_on.isoformat(),
            "ends_on": (item.ends_on + timedelta(weeks=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    proposal = RouteProposal.objects.get()
    assert not proposal.by_student and proposal.status == ProposalStatus.OPEN

    student = login(Client(), personas.student)
    page = student.get(route_url(personas)).content.decode()
    assert "Presenteren voor de klas" in page
    assert (
        reverse("paths:route-proposal-accept", args=[item.student.public_id, proposal.public_id])
        in page
    )
    response = student.post(route_url(personas, "paths:route-proposal-decline", proposal.public_id))
    assert response.status_code == 302
    unchanged = RouteItem.objects.get(pk=item.pk)
    assert (unchanged.title, unchanged.ends_on) == (item.title, item.ends_on)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.decided_by == personas.student


def test_student_accepts_a_removal_and_history_keeps_the_title(personas: Personas):
    item = personas.route_item
    login(Client(), personas.mentor).post(
        route_url(personas, "paths:route-propose-remove", item.public_id), {"note": "Klaar"}
    )
    proposal = RouteProposal.objects.get()
    student = login(Client(), personas.student)
    student.post(route_url(personas, "paths:route-proposal-accept", proposal.public_id))
    assert not RouteItem.objects.filter(pk=item.pk).exists()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.item is None
    assert proposal.proposed["title"] == item.title
    history = student.get(route_url(personas)).context["overview"].history
    assert [row.title for row in history] == [item.title]


def test_the_proposer_withdraws_and_the_other_side_cannot(personas: Personas):
    proposal = mentor_proposes_change(personas)
    student = login(Client(), personas.student)
    url = route_url(personas, "paths:route-proposal-withdraw", proposal.public_id)
    assert student.post(url).status_code == 403
    assert login(Client(), personas.mentor).post(url).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert proposal.decided_by == personas.mentor
    # A withdrawn proposal can no longer be accepted.
    response = student.post(
        route_url(personas, "paths:route-proposal-accept", proposal.public_id), follow=True
    )
    assert "already been answered or withdrawn" in response.content.decode()
    assert RouteItem.objects.get().title == personas.route_item.title


def test_nobody_accepts_their_own_proposal(personas: Personas):
    proposal = mentor_proposes_change(personas)
    mentor = login(Client(), personas.mentor)
    url = route_url(personas, "paths:route-proposal-accept", proposal.public_id)
    assert mentor.post(url).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_accepting_twice_applies_once_and_says_so(personas: Personas):
    """Two tabs: both show the accept button; the second click gets a message."""
    student = login(Client(), personas.student)
    student.post(route_url(personas, "paths:route-propose-add"), add_data())
    proposal = RouteProposal.objects.get()
    url = route_url(personas, "paths:route-proposal-accept", proposal.public_id)
    mentor = login(Client(), personas.mentor)
    first = mentor.post(url)
    second = mentor.post(url)
    assert first.status_code == second.status_code == 302
    assert last_message(second) == "This proposal has already been answered or withdrawn."
    assert RouteItem.objects.filter(title="Debatclub").count() == 1


def test_declining_after_accepting_in_another_tab_changes_nothing(personas: Personas):
    proposal = mentor_proposes_change(personas)
    student = login(Client(), personas.student)
    student.post(route_url(personas, "paths:route-proposal-accept", proposal.public_id))
    response = student.post(route_url(personas, "paths:route-proposal-decline", proposal.public_id))
    assert last_message(response) == "This proposal has already been answered or withdrawn."
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert RouteItem.objects.get().title == "Presenteren voor de klas"


def test_a_proposal_about_an_item_changed_since_is_not_applied_blindly(personas: Personas):
    first = mentor_proposes_change(personas, title="Eerste idee")
    second = mentor_proposes_change(personas, title="Tweede idee")
    student = login(Client(), personas.student)
    student.post(route_url(personas, "paths:route-proposal-accept", first.public_id))

    page = student.get(route_url(personas))
    rows = {row.proposal.pk: row for row in page.context["overview"].open_proposals}
    assert rows[second.pk].stale
    accept_second = route_url(personas, "paths:route-proposal-accept", second.public_id)
    assert accept_second not in page.content.decode()

    response = student.post(accept_second)
    assert last_message(response) == (
        "The route has changed since this was proposed. Please look at it again: "
        "decline it, or propose the change anew."
    )
    second.refresh_from_db()
    assert second.status == ProposalStatus.OPEN
    assert RouteItem.objects.get().title == "Eerste idee"
    # It can still be declined.
    student.post(route_url(personas, "paths:route-proposal-decline", second.public_id))
    second.refresh_from_db()
    assert second.status == ProposalStatus.DECLINED


def test_a_change_to_a_removed_item_cannot_be_accepted(personas: Personas):
    item = personas.route_item
    change = mentor_proposes_change(personas)
    remove = route_proposal_create(
        student=personas.student_record,
        proposed_by=personas.mentor,
        by_student=False,
        action=ProposalAction.REMOVE,
        item=item,
    )
    student = login(Client(), personas.student)
    student.post(route_url(personas, "paths:route-proposal-accept", remove.public_id))
    response = student.post(
        route_url(personas, "paths:route-proposal-accept", change.public_id), follow=True
    )
    assert "The route has changed since this was proposed" in response.content.decode()
    assert not RouteItem.objects.exists()
    change.refresh_from_db()
    assert change.status == ProposalStatus.OPEN and change.item is None


# Without anyone to answer, the student's changes apply at once.


def test_a_student_who_shares_the_route_with_nobody_changes_it_at_once(personas: Personas):
    share(personas.student_record, (ProfilePart.GOALS, Audience.MENTOR_COACH))
    student = login(Client(), personas.student)
    assert "apply at once" in student.get(route_url(personas)).content.decode()
    response = student.post(route_url(personas, "paths:route-propose-add"), add_data())
    assert last_message(response) == (
        "Your route has been changed. The change is kept in the history."
    )
    assert RouteItem.objects.filter(title="Debatclub").exists()
    proposal = RouteProposal.objects.get()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == personas.student
    page = student.get(route_url(personas)).content.decode()
    assert "applied at once" in page
    # And the mentor no longer sees the route at all.
    assert login(Client(), personas.mentor).get(route_url(personas)).status_code == 404


def test_a_student_without_a_mentor_changes_the_route_at_once(personas: Personas):
    personas.group.staff.filter(user=personas.mentor).delete()
    item = personas.route_item
    student = login(Client(), personas.student)
    student.post(
        route_url(personas, "paths:route-propose-change", item.public_id),
        {
            "title": "Presenteren",
            "starts_on": item.starts_on.isoformat(),
            "ends_on": item.ends_on.isoformat(),
        },
    )
    assert RouteItem.objects.get().title == "Presenteren"
    assert RouteProposal.objects.get().status == ProposalStatus.ACCEPTED


# Validation: field errors, nothing stored.


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": (TODAY - timedelta(days=1)).isoformat()}, "ends_on"),
        ({"ends_on": (TODAY + timedelta(days=3 * 365)).isoformat()}, "ends_on"),
        ({"starts_on": "2001-01-01"}, "starts_on"),
        ({"starts_on": "gisteren"}, "starts_on"),
        ({"kind": RouteItemKind.OWN_GOAL, "title": ""}, "own_goal"),
        ({"kind": RouteItemKind.CURRICULUM_GOAL}, "curriculum_goal"),
        ({"title": ""}, "title"),
        ({"kind": "homework"}, "kind"),
        ({"note": "x" * 301}, "note"),
    ],
)
def test_an_invalid_proposal_is_a_field_error_and_nothing_is_stored(
    personas: Personas, overrides: dict[str, object], field: str
):
    student = login(Client(), personas.student)
    response = student.post(route_url(personas, "paths:route-propose-add"), add_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not RouteProposal.objects.exists()
    assert RouteItem.objects.count() == 1


def test_an_own_goal_of_another_student_cannot_be_chosen(personas: Personas):
    daans_goal = OwnGoal.objects.create(
        student=personas.other_student_record, title="Daans doel", created_by=personas.other_student
    )
    student = login(Client(), personas.student)
    response = student.post(
        route_url(personas, "paths:route-propose-add"),
        add_data(kind=RouteItemKind.OWN_GOAL, own_goal=str(daans_goal.public_id)),
    )
    assert response.status_code == 400
    assert "own_goal" in response.context["form"].errors
    assert not RouteProposal.objects.exists()


def test_an_own_goal_without_a_title_takes_the_goals_title(personas: Personas):
    share(personas.student_record)  # nobody answers: applies at once
    student = login(Client(), personas.student)
    student.post(
        route_url(personas, "paths:route-propose-add"),
        add_data(kind=RouteItemKind.OWN_GOAL, title="", own_goal=str(personas.own_goal.public_id)),
    )
    item = RouteItem.objects.exclude(pk=personas.route_item.pk).get()
    assert item.title == personas.own_goal.title and item.own_goal == personas.own_goal


def test_a_change_that_changes_nothing_is_refused(personas: Personas):
    item = personas.route_item
    response = login(Client(), personas.mentor).post(
        route_url(personas, "paths:route-propose-change", item.public_id),
        {"title": item.title, "starts_on": item.starts_on, "ends_on": item.ends_on},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not RouteProposal.objects.exists()


def test_the_mentor_gets_no_list_of_own_goals_the_student_does_not_share(personas: Personas):
    share(personas.student_record, (ProfilePart.ROUTE, Audience.MENTOR_COACH))
    response = login(Client(), personas.mentor).get(route_url(personas, "paths:route-propose-add"))
    assert "own_goal" not in response.context["form"].fields
    assert personas.own_goal.title not in response.content.decode().split("<form")[1]


# The page: timeline, links, history, who sees what.


def test_the_route_page_shows_the_timeline_with_a_link_to_the_goal(personas: Personas):
    response = login(Client(), personas.student).get(route_url(personas))
    overview = response.context["overview"]
    assert len(overview.weeks) == 12 and overview.weeks[0].current
    [row] = overview.rows
    assert row.start == 0 and row.span == 5  # today until four weeks later
    html = response.content.decode()
    assert reverse("paths:goal-detail", args=[personas.own_goal.public_id]) in html
    assert "start-0 span-5" in html


def test_history_shows_who_decided_what_and_when(personas: Personas):
    declined = mentor_proposes_change(personas, title="Niet doen")
    student = login(Client(), personas.student)
    student.post(route_url(personas, "paths:route-proposal-decline", declined.public_id))
    student.post(route_url(personas, "paths:route-propose-add"), add_data())
    response = student.get(route_url(personas))
    [row] = response.context["overview"].history
    assert row.proposal.pk == declined.pk
    html = response.content.decode().split('id="history-heading"')[1]
    assert "Declined" in html and "by Sanne de Vries" in html and "Ahmed El Amrani" in html
    assert "Niet doen" in html
    assert "Debatclub" not in html  # still open: above, not in the history


def test_guardian_reads_the_route_only_when_shared_with_guardians(personas: Personas):
    guardian = login(Client(), personas.guardian)
    assert guardian.get(route_url(personas)).status_code == 404
    share(personas.student_record, (ProfilePart.ROUTE, Audience.GUARDIANS))
    response = guardian.get(route_url(personas))
    assert response.status_code == 200
    html = response.content.decode()
    assert personas.route_item.title in html
    assert reverse("paths:route-propose-add", args=[personas.student_record.public_id]) not in html
    # Own goals are not shared with the guardian: no link to the goal.
    assert reverse("paths:goal-detail", args=[personas.own_goal.public_id]) not in html
    assert guardian.get(route_url(personas, "paths:route-propose-add")).status_code == 403


def test_a_teacher_reads_a_route_shared_with_teachers_but_does_not_shape_it(
    personas: Personas,
):
    teacher = UserFactory.create(username="docent.4h1")
    link_staff(teacher, personas.group, "teacher", subject="Engels")
    client = login(Client(), teacher)
    assert client.get(route_url(personas)).status_code == 404
    share(personas.student_record, (ProfilePart.ROUTE, Audience.TEACHERS))
    assert client.get(route_url(personas)).status_code == 200
    assert client.get(route_url(personas, "paths:route-propose-add")).status_code == 404
    proposal = route_proposal_create(
        student=personas.student_record,
        proposed_by=personas.student,
        by_student=True,
        action=ProposalAction.REMOVE,
        item=personas.route_item,
    )
    accept = route_url(personas, "paths:route-proposal-accept", proposal.public_id)
    assert client.post(accept).status_code == 404


def test_crafted_urls_about_another_student_are_not_found(personas: Personas):
    daan = personas.other_student_record
    daans_item = RouteItem.objects.create(
        student=daan, kind=RouteItemKind.ACTIVITY, title="Voetbal", starts_on=TODAY, ends_on=TODAY
    )
    sanne = login(Client(), personas.student)
    assert sanne.get(reverse("paths:route", args=[daan.public_id])).status_code == 404
    # Daan's item under Sanne's own route.
    assert (
        sanne.get(
            route_url(personas, "paths:route-propose-change", daans_item.public_id)
        ).status_code
        == 404
    )
    # Sanne's proposal under Daan's route: the student in the URL must match.
    proposal = mentor_proposes_change(personas)
    url = reverse("paths:route-proposal-accept", args=[daan.public_id, proposal.public_id])
    assert sanne.post(url).status_code == 404
    assert (
        login(Client(), personas.other_student)
        .post(route_url(personas, "paths:route-proposal-accept", proposal.public_id))
        .status_code
        == 404
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_staff_looking_at_the_route_is_in_the_audit_trail(personas: Personas):
    login(Client(), personas.student).get(route_url(personas))
    assert not AuditEvent.objects.exists()
    mentor = login(Client(), personas.mentor)
    mentor.get(route_url(personas))
    event = AuditEvent.objects.get()
    assert (event.what, event.action) == ("route.view", "view")
    assert event.subject_public_id == personas.student_record.public_id
    mentor.post(route_url(personas, "paths:route-propose-add"), add_data())
    assert AuditEvent.objects.filter(what="route.proposal", action="create").count() == 1


def _route_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow_route(personas: Personas, count: int) -> None:
    student, mentor = personas.student_record, personas.mentor
    for n in range(count):
        item = RouteItem.objects.create(
            student=student,
            kind=RouteItemKind.OWN_GOAL,
            title=f"Stap {n}",
            own_goal=personas.own_goal,
            starts_on=TODAY + timedelta(weeks=n % 10),
            ends_on=TODAY + timedelta(weeks=n % 10 + 2),
        )
        values = RouteItemValues(title=f"Stap {n}b", starts_on=item.starts_on, ends_on=item.ends_on)
        decided = route_proposal_create(
            student=student,
            proposed_by=mentor,
            by_student=False,
            action=ProposalAction.CHANGE,
            item=item,
            proposed=values,
        )
        RouteProposal.objects.filter(pk=decided.pk).update(
            status=ProposalStatus.DECLINED, decided_by=personas.student, decided_at=timezone.now()
        )
        route_proposal_create(
            student=student,
            proposed_by=personas.student,
            by_student=True,
            action=ProposalAction.REMOVE,
            item=item,
        )


@pytest.mark.parametrize("viewer", ["student", "mentor"])
def test_route_page_costs_the_same_queries_for_3_or_30_items(personas: Personas, viewer: str):
    client = login(Client(), personas.get(viewer))
    url = route_url(personas)
    _grow_route(personas, 2)
    few = _route_queries(client, url)
    _grow_route(personas, 27)
    assert _route_queries(client, url) == few
