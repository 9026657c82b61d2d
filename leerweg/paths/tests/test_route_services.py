"""The route's services and selectors on their own, without HTTP."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Personas
from leerweg.paths.models import (
    OwnGoal,
    ProposalAction,
    ProposalStatus,
    RouteItem,
    RouteItemKind,
    RouteProposal,
)
from leerweg.paths.selectors.route import (
    route_counterparts,
    timeline_row,
    timeline_weeks,
)
from leerweg.paths.services.route import (
    ProposalNotOpenError,
    RouteChangedError,
    RouteItemValues,
    route_proposal_accept,
    route_proposal_create,
    route_proposal_decline,
    route_proposal_withdraw,
)

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)  # ISO week 10


def activity(start: date, end: date) -> RouteItemValues:
    return RouteItemValues(
        kind=RouteItemKind.ACTIVITY, title="Debatclub", starts_on=start, ends_on=end
    )


def propose_add(personas: Personas, *, by_student: bool = False) -> RouteProposal:
    start = timezone.localdate() + timedelta(days=7)
    return route_proposal_create(
        student=personas.student_record,
        proposed_by=personas.student if by_student else personas.mentor,
        by_student=by_student,
        action=ProposalAction.ADD,
        proposed=activity(start, start + timedelta(weeks=3)),
        note="Goed voor presenteren",
    )


def test_two_decisions_on_the_same_loaded_proposal_apply_once(personas: Personas):
    proposal = propose_add(personas)
    first_tab = RouteProposal.objects.get(pk=proposal.pk)
    second_tab = RouteProposal.objects.get(pk=proposal.pk)
    route_proposal_accept(proposal=first_tab, decided_by=personas.student)
    with pytest.raises(ProposalNotOpenError):
        route_proposal_accept(proposal=second_tab, decided_by=personas.student)
    with pytest.raises(ProposalNotOpenError):
        route_proposal_decline(proposal=second_tab, decided_by=personas.student)
    with pytest.raises(ProposalNotOpenError):
        route_proposal_withdraw(proposal=second_tab, withdrawn_by=personas.mentor)
    assert RouteItem.objects.filter(title="Debatclub").count() == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_a_failed_accept_leaves_the_proposal_open(personas: Personas):
    item = personas.route_item
    proposal = route_proposal_create(
        student=personas.student_record,
        proposed_by=personas.mentor,
        by_student=False,
        action=ProposalAction.CHANGE,
        item=item,
        proposed=RouteItemValues(title="Nieuw", starts_on=item.starts_on, ends_on=item.ends_on),
    )
    RouteItem.objects.filter(pk=item.pk).update(title="Intussen anders")
    with pytest.raises(RouteChangedError):
        route_proposal_accept(proposal=proposal, decided_by=personas.student)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN and proposal.decided_by is None
    assert RouteItem.objects.get(pk=item.pk).title == "Intussen anders"


def test_a_proposal_keeps_what_the_item_looked_like(personas: Personas):
    item = personas.route_item
    proposal = route_proposal_create(
        student=personas.student_record,
        proposed_by=personas.mentor,
        by_student=False,
        action=ProposalAction.REMOVE,
        item=item,
    )
    assert proposal.proposed == {
        "title": item.title,
        "before": {
            "title": item.title,
            "starts_on": item.starts_on.isoformat(),
            "ends_on": item.ends_on.isoformat(),
        },
    }


def test_the_service_refuses_another_students_goal_and_item(personas: Personas):
    daans_goal = OwnGoal.objects.create(student=personas.other_student_record, title="Daan")
    start = personas.route_item.starts_on
    with pytest.raises(ValidationError):
        route_proposal_create(
            student=personas.student_record,
            proposed_by=personas.mentor,
            by_student=False,
            action=ProposalAction.ADD,
            proposed=RouteItemValues(
                kind=RouteItemKind.OWN_GOAL,
                title="Daan",
                own_goal=daans_goal,
                starts_on=start,
                ends_on=start,
            ),
        )
    daans_item = RouteItem.objects.create(
        student=personas.other_student_record,
        kind=RouteItemKind.ACTIVITY,
        title="Voetbal",
        starts_on=start,
        ends_on=start,
    )
    with pytest.raises(ValueError, match="item of this student"):
        route_proposal_create(
            student=personas.student_record,
            proposed_by=personas.mentor,
            by_student=False,
            action=ProposalAction.REMOVE,
            item=daans_item,
        )
    with pytest.raises(ValidationError):
        route_proposal_create(
            student=personas.student_record,
            proposed_by=personas.mentor,
            by_student=False,
            action=ProposalAction.ADD,
            proposed=activity(start, start - timedelta(days=1)),
        )
    assert not RouteProposal.objects.exists()


def test_the_mentor_is_the_counterpart_by_default(personas: Personas):
    assert route_counterparts(personas.student_record) == [personas.mentor]
    assert route_counterparts(personas.other_student_record) == []


def test_a_students_proposal_waits_when_someone_can_answer(personas: Personas):
    proposal = propose_add(personas, by_student=True)
    assert proposal.status == ProposalStatus.OPEN


def test_weeks_start_on_the_monday_of_this_week():
    weeks = timeline_weeks(MONDAY + timedelta(days=3), count=4)
    assert [week.monday for week in weeks] == [MONDAY + timedelta(weeks=n) for n in range(4)]
    assert [week.number for week in weeks] == [10, 11, 12, 13]
    assert [week.current for week in weeks] == [True, False, False, False]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # (start column, span, goes on before, goes on after)
        (MONDAY, MONDAY + timedelta(days=4), (0, 1, False, False)),
        (MONDAY + timedelta(days=9), MONDAY + timedelta(days=22), (1, 3, False, False)),
        (MONDAY - timedelta(weeks=3), MONDAY + timedelta(days=8), (0, 2, True, False)),
        (MONDAY + timedelta(weeks=10), MONDAY + timedelta(weeks=20), (10, 2, False, True)),
        (MONDAY - timedelta(weeks=1), MONDAY + timedelta(weeks=40), (0, 12, True, True)),
        (MONDAY + timedelta(weeks=13), MONDAY + timedelta(weeks=14), (None, None, False, True)),
    ],
)
def test_timeline_bars_cover_the_weeks_of_the_item(start: date, end: date, expected):
    item = RouteItem(title="x", kind=RouteItemKind.ACTIVITY, starts_on=start, ends_on=end)
    row = timeline_row(item, timeline_weeks(MONDAY))
    assert (row.start, row.span, row.before, row.after) == expected
