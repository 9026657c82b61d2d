"""The public form: valid submissions, bad input, spam protection and e-mail confirmation."""

import re
import time

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from leerweg.initiatives.forms import STARTED_SALT, form_started_stamp
from leerweg.initiatives.models import Initiative, InitiativeStatus, Obstacle
from leerweg.initiatives.services import confirmation_token

pytestmark = pytest.mark.django_db
URL = "/initiatieven/aanmelden/"


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "started": form_started_stamp(),
        "homepage": "",
        "organisation": "OBS De Wilg",
        "organisation_kind": "school",
        "sector": "PO",
        "region": "GE",
        "title": "Talentmiddagen",
        "description": "Elke vrijdagmiddag kiezen leerlingen een eigen project.",
        "since": "2022-09-01",
        "contact_name": "Anouk Bos",
        "contact_email": "anouk@example.org",
        "contact_phone": "",
        "obstacles-TOTAL_FORMS": "2",
        "obstacles-INITIAL_FORMS": "0",
        "obstacles-MIN_NUM_FORMS": "1",
        "obstacles-MAX_NUM_FORMS": "10",
        "obstacles-0-category": "qualifying",
        "obstacles-0-description": "Kerndoelen passen niet bij projecten.",
        "obstacles-1-category": "diplomas",
        "obstacles-1-description": "Geen erkenning voor wat ze buiten school leren.",
        "send": "1",
    }
    data.update(changes)
    return data


def test_the_form_shows_two_obstacle_forms():
    response = Client().get(URL)
    assert response.status_code == 200
    assert response.context["obstacles"].total_form_count() == 2


def test_a_valid_submission_stores_it_unconfirmed_and_mails_a_link(submit):
    response = submit(Client(), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:register-sent")
    initiative = Initiative.objects.get()
    assert initiative.status == InitiativeStatus.UNCONFIRMED
    assert list(initiative.obstacles.values_list("category", flat=True)) == [
        "qualifying",
        "diplomas",
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anouk@example.org"]
    assert "/initiatieven/bevestigen/" in mail.outbox[0].body


def test_an_empty_second_obstacle_is_left_out():
    Client().post(URL, form_data(**{"obstacles-1-category": "", "obstacles-1-description": ""}))
    assert Obstacle.objects.count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"region": "XX"}, "region"),
        ({"since": "2999-01-01"}, "since"),
        ({"organisation_kind": ""}, "organisation_kind"),
    ],
)
def test_bad_fields_give_field_errors_and_store_nothing(changes, field):
    response = Client().post(URL, form_data(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Initiative.objects.exists()
    assert not mail.outbox


def test_without_any_obstacle_nothing_is_stored():
    data = form_data(
        **{
            "obstacles-0-category": "",
            "obstacles-0-description": "",
            "obstacles-1-category": "",
            "obstacles-1-description": "",
        }
    )
    response = Client().post(URL, data)
    assert response.status_code == 400
    assert response.context["obstacles"].errors[0]
    assert not Initiative.objects.exists()


def test_an_obstacle_without_description_is_an_error():
    response = Client().post(URL, form_data(**{"obstacles-1-description": ""}))
    assert response.status_code == 400
    assert "description" in response.context["obstacles"].errors[1]
    assert not Initiative.objects.exists()


def test_broken_management_form_stores_nothing():
    response = Client().post(URL, form_data(**{"obstacles-TOTAL_FORMS": "abc"}))
    assert response.status_code == 400
    assert not Initiative.objects.exists()


def test_add_another_obstacle_keeps_what_was_typed_without_errors():
    response = Client().post(URL, form_data(add_obstacle="1", send=""))
    assert response.status_code == 200
    obstacles = response.context["obstacles"]
    assert obstacles.total_form_count() == 3
    assert not response.context["form"].is_bound
    assert response.context["form"].initial["title"] == "Talentmiddagen"
    assert b"Kerndoelen passen niet bij projecten." in response.content
    assert not Initiative.objects.exists()


def test_a_filled_honeypot_is_refused():
    response = Client().post(URL, form_data(homepage="http://spam.example"))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Initiative.objects.exists()


def test_a_form_sent_too_fast_is_refused_and_can_be_sent_again(settings):
    settings.LEERWEG_REGISTER_MIN_SECONDS = 60
    response = Client().post(URL, form_data())
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Initiative.objects.exists()
    # The redisplayed form carries a new start time.
    assert response.context["form"].data["started"] != ""


def test_an_old_enough_stamp_is_accepted(settings):
    settings.LEERWEG_REGISTER_MIN_SECONDS = 60
    signer = signing.TimestampSigner(salt=STARTED_SALT)
    stamp = signer.sign(str(int(time.time()) - 120))
    assert Client().post(URL, form_data(started=stamp)).status_code == 302


def test_a_forged_stamp_is_refused():
    response = Client().post(URL, form_data(started="1700000000:forged"))
    assert response.status_code == 400
    assert not Initiative.objects.exists()


def test_flooding_from_one_address_is_throttled(settings):
    settings.LEERWEG_REGISTER_THROTTLE = (2, 3600)
    client = Client()
    assert client.post(URL, form_data()).status_code == 302
    assert client.post(URL, form_data(title="")).status_code == 400
    response = client.post(URL, form_data(title="Derde"))
    assert response.status_code == 429
    assert Initiative.objects.count() == 1
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(URL, form_data(title="Vierde")).status_code == 302


def test_html_in_the_form_is_shown_as_text():
    response = Client().post(URL, form_data(title="<script>alert(1)</script>", contact_email="x"))
    assert response.status_code == 400
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def _token_from_mail() -> str:
    match = re.search(r"/initiatieven/bevestigen/([^/\s]+)/", str(mail.outbox[0].body))
    assert match
    return match.group(1)


def test_confirming_moves_the_submission_to_the_queue(submit):
    submit(Client(), form_data())
    token = _token_from_mail()
    url = reverse("initiatives:confirm", args=[token])
    asked = Client().get(url)
    assert asked.status_code == 200
    assert Initiative.objects.get().status == InitiativeStatus.UNCONFIRMED  # GET changes nothing
    response = Client().post(url)
    assert response.context["confirmed"]
    initiative = Initiative.objects.get()
    assert initiative.status == InitiativeStatus.PENDING
    assert initiative.confirmed_at is not None
    Client().post(url)  # twice is harmless
    assert Initiative.objects.get().status == InitiativeStatus.PENDING


def test_an_invalid_or_expired_link_confirms_nothing(settings):
    Client().post(URL, form_data())
    initiative = Initiative.objects.get()
    response = Client().post(reverse("initiatives:confirm", args=["nonsense"]))
    assert not response.context["confirmed"]
    settings.LEERWEG_REGISTER_CONFIRM_DAYS = -1
    token = confirmation_token(initiative)
    response = Client().post(reverse("initiatives:confirm", args=[token]))
    assert not response.context["confirmed"]
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.UNCONFIRMED
