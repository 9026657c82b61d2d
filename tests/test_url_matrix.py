"""Every URL × every persona answers as tests/url_matrix.py (and docs/permissions.md) says."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from conftest import Personas, login
from leerweg.accounts.models import ApiToken
from leerweg.accounts.services import api_token_create
from leerweg.assessment.models import PeerFeedbackRequest, RubricCriterion, RubricLevel
from leerweg.assessment.services import (
    group_peer_feedback_set,
    peer_comment_add,
    peer_request_open,
)
from leerweg.assessment.tests.factories import assessment_url_arguments
from leerweg.coaching.tests.factories import coaching_url_arguments
from leerweg.consent.tests.factories import consent_url_arguments
from leerweg.credentials.tests.batch_factories import batch_url_arguments
from leerweg.credentials.tests.documents_factories import documents_url_arguments
from leerweg.credentials.tests.trust_factories import trust_url_arguments
from leerweg.curriculum.tests.factories import curriculum_url_arguments
from leerweg.directory.tests.factories import directory_url_arguments
from leerweg.flex.models import AllocationRun, FlexWeek, RunState
from leerweg.flex.tests.factories import flex_url_arguments, open_monday
from leerweg.initiatives.tests.factories import initiatives_url_arguments
from leerweg.insight.roles import available_roles
from leerweg.lrs.tests.credential_factories import credential_url_arguments
from leerweg.lrs.tests.mapping_factories import mapping_url_arguments
from leerweg.networks.tests.factories import network_url_arguments
from leerweg.notifications.models import Notification, NotificationKind
from leerweg.notifications.services import notification_send
from leerweg.paths.models import ProposalAction, RouteItemKind, RouteProposal
from leerweg.paths.services.route import RouteItemValues, route_proposal_create
from leerweg.schools.models import School
from tests.url_matrix import MATRIX, PERSONAS, Answer, render_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
ADMIN_NAMESPACE = "admin"


def walk(patterns, namespace: str = ""):
    """(namespace, name, pattern) of every URL pattern, following includes."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from walk(pattern.url_patterns, ":".join(filter(None, [namespace, inner])))
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern.name, pattern


def all_url_names() -> dict[str, URLPattern]:
    return {
        f"{namespace}:{name}" if namespace else name: pattern
        for namespace, name, pattern in walk(get_resolver().url_patterns)
        if name
    }


def open_route_proposal(personas: Personas) -> RouteProposal:
    """An open proposal by Sanne's mentor to add an activity to her route."""
    existing = RouteProposal.objects.filter(student=personas.student_record).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    return route_proposal_create(
        student=personas.student_record,
        proposed_by=personas.mentor,
        by_student=False,
        action=ProposalAction.ADD,
        proposed=RouteItemValues(
            kind=RouteItemKind.ACTIVITY,
            title="Debatclub",
            starts_on=today,
            ends_on=today + timedelta(weeks=2),
        ),
    )


def sannes_api_token(personas: Personas) -> ApiToken:
    existing = ApiToken.objects.filter(user=personas.student).first()
    if existing is not None:
        return existing
    role_key = available_roles(personas.student)[0].key
    return api_token_create(user=personas.student, name="Planner", role_key=role_key)[0]


def sannes_notification(personas: Personas) -> Notification:
    existing = Notification.objects.filter(recipient=personas.student).first()
    if existing is not None:
        return existing
    return notification_send(
        recipient=personas.student,
        kind=NotificationKind.FEEDBACK,
        title=gettext_noop("New feedback on “%(goal)s”"),
        params={"goal": personas.own_goal.title},
        link=reverse("paths:goal-list", args=[personas.student_record.public_id]),
    )


def sannes_peer_request(personas: Personas) -> dict[str, object]:
    """Peer feedback on in 4H1; Sanne asks 4H1 about her evidence; Mila answered."""
    existing = PeerFeedbackRequest.objects.filter(evidence=personas.evidence).first()
    if existing is None:
        group_peer_feedback_set(group=personas.group, enabled=True, changed_by=personas.mentor)
        existing = peer_request_open(evidence=personas.evidence, group=personas.group)
        peer_comment_add(
            request=existing, author=personas.young_student_record, tops="Mooie plaatjes."
        )
    comment = existing.comments.get()
    return {"peer_request_id": existing.public_id, "peer_comment_id": comment.public_id}


def _flex_run(school: School) -> AllocationRun:
    """A finished allocation run of the school's open flex week (no placements)."""
    week = FlexWeek.objects.get(school=school, monday=open_monday())
    run = AllocationRun.objects.filter(week=week).first()
    return run or AllocationRun.objects.create(
        week=week, objective="convex", seed=1, state=RunState.DONE
    )


def url_arguments(personas: Personas) -> dict[str, object]:
    """Values for URL arguments: always about Sanne and her group."""
    return {
        "student_id": personas.student_record.public_id,
        "group_id": personas.group.pk,
        "goal_id": personas.own_goal.public_id,
        "evidence_id": personas.evidence.public_id,
        "item_id": personas.route_item.public_id,
        "proposal_id": open_route_proposal(personas).public_id,
        "step_id": personas.step.pk,
        "talent_id": personas.talent.pk,
        "activity_id": personas.activity.public_id,
        "token_id": sannes_api_token(personas).public_id,
        "notification_id": sannes_notification(personas).public_id,
        **curriculum_url_arguments(personas.school),
        **assessment_url_arguments(personas.school, personas.mentor),
        **coaching_url_arguments(personas.student_record, personas.mentor),
        **flex_url_arguments(personas.school, personas.mentor, personas.student_record),
        "run_id": _flex_run(personas.school).public_id,
        **sannes_peer_request(personas),
        **network_url_arguments(personas.school, personas.leader),
        **initiatives_url_arguments(),
        **directory_url_arguments(personas.partner_organisation),
        **consent_url_arguments(
            personas.student_record, personas.partner_organisation, personas.partner_without_consent
        ),
        **trust_url_arguments(personas.student_record),
        **documents_url_arguments(personas.student_record),
        **batch_url_arguments(personas.group, personas.leader),
        **mapping_url_arguments(personas.school, personas.partner_organisation),
        **credential_url_arguments(personas.school),
        "uidb64": "MQ",
        "token": "not-a-valid-token",
        # Admin patterns; only used to check that the admin stays closed.
        "app_label": sorted({model._meta.app_label for model in admin.site._registry})[0],
        "object_id": "1",
        "id": "1",
        "content_type_id": 1,
        "url": "unknown",
    }


def build_url(name: str, pattern: URLPattern, personas: Personas) -> str:
    values = url_arguments(personas)
    wanted = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
    missing = [arg for arg in wanted if arg not in values]
    assert not missing, f"{name}: add a value for {missing} in url_arguments()"
    return reverse(name, kwargs={arg: values[arg] for arg in wanted})


def rubric_levels(rubric_id: int) -> dict[str, int]:
    """The first level for every criterion of the rubric: ``{criterion id: level id}``."""
    first = RubricLevel.objects.filter(rubric_id=rubric_id).order_by("rank").first()
    assert first is not None
    criteria = RubricCriterion.objects.filter(rubric_id=rubric_id)
    return {str(criterion.pk): first.pk for criterion in criteria}


def data_arguments(personas: Personas) -> dict[str, object]:
    """What rows that make their data from arguments may use."""
    arguments = url_arguments(personas)
    return {
        **arguments,
        "rubric_levels": rubric_levels(arguments["rubric_id"]),  # type: ignore[arg-type]
        "today": timezone.localdate(),
        "html_upload": lambda: SimpleUploadedFile(
            "pagina.html", b"<!doctype html><script>alert(1)</script>", "text/html"
        ),
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Files the URLs store or serve (the ZIP of a batch of Plusdocuments) stay in tmp."""
    settings.MEDIA_ROOT = tmp_path / "media"


def answer_of(response, name: str) -> Answer:
    if response.status_code == 302:
        login_urls = (reverse("accounts:login"), reverse("admin:login"))
        if response["Location"].startswith(login_urls):
            return Answer.LOGIN
        return Answer.REDIRECT
    return Answer(str(response.status_code))


def test_every_url_has_a_row_in_the_matrix():
    unnamed = [
        str(pattern.pattern)
        for namespace, name, pattern in walk(get_resolver().url_patterns)
        if not name and namespace != ADMIN_NAMESPACE
    ]
    assert not unnamed, f"Every URL pattern needs a name, so the matrix can name it: {unnamed}"
    names = {name for name in all_url_names() if not name.startswith(f"{ADMIN_NAMESPACE}:")}
    missing = sorted(names - set(MATRIX))
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URLs without a row in tests/url_matrix.py: {missing}"
    assert not stale, f"Rows in tests/url_matrix.py for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_every_persona_as_the_matrix_says(name: str, personas: Personas):
    pattern = all_url_names()[name]
    url = build_url(name, pattern, personas)
    expected = MATRIX[name]
    extra = {"content_type": expected.content_type} if expected.content_type else {}
    wrong = []
    for persona in PERSONAS:
        client = login(Client(), personas.get(persona))
        data = expected.data(data_arguments(personas)) if callable(expected.data) else expected.data
        response = getattr(client, expected.method)(url, data, **extra)
        got = answer_of(response, name)
        if got != expected.answers[persona]:
            wrong.append(f"{persona}: expected {expected.answers[persona]}, got {got}")
    assert not wrong, f"{expected.method.upper()} {url}\n" + "\n".join(wrong)


def test_admin_is_closed_to_everyone_without_admin_rights(personas: Personas):
    """Each admin URL sends anyone who is not a school admin or superuser to the admin login.

    What a school admin may do inside the admin is tested in tests/test_admin.py.
    """
    # The admin's own login and logout pages are meant to be reachable.
    open_to_all = {"admin:login", "admin:logout"}
    admin_urls = {
        n: p for n, p in all_url_names().items() if n.startswith("admin:") and n not in open_to_all
    }
    assert admin_urls
    outsiders = [p for p in PERSONAS if p != "school_admin"]
    wrong = []
    for name, pattern in sorted(admin_urls.items()):
        url = build_url(name, pattern, personas)
        for persona in outsiders:
            response = login(Client(), personas.get(persona)).get(url)
            if response.status_code not in (302, 404) or (
                response.status_code == 302 and answer_of(response, name) is not Answer.LOGIN
            ):
                wrong.append(f"{name} as {persona}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_permissions_doc_shows_the_current_matrix():
    doc = DOC.read_text(encoding="utf-8")
    start, end = "<!-- url-matrix:start -->\n", "<!-- url-matrix:end -->"
    assert start in doc and end in doc, "docs/permissions.md lost its url-matrix markers"
    current = doc.split(start, 1)[1].split(end, 1)[0]
    assert current == render_markdown(), "Run `make permissions-doc` to update docs/permissions.md"
