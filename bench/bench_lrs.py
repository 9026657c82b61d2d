"""Time the xAPI LRS: batched ingestion, single statements, and reads filtered by agent.

Issue 4, on PostgreSQL: batched ingestion (100 statements per POST, 4
concurrent clients) at 2,000 statements/s or more with zero errors; a single
statement POST at a p50 of 10 ms or less; GET statements filtered by agent at
a p95 of 50 ms or less with 1 M statements stored.

Run from the repository root: ``.venv/bin/python bench/bench_lrs.py
[--statements N] [--workers W] [--keep]``. Steps:

1. Create a throw-away database ``leerweg_bench_<pid>`` on the local
   PostgreSQL cluster (as ``bench_insight.py``) and migrate it.
2. Make a school and a partner organisation with 200 linked students who
   consented to recording and viewing, and an xAPI credential for each.
3. Serve Leerweg with gunicorn (production settings, ``--preload``,
   ``--workers`` sync workers, 4 by default) on a free local port. Every request below goes
   over HTTP with Basic auth, as a partner's system would send it.
4. Ingestion: after two rounds of 8 concurrent warm-up batches (so every
   worker has answered once), 4 client threads each POST 25 batches of 100
   statements with the partner's credential, so every statement passes
   validation, the consent check and the mapping onto timelines.
   Statements/s is counted from the first request sent to the last answer
   received; any answer other than 200 counts as an error. The stored rows
   are counted afterwards.
5. Single statements: after 20 warm-up requests, 300 POSTs of one statement
   each, one after another.
6. Reads: top the school's store up to ``--statements`` (1,000,000) with
   COPY (10,000 learners, 100 activities, 5 verbs), ``VACUUM ANALYZE``, then
   after 10 warm-up requests 300 ``GET /xapi/statements?agent=…`` for random
   learners (a page of up to 100 statements each) with the school's
   credential.

It prints figures and whether each target was met; it never fails for being
slow (STYLE.md: benchmarks do not judge a noisy machine).
"""

import argparse
import base64
import http.client
import io
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from bench_insight import REPO, PostgresDatabase, _close_connections, _percentile

BATCH = 100
CLIENTS = 4
BATCHES_PER_CLIENT = 25
LINKED_STUDENTS = 200
LEARNERS = 10_000
VERBS = [
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/attended",
    "http://adlnet.gov/expapi/verbs/passed",
    "http://adlnet.gov/expapi/verbs/experienced",
    "http://adlnet.gov/expapi/verbs/attempted",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)
    database = PostgresDatabase(f"leerweg_bench_{os.getpid()}")
    server = None
    try:
        database.create()
        _configure(database.url)
        setup = _set_up()
        server = Server(database.url, args.workers)
        print(f"xAPI LRS on {database.label}, gunicorn with {args.workers} sync workers")
        _ingestion(server, setup)
        _single_statements(server, setup)
        _reads(server, setup, args.statements)
    finally:
        if server:
            server.stop()
        _close_connections()
        if args.keep:
            print(f"\nKept the database: DATABASE_URL={database.url}")
        else:
            database.drop()


def _configure(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class Setup:
    def __init__(self) -> None:
        self.partner_auth = ""
        self.school_auth = ""
        self.school_store_id = 0
        self.school_credential_id = 0
        self.pseudonyms: list[str] = []
        self.home_page = ""


def _set_up() -> Setup:
    from datetime import date

    from leerweg.consent.selectors import xapi_account_home_page
    from leerweg.consent.tests.factories import make_link
    from leerweg.lrs.credentials import create_credential, store_for_partner, store_for_school
    from leerweg.partners.models import PartnerOrganisation
    from leerweg.schools.models import Board, School, Student

    board = Board.objects.create(name="Bench board")
    school = School.objects.create(board=board, brin="99BL", name="Bench school", sector="VO")
    partner = PartnerOrganisation.objects.create(name="Bench sportclub", kind="sport")
    from leerweg.accounts.models import User

    setup = Setup()
    setup.home_page = xapi_account_home_page()
    students = []
    for number in range(LINKED_STUDENTS):
        user = User.objects.create(username=f"bench{number}", first_name="Leerling")
        students.append(
            Student.objects.create(user=user, school=school, date_of_birth=date(2009, 5, 1))
        )
    for student in students:
        link = make_link(student, partner, by=student.user)
        setup.pseudonyms.append(link.pseudonym)
    partner_credential, partner_secret = create_credential(
        store_for_partner(partner), "bench", None
    )
    school_store = store_for_school(school)
    school_credential, school_secret = create_credential(school_store, "bench", None)
    setup.partner_auth = _basic(partner_credential.key, partner_secret)
    setup.school_auth = _basic(school_credential.key, school_secret)
    setup.school_store_id = school_store.pk
    setup.school_credential_id = school_credential.pk
    _close_connections()
    return setup


def _basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


class Server:
    def __init__(self, database_url: str, workers: int) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "600",
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [
                str(REPO / ".venv/bin/gunicorn"),
                "config.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                "--worker-class=sync",
                # Load Leerweg once, before forking, as a production set-up would.
                "--preload",
                "--log-level=warning",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = self.request("GET", "/xapi/about", "")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def request(
        self, method: str, path: str, auth: str, body: bytes | None = None
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"X-Experience-API-Version": "2.0.0", "Authorization": auth}
        if body is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        connection.close()
        return response.status, content

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _statement(pseudonym: str, home_page: str, number: int) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": home_page, "name": pseudonym}},
        "verb": {"id": VERBS[number % len(VERBS)], "display": {"nl": "deed", "en": "did"}},
        "object": {
            "id": f"https://sportclub.example/training/{number % 50}",
            "definition": {
                "name": {"nl": f"Training {number % 50}"},
                "type": "http://adlnet.gov/expapi/activities/meeting",
            },
        },
        "result": {"completion": True, "duration": "PT1H30M"},
        "timestamp": datetime.now(UTC).isoformat(),
    }


def _ingestion(server: Server, setup: Setup) -> None:
    batches = [
        [
            json.dumps(
                [
                    _statement(random.choice(setup.pseudonyms), setup.home_page, n)
                    for n in range(BATCH)
                ]
            ).encode()
            for _ in range(BATCHES_PER_CLIENT)
        ]
        for _ in range(CLIENTS)
    ]
    _warm_up(server, setup)
    errors: list[int] = []
    acknowledged = [0]
    lock = threading.Lock()

    def client(own: list[bytes]) -> None:
        for body in own:
            status, _ = server.request("POST", "/xapi/statements", setup.partner_auth, body)
            with lock:
                if status == 200:
                    acknowledged[0] += BATCH
                else:
                    errors.append(status)

    threads = [threading.Thread(target=client, args=(own,)) for own in batches]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    total = CLIENTS * BATCHES_PER_CLIENT * BATCH
    rate = acknowledged[0] / seconds
    from leerweg.lrs.models import Statement

    stored = Statement.objects.filter(
        credential__label="bench", store__partner__isnull=False
    ).count()
    _close_connections()
    print("\nBatched ingestion (partner credential, consent checked)")
    print(
        f"  statements sent:   {total:,}: {CLIENTS} clients × {BATCHES_PER_CLIENT} POSTs × {BATCH}"
    )
    print(f"  wall time:         {seconds:6.2f} s")
    print(
        f"  throughput:        {rate:8,.0f} statements/s   (target ≥ 2,000: {_met(rate >= 2000)})"
    )
    print(f"  errors:            {len(errors)} {sorted(set(errors)) if errors else ''}")
    print(f"  stored rows:       {stored:,} ({2 * CLIENTS * 2 * BATCH:,} of them from the warm-up)")


def _batch_body(setup: Setup) -> bytes:
    pseudonyms = setup.pseudonyms
    batch = [_statement(random.choice(pseudonyms), setup.home_page, n) for n in range(BATCH)]
    return json.dumps(batch).encode()


def _warm_up(server: Server, setup: Setup) -> None:
    """Two rounds of concurrent batches, so that every worker has answered before timing."""
    for _ in range(2):
        bodies = [
            json.dumps(
                [
                    _statement(random.choice(setup.pseudonyms), setup.home_page, n)
                    for n in range(BATCH)
                ]
            ).encode()
            for _ in range(CLIENTS * 2)
        ]
        threads = [
            threading.Thread(
                target=server.request, args=("POST", "/xapi/statements", setup.partner_auth, body)
            )
            for body in bodies
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def _single_statements(server: Server, setup: Setup) -> None:
    def post_one(number: int) -> float:
        body = json.dumps(_statement(setup.pseudonyms[number % 50], setup.home_page, number))
        started = time.perf_counter()
        status, content = server.request(
            "POST", "/xapi/statements", setup.partner_auth, body.encode()
        )
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise SystemExit(f"single POST answered {status}: {content[:200]!r}")
        return elapsed

    for number in range(20):
        post_one(number)
    timings = [post_one(number) for number in range(300)]
    p50 = _percentile(timings, 50)
    print("\nSingle-statement POST (300 after 20 warm-up, one at a time)")
    print(
        f"  p50 {p50:.1f} ms · p95 {_percentile(timings, 95):.1f} ms · "
        f"max {max(timings):.1f} ms   (target p50 ≤ 10 ms: {_met(p50 <= 10)})"
    )


def _reads(server: Server, setup: Setup, wanted: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM lrs_statement")
        present = cursor.fetchone()[0]
    missing = max(wanted - present, 0)
    started = time.perf_counter()
    _copy_statements(setup, missing)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM lrs_statement")
        total = cursor.fetchone()[0]
    analysed = time.perf_counter() - started
    _close_connections()
    print(f"\nReads: {total:,} statements stored ({missing:,} loaded with COPY in {loaded:.0f} s,")
    print(f"  VACUUM ANALYZE {analysed:.0f} s); {LEARNERS:,} learners, ~{total // LEARNERS} each")

    def get(learner: int) -> float:
        agent = json.dumps({"mbox": f"mailto:learner{learner}@school.example"})
        started = time.perf_counter()
        status, content = server.request(
            "GET", f"/xapi/statements?agent={quote(agent)}", setup.school_auth
        )
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise SystemExit(f"GET answered {status}: {content[:200]!r}")
        return elapsed

    for learner in range(10):
        get(learner)
    timings = [get(random.randrange(LEARNERS)) for _ in range(300)]
    p95 = _percentile(timings, 95)
    print("GET /xapi/statements?agent=… (300 after 10 warm-up, random learners, 100 per page)")
    print(
        f"  p50 {_percentile(timings, 50):.1f} ms · p95 {p95:.1f} ms · max {max(timings):.1f} ms"
        f"   (target p95 ≤ 50 ms: {_met(p95 <= 50)})"
    )


def _copy_statements(setup: Setup, count: int) -> None:
    """Load statements straight into the tables, as the LRS itself would have stored them."""
    from django.db import connection

    if count == 0:
        return
    base = datetime.now(UTC) - timedelta(days=365)
    authority = json.dumps({"objectType": "Agent", "account": {"homePage": "x", "name": "b"}})
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM lrs_statement")
        first_id = cursor.fetchone()[0] + 1
        raw = cursor.connection
        with raw.cursor() as copy_cursor:
            columns = (
                "id, store_id, statement_id, payload, verb_id, actor_ifi, activity_id, "
                "object_ifi, timestamp, stored, voided, credential_id"
            )
            with copy_cursor.copy(f"COPY lrs_statement ({columns}) FROM STDIN") as copy:
                for offset in range(count):
                    learner = offset % LEARNERS
                    mbox = f"mailto:learner{learner}@school.example"
                    verb = VERBS[offset % len(VERBS)]
                    activity = f"https://school.example/lessons/{offset % 100}"
                    stored = base + timedelta(seconds=offset * 30)
                    statement_id = str(uuid.uuid4())
                    payload = (
                        f'{{"id":"{statement_id}","actor":{{"objectType":"Agent","mbox":"{mbox}"}},'
                        f'"verb":{{"id":"{verb}"}},"object":{{"id":"{activity}",'
                        f'"objectType":"Activity"}},"timestamp":"{stored.isoformat()}",'
                        f'"stored":"{stored.isoformat()}","authority":{authority},'
                        f'"version":"2.0.0"}}'
                    )
                    copy.write_row(
                        (
                            first_id + offset,
                            setup.school_store_id,
                            statement_id,
                            payload,
                            verb,
                            f"mbox:{mbox}",
                            activity,
                            "",
                            stored,
                            stored,
                            False,
                            setup.school_credential_id,
                        )
                    )
            with copy_cursor.copy(
                "COPY lrs_statementagent (statement_id, store_id, ifi) FROM STDIN"
            ) as copy:
                for offset in range(count):
                    mbox = f"mailto:learner{offset % LEARNERS}@school.example"
                    copy.write_row((first_id + offset, setup.school_store_id, f"mbox:{mbox}"))
            with copy_cursor.copy(
                "COPY lrs_statementactivity (statement_id, store_id, activity_id) FROM STDIN"
            ) as copy:
                for offset in range(count):
                    activity = f"https://school.example/lessons/{offset % 100}"
                    copy.write_row((first_id + offset, setup.school_store_id, activity))
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('lrs_statement', 'id'), "
            "(SELECT max(id) FROM lrs_statement))"
        )


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


if __name__ == "__main__":
    main()
