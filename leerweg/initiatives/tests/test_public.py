"""The public pages: filters, detail, regions, obstacles, export; no contact data; caching."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from conftest import login
from leerweg.core.search import text_search
from leerweg.initiatives.models import Initiative, InitiativeStatus
from leerweg.initiatives.selectors import SEARCH_FIELDS
from leerweg.initiatives.services import ObstacleValues, initiative_edit, initiative_publish
from leerweg.initiatives.tests.factories import make_initiative
from leerweg.initiatives.views.public import safe_cell

pytestmark = pytest.mark.django_db
CONTACT = ("Jan Geheim", "jan.geheim@example.org", "06-12345678")


def titles(response) -> list[str]:
    return [initiative.title for initiative in response.context["page"].object_list]


def test_only_published_initiatives_are_listed():
    make_initiative(title="Gepubliceerd")
    make_initiative(title="Wacht", status=InitiativeStatus.PENDING)
    make_initiative(title="Afgewezen", status=InitiativeStatus.REJECTED)
    response = Client().get(reverse("initiatives:initiative-list"))
    assert response.status_code == 200
    assert titles(response) == ["Gepubliceerd"]


def test_filters_and_search():
    make_initiative(title="Ateliers", sector="VO", region="UT")
    make_initiative(
        title="Talentmiddag", sector="PO", region="GE", obstacles=(("diplomas", "Geen diploma"),)
    )
    url = reverse("initiatives:initiative-list")
    assert titles(Client().get(url, {"sector": "PO"})) == ["Talentmiddag"]
    assert titles(Client().get(url, {"region": "UT"})) == ["Ateliers"]
    assert titles(Client().get(url, {"category": "diplomas"})) == ["Talentmiddag"]
    assert titles(Client().get(url, {"q": "talentmid"})) == ["Talentmiddag"]
    # Unknown filter values are ignored, not an error.
    assert Client().get(url, {"sector": "XX", "page": "zz"}).status_code == 200


def test_the_list_makes_the_same_number_of_queries_for_many_initiatives():
    make_initiative()
    url = reverse("initiatives:initiative-list")
    Client().get(url)  # warm up the session machinery
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        Client().get(url)
    for number in range(15):
        make_initiative(
            title=f"Initiatief {number}", obstacles=(("other", "a"), ("examining", "b"))
        )
    with CaptureQueriesContext(connection) as many:
        Client().get(url)
    assert len(many) == len(few) <= 5
    # Until the register changes, the list comes from the cache: one query for the version.
    with CaptureQueriesContext(connection) as again:
        response = Client().get(url, {"category": "other"})
        Client().get(url, {"category": "other"})
    assert len(again) <= 4 + 1
    assert response.context["page"].paginator.count == 15


def test_a_new_publication_shows_at_once_in_a_cached_list(moderator):
    make_initiative(title="Eerste")
    url = reverse("initiatives:initiative-list")
    for query in ({}, {"q": "ateliers"}):
        assert titles(Client().get(url, query)) == ["Eerste"]
    waiting = make_initiative(title="Tweede", status=InitiativeStatus.PENDING)
    initiative_publish(initiative=waiting, moderator=moderator)
    for query in ({}, {"q": "ateliers"}):
        response = Client().get(url, query)
        assert response.context["page"].paginator.count == 2
        assert b"Tweede" in response.content


def test_public_pages_never_show_contact_data():
    initiative = make_initiative()
    urls = [
        reverse("initiatives:initiative-list"),
        reverse("initiatives:initiative-detail", args=[initiative.public_id]),
        reverse("initiatives:region-overview"),
        reverse("initiatives:obstacle-overview"),
        reverse("initiatives:obstacle-report"),
    ]
    for url in urls:
        content = Client().get(url).content.decode()
        for secret in CONTACT:
            assert secret not in content, (url, secret)
    csv = Client().get(reverse("initiatives:obstacle-csv")).getvalue().decode()
    for secret in CONTACT:
        assert secret not in csv


def test_an_unpublished_initiative_has_no_public_page():
    initiative = make_initiative(status=InitiativeStatus.PENDING)
    url = reverse("initiatives:initiative-detail", args=[initiative.public_id])
    assert Client().get(url).status_code == 404


def test_html_in_an_initiative_is_shown_as_text():
    initiative = make_initiative(
        title="<b>Vet</b>", obstacles=(("other", "<script>alert('x')</script>"),)
    )
    content = (
        Client().get(reverse("initiatives:initiative-detail", args=[initiative.public_id])).content
    )
    assert b"<script>alert" not in content and b"<b>Vet</b>" not in content
    assert b"&lt;b&gt;Vet&lt;/b&gt;" in content
    overview = Client().get(reverse("initiatives:obstacle-overview")).content
    assert b"<script>alert" not in overview


def test_region_counts():
    make_initiative(region="UT", obstacles=(("other", "a"), ("other", "b")))
    make_initiative(region="UT")
    make_initiative(region="LI")
    regions = {
        r.code: r for r in Client().get(reverse("initiatives:region-overview")).context["regions"]
    }
    assert len(regions) == 12
    assert (regions["UT"].initiatives, regions["UT"].obstacles, regions["UT"].percent) == (
        2,
        3,
        100,
    )
    assert (regions["LI"].initiatives, regions["LI"].percent) == (1, 50)
    assert regions["ZE"].initiatives == 0


def test_obstacle_counts_per_category_sector_and_region_with_examples():
    make_initiative(sector="VO", region="UT", obstacles=(("examining", "PTA"), ("diplomas", "D1")))
    make_initiative(sector="PO", region="UT", obstacles=(("examining", "Toetsen"),))
    make_initiative(
        sector="PO", region="UT", status=InitiativeStatus.PENDING, obstacles=(("examining", "X"),)
    )
    overview = Client().get(reverse("initiatives:obstacle-overview")).context["overview"]
    examining = next(row for row in overview.by_sector if row.code == "examining")
    assert examining.cells == [1, 1, 0]  # PO, VO, MBO
    assert overview.total == 3
    utrecht = next(row for row in overview.by_region if row.code == "UT")
    assert utrecht.total == 3
    assert {o.description for o in overview.examples["examining"]} == {"PTA", "Toetsen"}
    assert overview.examples["validating"] == []


def test_csv_export_is_excel_friendly_and_guards_against_formulas():
    make_initiative(title='=HYPERLINK("x")', obstacles=(("other", '+31 regels; en "quotes"'),))
    response = Client().get(reverse("initiatives:obstacle-csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = response.getvalue().decode("utf-8")
    assert content.startswith("\ufeff")
    lines = content.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Category;Description;Initiative")
    assert '\'+31 regels; en ""quotes""' in lines[1]
    assert "'=HYPERLINK" in lines[1]


@pytest.mark.parametrize(
    "value, expected",
    [("=1+1", "'=1+1"), ("-2", "'-2"), ("@SUM", "'@SUM"), ("gewoon", "gewoon"), (None, "")],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_anonymous_responses_are_publicly_cacheable_and_revalidate():
    initiative = make_initiative()
    url = reverse("initiatives:initiative-list")
    response = Client().get(url)
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"] and "Accept-Language" in response["Vary"]
    assert response["Last-Modified"] == http_date(initiative.updated_at.timestamp())
    again = Client().get(url, headers={"if-modified-since": response["Last-Modified"]})
    assert again.status_code == 304
    assert Client().get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
    # A newer publication makes the old copy stale, also within the same second.
    make_initiative(title="Nieuw")
    fresh = Client().get(url, headers={"if-none-match": response["ETag"]})
    assert fresh.status_code == 200


def test_logged_in_responses_are_private_and_never_not_modified(personas):
    make_initiative()
    url = reverse("initiatives:obstacle-overview")
    client = login(Client(), personas.leader)
    response = client.get(url)
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert not response.has_header("Last-Modified")
    later = http_date((timezone.now() + timedelta(days=1)).timestamp())
    assert client.get(url, headers={"if-modified-since": later}).status_code == 200


# --- Search and cached figures ----------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


@on_postgresql
def test_search_finds_other_forms_of_a_dutch_word():
    make_initiative(title="Eigen tempo", description="Elke leerling kiest een eigen route.")
    make_initiative(title="Ateliers", description="Wij werken met ateliers voor leerlingen.")
    make_initiative(title="Talent", description="Wij werken met talenten.")
    url = reverse("initiatives:initiative-list")
    # Neither page contains the word typed, only another form of it.
    assert titles(Client().get(url, {"q": "leerlingen ateliers"})) == ["Ateliers"]
    assert set(titles(Client().get(url, {"q": "leerling"}))) == {"Eigen tempo", "Ateliers"}
    assert titles(Client().get(url, {"q": "talent"})) == ["Talent"]
    assert titles(Client().get(url, {"q": "leerlingen"})) == ["Ateliers", "Eigen tempo"]


@on_postgresql
def test_a_search_uses_the_search_index():
    for number in range(30):
        make_initiative(title=f"Initiatief {number}")
    # The search's expression must be the index's, word for word, or the index goes unused.
    queryset = text_search(Initiative.objects.all(), "leerlingen", SEARCH_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "initiative_search" in plan


def test_search_needs_every_word_and_accepts_unfinished_words():
    make_initiative(title="Talentmiddag", organisation="De Horizon", description="Sport en kunst.")
    make_initiative(title="Ateliers", organisation="Het Baken", description="Kunst.")
    url = reverse("initiatives:initiative-list")
    assert titles(Client().get(url, {"q": "kunst horizon"})) == ["Talentmiddag"]
    assert titles(Client().get(url, {"q": "talentmid"})) == ["Talentmiddag"]
    assert set(titles(Client().get(url, {"q": "KUNST"}))) == {"Talentmiddag", "Ateliers"}


@pytest.mark.parametrize("text", ["a & b | !c", "kunst:* <-> (x", "' \" \\", "!!!", "a_b"])
def test_search_syntax_in_the_words_is_never_an_error(text):
    make_initiative()
    response = Client().get(reverse("initiatives:initiative-list"), {"q": text})
    assert response.status_code == 200


def test_the_unfiltered_list_counts_without_a_count_query():
    for number in range(3):
        make_initiative(title=f"Initiatief {number}")
    make_initiative(title="Wacht", status=InitiativeStatus.PENDING)
    url = reverse("initiatives:initiative-list")
    Client().get(url)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.context["page"].paginator.count == 3
    assert not [q for q in queries.captured_queries if "COUNT(*)" in q["sql"].upper()]


def test_obstacle_figures_are_cached_until_the_register_changes(moderator):
    make_initiative(sector="VO", obstacles=(("examining", "Het PTA"),))
    url = reverse("initiatives:obstacle-overview")
    first = Client().get(url).context["overview"]
    assert first.total == 1
    with CaptureQueriesContext(connection) as cached:
        again = Client().get(url).context["overview"]
    assert again.total == 1
    assert not [q for q in cached.captured_queries if "initiatives_obstacle" in q["sql"]]
    # A new publication shows at once, also within the same second.
    waiting = make_initiative(
        sector="PO", status=InitiativeStatus.PENDING, obstacles=(("diplomas", "Geen diploma"),)
    )
    initiative_publish(initiative=waiting, moderator=moderator)
    after = Client().get(url).context["overview"]
    assert after.total == 2
    assert [o.description for o in after.examples["diplomas"]] == ["Geen diploma"]
    # So does a moderator's correction of a published obstacle.
    obstacle = waiting.obstacles.get()
    initiative_edit(
        initiative=waiting,
        values={},
        obstacles={obstacle.pk: ObstacleValues(category="validating", description="Erkenning")},
    )
    corrected = Client().get(url).context["overview"]
    assert corrected.examples["diplomas"] == []
    assert [o.description for o in corrected.examples["validating"]] == ["Erkenning"]


def test_cached_figures_follow_the_language():
    make_initiative()
    url = reverse("initiatives:obstacle-overview")
    english = Client().get(url, headers={"accept-language": "en"}).context["overview"]
    dutch = Client().get(url, headers={"accept-language": "nl"}).context["overview"]
    assert "Examining" in english.region_columns
    assert "Examining" not in dutch.region_columns
