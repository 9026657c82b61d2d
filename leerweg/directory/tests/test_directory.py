"""The public directory: search, filters, detail, caching; partners keep their own entry."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas, login
from leerweg.core.search import text_search
from leerweg.directory.models import DirectoryEntry
from leerweg.directory.selectors import SEARCH_FIELDS
from leerweg.directory.tests.factories import make_entry

pytestmark = pytest.mark.django_db
URL = "/regio/"


def names(response) -> list[str]:
    return [entry.name for entry in response.context["page"].object_list]


def test_search_and_filters():
    make_entry(name="Theater De Lampegiet", kind="culture", region="ZH", tags="toneel, dans")
    make_entry(name="Techniek Nederland", kind="national", region="", tags="techniek")
    make_entry(name="Verborgen", is_listed=False)
    client = Client()
    assert names(client.get(URL)) == ["Techniek Nederland", "Theater De Lampegiet"]
    assert names(client.get(URL, {"q": "toneel"})) == ["Theater De Lampegiet"]
    assert names(client.get(URL, {"kind": "national"})) == ["Techniek Nederland"]
    # A region shows its own organisations and the national ones.
    assert names(client.get(URL, {"region": "ZH"})) == [
        "Techniek Nederland",
        "Theater De Lampegiet",
    ]
    assert names(client.get(URL, {"region": "GR"})) == ["Techniek Nederland"]
    assert client.get(URL, {"kind": "nonsense", "page": "999"}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_search_finds_other_forms_of_a_dutch_word():
    make_entry(name="Voetbalclub Noord", tags="voetbal", description="Trainingen voor leerlingen.")
    make_entry(name="Museum Oost", tags="kunst", description="Rondleidingen voor klassen.")
    assert names(Client().get(URL, {"q": "leerling"})) == ["Voetbalclub Noord"]
    assert names(Client().get(URL, {"q": "rondleiding klas"})) == ["Museum Oost"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_a_search_uses_the_search_index():
    for number in range(30):
        make_entry(name=f"Club {number}")
    # The search's expression must be the index's, word for word, or the index goes unused.
    queryset = text_search(DirectoryEntry.objects.all(), "buitenles", SEARCH_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "entry_search" in plan


def test_search_needs_every_word_and_accepts_unfinished_words():
    make_entry(name="Voetbalclub Noord", tags="voetbal, sport", region="UT")
    make_entry(name="Zwemclub Zuid", tags="zwemmen, sport", region="UT")
    assert names(Client().get(URL, {"q": "sport voetbal"})) == ["Voetbalclub Noord"]
    assert names(Client().get(URL, {"q": "zwemclu"})) == ["Zwemclub Zuid"]
    assert Client().get(URL, {"q": "a & !(b | c):*"}).status_code == 200


def test_the_list_costs_the_same_queries_for_more_entries():
    make_entry()
    Client().get(URL)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        Client().get(URL)
    for number in range(30):
        make_entry(name=f"Club {number}")
    with CaptureQueriesContext(connection) as many:
        Client().get(URL)
    assert len(many) == len(few) <= 4
    # Until an entry changes, the list comes from the cache: one query for the version.
    with CaptureQueriesContext(connection) as again:
        Client().get(URL)
    assert len(again) == 1


def test_a_changed_entry_shows_at_once_in_a_cached_list():
    entry = make_entry(name="Oude naam")
    assert b"Oude naam" in Client().get(URL, {"q": "natuur"}).content
    entry.name = "Nieuwe naam"
    entry.save()
    content = Client().get(URL, {"q": "natuur"}).content
    assert b"Nieuwe naam" in content and b"Oude naam" not in content


def test_detail_shows_public_contact_and_escapes_html():
    entry = make_entry(description="<script>alert(1)</script>", website="https://example.org")
    response = Client().get(reverse("directory:entry-detail", args=[entry.public_id]))
    assert response.status_code == 200
    assert b"educatie@example.org" in response.content
    assert b"<script>alert(1)" not in response.content
    hidden = make_entry(name="Weg", is_listed=False)
    assert (
        Client().get(reverse("directory:entry-detail", args=[hidden.public_id])).status_code == 404
    )


def test_public_cache_headers_for_anonymous_only(personas: Personas):
    make_entry()
    response = Client().get(URL)
    assert "public" in response["Cache-Control"]
    assert Client().get(URL, headers={"if-none-match": response["ETag"]}).status_code == 304
    logged_in = login(Client(), personas.student).get(URL)
    assert "private" in logged_in["Cache-Control"]
    assert not logged_in.has_header("ETag")


def entry_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "VV De Toekomst",
        "kind": "club",
        "description": "Voetbal voor iedereen.",
        "offers_schools": "Clinics en sportdagen.",
        "region": "UT",
        "town": "Utrecht",
        "tags": "voetbal, sport",
        "website": "https://toekomst.example",
        "contact_email": "jeugd@toekomst.example",
        "contact_phone": "",
    }
    data.update(changes)
    return data


def test_a_partner_keeps_their_own_entry(personas: Personas):
    client = login(Client(), personas.partner_with_consent)
    url = reverse("directory:entry-edit")
    assert client.get(url).status_code == 200
    assert client.post(url, entry_data(name="")).status_code == 400
    assert not DirectoryEntry.objects.exists()
    assert client.post(url, entry_data()).status_code == 302
    client.post(url, entry_data(town="Zeist"))
    entry = DirectoryEntry.objects.get()
    assert entry.partner == personas.partner_organisation
    assert entry.town == "Zeist"
    # The other partner edits their own, separate entry.
    other = login(Client(), personas.partner_without_consent)
    other.post(url, entry_data(name="Muziekschool Klank"))
    assert DirectoryEntry.objects.count() == 2
    entry.refresh_from_db()
    assert entry.name == "VV De Toekomst"


def test_only_partners_keep_entries(personas: Personas):
    for user in (personas.student, personas.leader):
        assert login(Client(), user).get(reverse("directory:entry-edit")).status_code == 403
