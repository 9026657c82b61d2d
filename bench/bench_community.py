"""Time the public register and directory pages with 5,000 initiatives and 10,000 entries.

Issue 8 ("Speed"): the register overview and the directory answer within
100 ms p95 with 5,000 published initiatives and 10,000 directory entries.

Run from the repository root: ``.venv/bin/python bench/bench_community.py
[--sqlite] [--keep]``. Steps:

1. Create a throw-away database ``leerweg_bench_<pid>`` (the harness of
   ``bench_insight.py``: PostgreSQL from ``PGHOST``/``PGPORT``/``PGUSER``, or a
   temporary SQLite file with ``--sqlite``); migrate it. It is dropped at the
   end, also on failure, unless ``--keep``. (The harness's ``--students`` is
   accepted and not used.)
2. Generate 5,000 published initiatives with one to four obstacles each
   (plus 300 waiting for moderation, which the public pages must skip) and
   10,000 directory entries, with ``bulk_create``; then ``VACUUM ANALYZE``.
3. As an anonymous visitor (``django.test.Client``, no cookies, so no 304s),
   request each page: after 5 warm-up requests, 200 requests rotating over
   filter values or search words. Pages: the register's first page, a
   filtered page (sector × region × obstacle category), a text search, the
   obstacle overview, the region view, the directory's first page, a
   directory search and a directory region.
4. Twice: *cached*, as visitors meet the pages (figures, counts and lists
   are cached for the register's or directory's version), and *cold*, with
   Django's cache emptied before every request: what the first visitor after
   a change waits.

It prints the figures, the query counts, and whether the 100 ms p95 target
was met; it never fails for being slow.
"""

import os
import random
import statistics
import time
from datetime import date, timedelta

from bench_insight import (
    REQUESTS,
    TARGET_P95_MS,
    WARM_UP,
    Figures,
    Target,
    _analyse,
    _measure,
    run,
)

INITIATIVES = 5000
PENDING = 300
ENTRIES = 10000
SEED = 8
WORDS = (
    "atelier",
    "talent",
    "maatwerk",
    "examen",
    "flexibel",
    "coach",
    "project",
    "techniek",
    "lezen",
    "natuur",
    "ondernemen",
    "zorg",
    "leerroute",
    "keuzewerktijd",
    "portfolio",
)
DIRECTORY_WORDS = ("voetbal", "theater", "techniek", "natuur", "bibliotheek", "museum", "zorg")


def main() -> None:
    run(__doc__.splitlines()[0], prefix="leerweg-bench-community-", bench=_bench)


def _bench(_students: int, label: str) -> None:
    from django.core.management import call_command

    print(f"Public register and directory at scale, on {label}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrations:        {time.perf_counter() - started:6.1f} s")
    started = time.perf_counter()
    counts = _generate(random.Random(SEED))
    print(f"  generation:        {time.perf_counter() - started:6.1f} s")
    print(f"  (vacuum) analyse:  {_analyse():6.1f} s")
    for name, count in counts.items():
        print(f"    {name:28} {count:9,}")
    _time_pages()


def _generate(rng: random.Random) -> dict[str, int]:
    from django.utils import timezone

    from leerweg.core.regions import Region
    from leerweg.directory.models import DirectoryEntry, EntryKind
    from leerweg.initiatives.models import (
        Initiative,
        InitiativeStatus,
        Obstacle,
        ObstacleCategory,
        OrganisationKind,
    )
    from leerweg.schools.models import Sector

    now = timezone.now()
    initiatives = []
    for number in range(INITIATIVES + PENDING):
        published = number < INITIATIVES
        moment = now - timedelta(minutes=number * 17)
        words = " ".join(rng.sample(WORDS, 4))
        initiatives.append(
            Initiative(
                organisation=f"School {number % 1700}",
                organisation_kind=rng.choice(OrganisationKind.values),
                sector=rng.choice(Sector.values),
                region=rng.choice(Region.values),
                title=f"Initiatief {number}: {words.split()[0]} en {words.split()[1]}",
                description=f"Wij werken met {words}. " * 8,
                since=date(2015, 1, 1) + timedelta(days=rng.randint(0, 3600)),
                contact_name="Bench",
                contact_email=f"bench{number}@example.org",
                status=InitiativeStatus.PUBLISHED if published else InitiativeStatus.PENDING,
                confirmed_at=moment,
                published_at=moment if published else None,
                decided_at=moment if published else None,
            )
        )
    created = Initiative.objects.bulk_create(initiatives, batch_size=1000)
    obstacles = [
        Obstacle(
            initiative=initiative,
            category=rng.choice(ObstacleCategory.values),
            description=f"Belemmering bij {rng.choice(WORDS)}: " + "regels zitten in de weg. " * 4,
            position=position,
        )
        for initiative in created
        for position in range(rng.randint(1, 4))
    ]
    Obstacle.objects.bulk_create(obstacles, batch_size=2000)
    entries = [
        DirectoryEntry(
            name=f"{rng.choice(DIRECTORY_WORDS).title()}organisatie {number}",
            kind=rng.choice(EntryKind.values),
            description=" ".join(f"Wij bieden {word}." for word in rng.sample(DIRECTORY_WORDS, 3))
            * 5,
            offers_schools="Gastlessen en excursies.",
            region="" if number % 20 == 0 else rng.choice(Region.values),
            town=f"Plaats {number % 400}",
            tags=", ".join(rng.sample(DIRECTORY_WORDS, 2)),
        )
        for number in range(ENTRIES)
    ]
    DirectoryEntry.objects.bulk_create(entries, batch_size=2000)
    return {
        "initiatives (published)": INITIATIVES,
        "initiatives (waiting)": PENDING,
        "obstacles": len(obstacles),
        "directory entries": ENTRIES,
    }


def _targets() -> dict[str, list[Target]]:
    from urllib.parse import urlencode

    from django.test import Client
    from django.urls import reverse

    from leerweg.core.regions import Region
    from leerweg.directory.models import EntryKind
    from leerweg.initiatives.models import ObstacleCategory
    from leerweg.schools.models import Sector

    client = Client()
    register = reverse("initiatives:initiative-list")
    directory = reverse("directory:entry-list")
    rng = random.Random(SEED + 1)
    filtered = [
        f"{register}?"
        + urlencode(
            {
                "sector": rng.choice(Sector.values),
                "region": rng.choice(Region.values),
                "category": rng.choice(ObstacleCategory.values),
            }
        )
        for _ in range(50)
    ]
    return {
        "register p1": [(client, register)],
        "register filter": [(client, url) for url in filtered],
        "register search": [(client, f"{register}?q={word}") for word in WORDS],
        "obstacles": [(client, reverse("initiatives:obstacle-overview"))],
        "regions": [(client, reverse("initiatives:region-overview"))],
        "directory p1": [(client, directory)],
        "directory search": [
            (client, f"{directory}?" + urlencode({"q": word, "kind": kind}))
            for word in DIRECTORY_WORDS
            for kind in ("", EntryKind.CLUB)
        ],
        "directory region": [(client, f"{directory}?region={r}") for r in Region.values],
    }


def _time_pages() -> None:
    targets = _targets()
    load = os.getloadavg()[0]
    results = {}
    for cold in (False, True):
        for name, pages in targets.items():
            _measure(pages[:WARM_UP], WARM_UP)
            figures = _measure_cold(pages, REQUESTS) if cold else _measure(pages, REQUESTS)
            results[name, cold] = (figures, len(pages))
            load = max(load, os.getloadavg()[0])
    print(f"\nServer time per request in ms ({REQUESTS} requests each, after {WARM_UP} warm-up)")
    print("  cached: as visitors meet the pages, figures and lists cached for the version;")
    print("  cold: Django's cache emptied before every request, as for the first visitor")
    print("  after a change (db, rest: median time in and outside the database)")
    print(
        f"  {'page':26} {'min':>6} {'median':>6} {'p95':>6} {'max':>6}  {'queries':>7} "
        f"{'db':>5} {'rest':>5} {'KB':>4}  pages"
    )
    for (name, cold), (figures, count) in results.items():
        _print(f"{name} ({'cold' if cold else 'cached'})", figures, count)
    for (name, cold), (figures, _pages) in results.items():
        verdict = "met" if figures.p95 <= TARGET_P95_MS and not figures.failures else "NOT met"
        label = f"{name} ({'cold' if cold else 'cached'})"
        print(f"  target p95 ≤ {TARGET_P95_MS:.0f} ms for {label}: {verdict}")
    cpus = os.cpu_count() or 1
    print(
        f"  load average during timing: up to {load:.1f} on {cpus} CPUs"
        + (": the machine was busy, so these figures are pessimistic" if load > cpus else "")
    )


def _measure_cold(pages: list[Target], count: int) -> Figures:
    """Like ``_measure``, with Django's cache emptied (untimed) before every request."""
    from django.core.cache import cache

    figures = Figures()
    for number in range(count):
        cache.clear()
        one = _measure([pages[number % len(pages)]], 1)
        figures.milliseconds += one.milliseconds
        figures.db_milliseconds += one.db_milliseconds
        figures.queries += one.queries
        figures.sizes += one.sizes
        figures.failures += one.failures
    return figures


def _print(name: str, figures: Figures, pages: int) -> None:
    ms = figures.milliseconds
    queries = sorted(set(figures.queries))
    query_text = str(queries[0]) if len(queries) == 1 else f"{queries[0]}-{queries[-1]}"
    rest = [total - db for total, db in zip(ms, figures.db_milliseconds, strict=True)]
    print(
        f"  {name:26} {min(ms):6.1f} {statistics.median(ms):6.1f} {figures.p95:6.1f} "
        f"{max(ms):6.1f}  {query_text:>7} {statistics.median(figures.db_milliseconds):5.1f} "
        f"{statistics.median(rest):5.1f} {statistics.median(figures.sizes) / 1024:4.0f}  {pages}"
    )
    if figures.failures:
        print(
            f"  !! {len(figures.failures)} of {len(ms)} {name} responses were not 200, "
            f"first: {figures.failures[0]}: these figures do not time the page"
        )


if __name__ == "__main__":
    main()
