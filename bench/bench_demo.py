"""Time ``manage.py demo`` on a fresh SQLite database: a first load, then a second (no-op) run.

Run from the repository root: ``.venv/bin/python bench/bench_demo.py [--size small|full]``.
It works in a temporary directory, never touching var/ or DATABASE_URL's
database, and prints figures; it does not judge them (see STYLE.md).
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "full"], default="full")
    size = parser.parse_args().size
    work = Path(tempfile.mkdtemp(prefix="leerweg-bench-demo-"))
    try:
        _configure(work)
        _bench(size)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _configure(work: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.development"
    os.environ["LEERWEG_VAR_DIR"] = str(work)
    # A fresh SQLite file, whatever DATABASE_URL says in this shell.
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    sys.path.insert(0, str(REPO))

    import django

    django.setup()


def _bench(size: str) -> None:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from leerweg.demo import DEMO_PASSWORD, DemoSize
    from leerweg.demo.plan import demo_plan

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    make_password(DEMO_PASSWORD)
    hash_seconds = time.perf_counter() - started
    started = time.perf_counter()
    plan = demo_plan(size=DemoSize(size), today=timezone.localdate())
    plan_seconds = time.perf_counter() - started

    timings = []
    for _ in range(2):
        # A counting wrapper, not CaptureQueriesContext: rendering the SQL of
        # every 500-row insert would cost more than the insert itself.
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            started = time.perf_counter()
            call_command("demo", size=size, quiet=True)
            timings.append((time.perf_counter() - started, queries.count))

    print(f"demo --size {size} on a fresh SQLite database ({connection.settings_dict['NAME']})")
    print(f"  people planned:    {len(plan.people)} ({len(plan.students)} students)")
    print(f"  planning only:     {plan_seconds:6.2f} s")
    print(f"  one password hash: {hash_seconds:6.2f} s (paid once per load, not per user)")
    print(f"  first load:        {timings[0][0]:6.2f} s, {timings[0][1]} queries")
    print(f"  second load:       {timings[1][0]:6.2f} s, {timings[1][1]} queries (no-op)")


if __name__ == "__main__":
    main()
