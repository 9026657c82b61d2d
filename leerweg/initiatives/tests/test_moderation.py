"""Moderators publish, reject with a reason, and correct typos; the decision is recorded."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import login
from leerweg.initiatives.models import InitiativeStatus
from leerweg.initiatives.tests.factories import make_initiative

pytestmark = pytest.mark.django_db


def edit_data(initiative, **changes):
    data = {
        "organisation": initiative.organisation,
        "title": initiative.title,
        "description": initiative.description,
        "since": initiative.since.isoformat(),
        "sector": initiative.sector,
        "region": initiative.region,
    }
    for obstacle in initiative.obstacles.all():
        data[f"obstacle-{obstacle.pk}-category"] = obstacle.category
        data[f"obstacle-{obstacle.pk}-description"] = obstacle.description
    data.update(changes)
    return data


def test_the_queue_shows_confirmed_submissions_only(moderator):
    make_initiative(status=InitiativeStatus.PENDING, title="Bevestigd")
    make_initiative(status=InitiativeStatus.UNCONFIRMED, title="Onbevestigd")
    response = login(Client(), moderator).get(reverse("initiatives:moderation-list"))
    assert response.status_code == 200
    assert [i.title for i in response.context["queue"]] == ["Bevestigd"]


def test_people_without_the_permission_get_403(personas):
    response = login(Client(), personas.leader).get(reverse("initiatives:moderation-list"))
    assert response.status_code == 403
    initiative = make_initiative(status=InitiativeStatus.PENDING)
    url = reverse("initiatives:moderation-detail", args=[initiative.public_id])
    response = login(Client(), personas.leader).post(url, {"action": "publish"})
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.PENDING


def test_publishing_with_a_correction_records_who_and_when(moderator):
    initiative = make_initiative(status=InitiativeStatus.PENDING, title="Leeratelers")
    url = reverse("initiatives:moderation-detail", args=[initiative.public_id])
    client = login(Client(), moderator)
    response = client.post(
        url, {**edit_data(initiative, title="Leerateliers"), "action": "publish"}
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Leerateliers"
    assert initiative.status == InitiativeStatus.PUBLISHED
    assert initiative.decided_by == moderator
    assert initiative.published_at and initiative.decided_at
    public = Client().get(reverse("initiatives:initiative-detail", args=[initiative.public_id]))
    assert public.status_code == 200


def test_saving_corrections_keeps_it_in_the_queue(moderator):
    initiative = make_initiative(status=InitiativeStatus.PENDING)
    obstacle = initiative.obstacles.get()
    url = reverse("initiatives:moderation-detail", args=[initiative.public_id])
    changes = {f"obstacle-{obstacle.pk}-description": "Het PTA laat geen eigen tempo toe!"}
    login(Client(), moderator).post(url, {**edit_data(initiative, **changes), "action": "save"})
    obstacle.refresh_from_db()
    initiative.refresh_from_db()
    assert obstacle.description.endswith("!")
    assert initiative.status == InitiativeStatus.PENDING


def test_an_invalid_correction_changes_nothing(moderator):
    initiative = make_initiative(status=InitiativeStatus.PENDING)
    url = reverse("initiatives:moderation-detail", args=[initiative.public_id])
    response = login(Client(), moderator).post(
        url, {**edit_data(initiative, title=""), "action": "publish"}
    )
    assert response.status_code == 400
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.PENDING
    assert initiative.title


def test_rejecting_needs_a_reason_and_mails_it(moderator, django_capture_on_commit_callbacks):
    initiative = make_initiative(status=InitiativeStatus.PENDING)
    url = reverse("initiatives:moderation-detail", args=[initiative.public_id])
    client = login(Client(), moderator)
    assert client.post(url, {"action": "reject", "reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "reject", "reason": "Dit is reclame."})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.REJECTED
    assert initiative.decided_by == moderator
    assert mail.outbox[-1].to == ["jan.geheim@example.org"]
    assert "Dit is reclame." in mail.outbox[-1].body
    public = Client().get(reverse("initiatives:initiative-detail", args=[initiative.public_id]))
    assert public.status_code == 404


def test_unconfirmed_submissions_cannot_be_moderated(moderator):
    initiative = make_initiative(status=InitiativeStatus.UNCONFIRMED)
    url = reverse("initiatives:moderation-detail", args=[initiative.public_id])
    assert login(Client(), moderator).get(url).status_code == 404


def test_expired_unconfirmed_submissions_are_purged_with_their_contact_data():
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from leerweg.initiatives.models import Initiative

    old = make_initiative(status=InitiativeStatus.UNCONFIRMED, title="Oud")
    Initiative.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    make_initiative(status=InitiativeStatus.UNCONFIRMED, title="Vers")
    make_initiative(status=InitiativeStatus.PENDING, title="Bevestigd")
    call_command("purge_unconfirmed_initiatives", stdout=io.StringIO())
    assert sorted(Initiative.objects.values_list("title", flat=True)) == ["Bevestigd", "Vers"]
