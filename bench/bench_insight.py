"""Time the class overview and the portrait on one school of 1,500 students with a year of data.

Issue 3: both pages answer within 100 ms p95 server time on PostgreSQL, and
their query count does not grow with the number of students (or with how much
a student has).

Run from the repository root: ``.venv/bin/python bench/bench_insight.py
[--students N] [--sqlite] [--keep]``. Steps:

1. Create a throw-away database ``leerweg_bench_<pid>`` on the local
   PostgreSQL cluster (``PGHOST``/``PGPORT``/``PGUSER``, default
   ``postgres@127.0.0.1:5432``), or a temporary SQLite file with ``--sqlite``;
   migrate it. It is dropped at the end, also on failure, unless ``--keep``.
2. Generate the school with ``scale_data`` and ``VACUUM ANALYZE`` it, as a
   database in use would have its statistics.
3. Log in the mentors (acting as staff of the school) and request each page
   through ``django.test.Client``: middleware, view and template rendering,
   no network. After 5 warm-up requests, 200 class overviews rotating over 20
   classes and their mentors and 200 portraits rotating over 100 students,
   each requested by their mentor.
4. Count queries for a class of 8 and a class of 32, and for students with
   100, 5 and almost no activities, goals or evidence.

It prints figures and whether the 100 ms target was met; it never fails for
being slow (STYLE.md: benchmarks do not judge a noisy machine).
"""

import argparse
import io
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported for real once Django is set up
    from django.test import Client
    from scale_data import ScaleData

REPO = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 100.0
WARM_UP = 5
REQUESTS = 200
ROTATE_CLASSES = 20
ROTATE_STUDENTS = 100
MIN_STUDENTS = 40  # scale_data.class_sizes: one class of 32 and the small class of 8
CLASS_OVERVIEW = "insight:class-overview"
PORTRAIT = "insight:portrait"


def main() -> None:
    run(__doc__.splitlines()[0], prefix="leerweg-bench-insight-", bench=_bench)


def run(description: str, *, prefix: str, bench: Callable[[int, str], None]) -> None:
    """Parse the options, make a throw-away database, call ``bench(students, label)``, drop it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--students", type=int, default=1500)
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead")
    parser.add_argument("--keep", action="store_true", help="keep the database for inspection")
    args = parser.parse_args()
    if args.students < MIN_STUDENTS:
        parser.error(f"--students: at least {MIN_STUDENTS}, a class of 32 and the class of 8")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # progress shows when piped to a file
    work = Path(tempfile.mkdtemp(prefix=prefix))
    database = (
        SqliteDatabase(work) if args.sqlite else PostgresDatabase(f"leerweg_bench_{os.getpid()}")
    )
    try:
        database.create()
        _configure(work, database.url)
        bench(args.students, database.label)
    finally:
        _close_connections()
        if args.keep:
            print(f"\nKept the database: DATABASE_URL={database.url}")
        else:
            database.drop()
        if not (args.keep and args.sqlite):  # a kept SQLite file lives in ``work``
            shutil.rmtree(work, ignore_errors=True)


class PostgresDatabase:
    def __init__(self, name: str) -> None:
        self.name = name
        host = os.environ.get("PGHOST", "127.0.0.1")
        port = os.environ.get("PGPORT", "5432")
        self.user = os.environ.get("PGUSER", "postgres")
        self.conninfo = f"host={host} port={port} user={self.user} dbname=postgres"
        self.url = f"postgres://{self.user}@{host}:{port}/{name}"
        self.label = f"PostgreSQL, {self.url}"
        self.created = False

    def create(self) -> None:
        self._run("CREATE DATABASE {}")
        self.created = True

    def drop(self) -> None:
        if self.created:
            # FORCE: a connection left open by a failed run must not keep it alive.
            self._run("DROP DATABASE IF EXISTS {} WITH (FORCE)")

    def _run(self, statement: str) -> None:
        import psycopg
        from psycopg import sql

        try:
            with psycopg.connect(self.conninfo, autocommit=True) as connection:
                connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))
        except psycopg.OperationalError as error:
            sys.exit(
                f"PostgreSQL is not reachable ({error}).\n"
                "Start it (scripts/with-postgres knows how), set PGHOST/PGPORT/PGUSER, "
                "or run with --sqlite."
            )


class SqliteDatabase:
    def __init__(self, work: Path) -> None:
        self.url = f"sqlite:///{work / 'bench.sqlite3'}"
        self.label = f"SQLite, {work / 'bench.sqlite3'}"

    def create(self) -> None:
        """Django creates the file when it first connects."""

    def drop(self) -> None:
        """The file goes with the temporary directory."""


def _configure(work: Path, url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"  # DEBUG is off there
    os.environ["LEERWEG_VAR_DIR"] = str(work)
    os.environ["DATABASE_URL"] = url
    # One connection for the whole run, as a busy server keeps its connections:
    # otherwise a reconnect every 60 s lands in the figures as an outlier.
    os.environ["DATABASE_CONN_MAX_AGE"] = "3600"
    sys.path.insert(0, str(REPO))

    import django

    django.setup()


def _close_connections() -> None:
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()


def _bench(students: int, label: str) -> None:
    import scale_data
    from django.core.management import call_command
    from django.utils import timezone

    print(f"Class overview and portrait at scale, on {label}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrations:        {time.perf_counter() - started:6.1f} s")
    print(f"Generating one school of {students} students ...")
    data = scale_data.generate(students=students, today=timezone.localdate())
    analyse_seconds = _analyse()
    _print_generation(data, analyse_seconds)
    missing = _missing_views()
    if missing:
        print(
            f"\nViews not available yet (NoReverseMatch for {', '.join(missing)}). "
            "Run this again when they have landed."
        )
        return
    _time_views(data)
    _compare_query_counts(data)


def _analyse() -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started


def _print_generation(data: "ScaleData", analyse_seconds: float) -> None:
    import scale_data

    counts = scale_data.row_counts()
    sizes = [len(group.students) for group in data.groups]
    print(f"  generation:        {data.seconds:6.1f} s")
    print(f"  (vacuum) analyse:  {analyse_seconds:6.1f} s")
    print(f"  classes:           {len(sizes)} (sizes {_size_summary(sizes)})")
    print("  rows:")
    for label, count in counts.items():
        per_student = f"{count / counts['students']:7.1f} per student"
        print(f"    {label:28} {count:9,}   {per_student}")
    print(f"    {'total':28} {sum(counts.values()):9,}")


def _size_summary(sizes: list[int]) -> str:
    counted: dict[int, int] = {}
    for size in sizes:
        counted[size] = counted.get(size, 0) + 1
    return ", ".join(f"{number}×{size}" for size, number in counted.items())


def _missing_views() -> list[str]:
    import uuid

    from django.urls import NoReverseMatch, reverse

    missing = []
    for name, kwargs in (
        (CLASS_OVERVIEW, {"group_id": 1}),
        (PORTRAIT, {"student_id": uuid.uuid4()}),
    ):
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            missing.append(name)
    return missing


# --- Timing -----------------------------------------------------------------


@dataclass
class RequestMeter:
    """Counts queries and time spent in the database (a cheap execute_wrapper)."""

    queries: int = 0
    seconds: float = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.queries += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


@dataclass
class Figures:
    milliseconds: list[float] = field(default_factory=list)
    db_milliseconds: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def p95(self) -> float:
        return _percentile(self.milliseconds, 95)


def _percentile(values: Sequence[float], percent: int) -> float:
    """Nearest rank: the smallest value with ``percent`` % of values at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * percent / 100) - 1, 0)]


Target = tuple["Client", str]  # a logged-in client and the URL it requests


class Mentors:
    """One logged-in client per mentor, acting as staff of the school."""

    def __init__(self, school_id: int) -> None:
        self.school_id = school_id
        self.clients: dict[int, Client] = {}

    def client(self, mentor_id: int) -> "Client":
        from django.test import Client

        from leerweg.accounts.models import User
        from leerweg.accounts.roles import ACTIVE_ROLE_SESSION_KEY

        if mentor_id not in self.clients:
            client = Client()
            client.force_login(
                User.objects.get(pk=mentor_id), backend="django.contrib.auth.backends.ModelBackend"
            )
            session = client.session
            session[ACTIVE_ROLE_SESSION_KEY] = f"staff:{self.school_id}"
            session.save()
            self.clients[mentor_id] = client
        return self.clients[mentor_id]


def _targets(data: "ScaleData", mentors: Mentors) -> tuple[list[Target], list[Target]]:
    from django.urls import reverse
    from scale_data import FULL_CLASS

    full = [group for group in data.groups if len(group.students) == FULL_CLASS]
    classes = full[:ROTATE_CLASSES]
    overviews = [
        (mentors.client(g.mentor_id), reverse(CLASS_OVERVIEW, kwargs={"group_id": g.pk}))
        for g in classes
    ]
    # Students from every full class in turn, seat by seat, as their mentor.
    students = [
        (group, student)
        for seat in range(max(len(g.students) for g in full))
        for group in full
        for student in group.students[seat : seat + 1]
    ][:ROTATE_STUDENTS]
    portraits = [
        (mentors.client(g.mentor_id), reverse(PORTRAIT, kwargs={"student_id": s}))
        for g, s in students
    ]
    return overviews, portraits


def _time_views(data: "ScaleData") -> None:
    mentors = Mentors(data.school_id)
    overviews, portraits = _targets(data, mentors)
    load = os.getloadavg()[0]
    results = {}
    for name, targets in (("class overview", overviews), ("portrait", portraits)):
        _measure(targets[:WARM_UP], WARM_UP)
        results[name] = (_measure(targets, REQUESTS), len(targets))
    load = max(load, os.getloadavg()[0])
    print(f"\nServer time per request in ms ({REQUESTS} requests each, after {WARM_UP} warm-up)")
    print(
        f"  {'page':15} {'min':>6} {'median':>6} {'p95':>6} {'max':>6}  {'queries':>7} "
        f"{'db':>5} {'rest':>5} {'KB':>4}  pages"
    )
    for name, (figures, pages) in results.items():
        _print_figures(name, figures, pages)
    print(
        "  (db, rest: median time in and outside the database; rest is Python: view and template)"
    )
    cpus = os.cpu_count() or 1
    busy = load > cpus
    for name, (figures, _) in results.items():
        verdict = "met" if figures.p95 <= TARGET_P95_MS and not figures.failures else "NOT met"
        print(f"  target p95 ≤ {TARGET_P95_MS:.0f} ms for {name}: {verdict}")
    print(
        f"  load average during timing: up to {load:.1f} on {cpus} CPUs"
        + (": the machine was busy, so these figures are pessimistic" if busy else "")
    )


def _measure(targets: list[Target], count: int) -> Figures:
    from django.db import connection

    figures = Figures()
    for number in range(count):
        client, url = targets[number % len(targets)]
        meter = RequestMeter()
        with connection.execute_wrapper(meter):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        figures.milliseconds.append(elapsed * 1000)
        figures.db_milliseconds.append(meter.seconds * 1000)
        figures.queries.append(meter.queries)
        figures.sizes.append(len(response.content))
        if response.status_code != 200:
            figures.failures.append(f"{response.status_code} {url}")
    return figures


def _print_figures(name: str, figures: Figures, pages: int) -> None:
    ms = figures.milliseconds
    queries = sorted(set(figures.queries))
    query_text = str(queries[0]) if len(queries) == 1 else f"{queries[0]}-{queries[-1]}"
    rest = [total - db for total, db in zip(ms, figures.db_milliseconds, strict=True)]
    print(
        f"  {name:15} {min(ms):6.1f} {statistics.median(ms):6.1f} {figures.p95:6.1f} "
        f"{max(ms):6.1f}  {query_text:>7} {statistics.median(figures.db_milliseconds):5.1f} "
        f"{statistics.median(rest):5.1f} {statistics.median(figures.sizes) / 1024:4.0f}  {pages}"
    )
    if len(queries) > 1:
        print(f"  {'':15} (the query count varies with what each student shares)")
    if figures.failures:
        print(
            f"  !! {len(figures.failures)} of {len(ms)} {name} responses were not 200, "
            f"first: {figures.failures[0]}: these figures do not time the page"
        )


# --- Query counts -----------------------------------------------------------


def _compare_query_counts(data: "ScaleData") -> None:
    from django.urls import reverse

    mentors = Mentors(data.school_id)
    full = data.groups[0]
    small = data.small_group
    print("\nQueries per request (should not grow with the number of students or rows)")
    overview = [
        (
            f"class of {len(g.students)} ({g.name})",
            mentors.client(g.mentor_id),
            reverse(CLASS_OVERVIEW, kwargs={"group_id": g.pk}),
        )
        for g in (small, full)
    ]
    _print_comparison("class overview", overview)
    counts = _row_counts_of([data.typical, data.few_activities, data.newcomer])
    portrait = [
        (
            f"{counts[s]} ({name})",
            mentors.client(full.mentor_id),
            reverse(PORTRAIT, kwargs={"student_id": s}),
        )
        for name, s in (
            ("typical", data.typical),
            ("5 activities", data.few_activities),
            ("newcomer", data.newcomer),
        )
    ]
    _print_comparison("portrait", portrait)


def _row_counts_of(public_ids: list[Any]) -> dict[Any, str]:
    from django.db.models import Count

    from leerweg.schools.models import Student

    students = Student.objects.filter(public_id__in=public_ids).annotate(
        activity_count=Count("activities", distinct=True),
        goal_count=Count("own_goals", distinct=True),
        evidence_count=Count("evidence", distinct=True),
    )
    return {
        s.public_id: (
            f"{s.activity_count} activities, {s.goal_count} goals, {s.evidence_count} evidence"
        )
        for s in students
    }


def _print_comparison(page: str, cases: list[tuple[str, "Client", str]]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    captured = []
    for label, client, url in cases:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        status = "" if response.status_code == 200 else f"   !! status {response.status_code}"
        captured.append(context.captured_queries)
        print(f"  {page:15} {label:55} {len(captured[-1]):4} queries{status}")
    if len({len(queries) for queries in captured}) == 1:
        print(f"  {page:15} → the same number of queries")
    else:
        print(f"  {page:15} → the query count DIFFERS; statements that repeat most in the largest:")
        _print_repeats([query["sql"] for query in max(captured, key=len)])
    _print_slowest(max(captured, key=lambda queries: sum(float(q["time"]) for q in queries)))


def _print_slowest(queries: list[dict[str, str]], shown: int = 3) -> None:
    """The slowest statements of one request: where to look first if the page is slow."""
    total = sum(float(query["time"]) for query in queries) * 1000
    print(f"  {'':15} slowest of its queries ({total:.1f} ms in all, one request):")
    for query in sorted(queries, key=lambda q: -float(q["time"]))[:shown]:
        sql = " ".join(query["sql"].split())
        print(f"  {'':15}   {float(query['time']) * 1000:6.1f} ms  {sql[:150]}")


def _print_repeats(queries: list[str]) -> None:
    import re

    shapes: dict[str, int] = {}
    for sql in queries:
        shape = re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:160]
        shapes[shape] = shapes.get(shape, 0) + 1
    for shape, number in sorted(shapes.items(), key=lambda item: -item[1])[:5]:
        print(f"    {number:4}× {shape}")


if __name__ == "__main__":
    main()
