"""Time issuing a leaving cohort's Plusdocuments (PDFs and credentials) and verifying one.

Issue 7 targets: a cohort of 300 students with ~20 lines each — all PDFs and
credentials — generated in ≤ 60 s on 2 cores; verifying one credential ≤ 20 ms.

Run from the repository root: ``.venv/bin/python bench/bench_plusdocument.py
[--students N] [--sqlite] [--keep]``. Steps:

1. Create a throw-away database (PostgreSQL, or SQLite with ``--sqlite``; see
   bench_insight.py) and migrate it.
2. Make one school with a leaving group of ``--students`` students (default
   300), each with 20 recorded activities; start each student's draft
   Plusdocument (drawing its 20 lines) and mark every other line validated by
   the school, so each document signs 1 + 10 credentials.
3. Issue the cohort as the batch does, timed from start to the last PDF: this
   process draws new lines, issues each draft (signing its credentials) and
   reads the PDF's context (``pdf_context``); ``WORKERS`` processes turn the
   contexts into PDFs (``pdf_render``, no database) at the same time.
4. Verify one document credential 200 times after 5 warm-up runs (signature,
   schema, issuer, revocation) and print median and p95.

It prints figures and whether the targets were met; it never fails for being
slow (STYLE.md: benchmarks do not judge a noisy machine).
"""

import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import timedelta
from typing import Any

from bench_insight import _percentile, run

COHORT = 300
TARGET_COHORT_SECONDS = 60.0
TARGET_VERIFY_MS = 20.0
LINES_PER_STUDENT = 20
WORKERS = 2
WARM_UP = 5
VERIFICATIONS = 200

AREAS = ("caring", "nature", "entrepreneurship", "technology", "science", "sport", "music", "")
TITLES = (
    "Lid van de leerlingenraad",
    "Vrijwilliger bij de voedselbank",
    "Module jong ondernemen",
    "Hockeytraining en scheidsrechter",
    "Trompet in het schoolorkest",
    "Bijles wiskunde aan onderbouw",
    "Debatwedstrijd regionale ronde",
    "Robotica-project met de hogeschool",
    "Natuurwerkdag in het Engbertsdijksveen",
    "Organisatie van het goede-doelenfeest",
)


def main() -> None:
    if not any(argument.startswith("--students") for argument in sys.argv[1:]):
        sys.argv[1:1] = ["--students", str(COHORT)]  # the issue's cohort, not a whole school
    run(__doc__.splitlines()[0], prefix="leerweg-bench-plusdocument-", bench=_bench)


def _bench(students: int, label: str) -> None:
    from django.core.management import call_command

    print(f"Plusdocuments of a leaving cohort, on {label}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrations:        {time.perf_counter() - started:6.1f} s")
    print(f"Generating a leaving group of {students} students ...")
    started = time.perf_counter()
    leader, documents = _generate(students)
    lines = _line_counts(documents)
    print(f"  generation:        {time.perf_counter() - started:6.1f} s")
    print(
        f"  lines per student: {statistics.mean(lines['all']):6.1f} "
        f"({statistics.mean(lines['validated']):.1f} validated by the school)"
    )
    seconds, pdf_bytes, credentials = _issue_cohort(documents, leader)
    _print_cohort(seconds, len(documents), pdf_bytes, credentials)
    _time_verification()


def _generate(students: int) -> tuple[Any, list[int]]:
    """The school, its leaving group, and one draft Plusdocument per student."""
    from django.utils import timezone

    from leerweg.accounts.models import User
    from leerweg.activities.models import Activity, Setting, Source
    from leerweg.credentials.documents import services
    from leerweg.credentials.models import Backing, PlusdocumentLine
    from leerweg.schools.models import (
        Board,
        Group,
        GroupMembership,
        School,
        SchoolYear,
        StaffMembership,
        Student,
    )

    today = timezone.localdate()
    board = Board.objects.create(name="Stichting Het Baken")
    school = School.objects.create(
        board=board, name="Het Baken", brin="12AB", sector="VO", city="Zwolle"
    )
    year = SchoolYear.objects.create(
        school=school,
        name=f"{today.year - 1}-{today.year}",
        start_date=today - timedelta(days=300),
        end_date=today + timedelta(days=60),
    )
    group = Group.objects.create(
        school=school, school_year=year, name="6V1", kind="klas", year_level=6, level="vwo"
    )
    leader = User.objects.create(username="leider", first_name="Marieke", last_name="Smit")
    StaffMembership.objects.create(user=leader, school=school, role="school_leader")
    users = User.objects.bulk_create(
        User(username=f"leerling{n}", first_name=f"Leerling{n}", last_name="Eindexamen")
        for n in range(students)
    )
    records = Student.objects.bulk_create(
        Student(user=user, school=school, date_of_birth=today.replace(year=today.year - 18))
        for user in users
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(group=group, student=student) for student in records
    )
    Activity.objects.bulk_create(
        Activity(
            student=student,
            title=f"{TITLES[line % len(TITLES)]} ({line + 1})",
            setting=Setting.IN_SCHOOL if line % 3 == 0 else Setting.OUT_OF_SCHOOL,
            area=AREAS[line % len(AREAS)],
            organisation="Het Baken" if line % 3 == 0 else "Vereniging Zwolle",
            started_on=year.start_date + timedelta(days=7 * line),
            ended_on=year.start_date + timedelta(days=7 * line + 30),
            source=Source.STUDENT,
            recorded_by=student.user,
        )
        for student in records
        for line in range(LINES_PER_STUDENT)
    )
    documents = [
        services.document_start(student=student, school_year=year, started_by=student.user).pk
        for student in Student.objects.filter(school=school).select_related("user", "school")
    ]
    PlusdocumentLine.objects.filter(
        document_id__in=documents, position__in=range(0, LINES_PER_STUDENT, 2)
    ).update(
        backing=Backing.SCHOOL,
        validated_by=leader,
        validated_by_name=leader.get_full_name(),
        validated_at=timezone.now(),
    )
    return leader, documents


def _line_counts(documents: list[int]) -> dict[str, list[int]]:
    from django.db.models import Count, Q

    from leerweg.credentials.models import Plusdocument

    rows = Plusdocument.objects.filter(pk__in=documents).annotate(
        all=Count("lines"), validated=Count("lines", filter=~Q(lines__backing="self_reported"))
    )
    return {
        "all": [row.all for row in rows],
        "validated": [row.validated for row in rows],
    }


def _worker_setup() -> None:
    """A render worker: Django's settings and templates, never a database connection."""
    import django

    django.setup()


def _issue_cohort(documents: list[int], leader: Any) -> tuple[float, list[int], int]:
    """Issue every draft and render every PDF; (seconds, PDF sizes, credentials signed)."""
    from leerweg.credentials import pdf
    from leerweg.credentials.documents import services
    from leerweg.credentials.models import IssuedCredential, Plusdocument

    before = IssuedCredential.objects.count()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_worker_setup) as pool:
        # Start the workers before the clock: a worker importing Django is not issuing.
        list(pool.map(_ready, range(WORKERS)))
        started = time.perf_counter()
        pending: list[Future[bytes]] = []
        for pk in documents:
            document = Plusdocument.objects.select_related(
                "student__user", "student__school", "school_year"
            ).get(pk=pk)
            services.lines_draw(document=document)
            issued = services.document_issue(document=document, issued_by=leader)
            document = Plusdocument.objects.select_related(
                "student__user", "student__school", "school_year", "issued_by", "credential"
            ).get(pk=issued.pk)
            pending.append(pool.submit(pdf.pdf_render, pdf.pdf_context(document, "nl")))
        submitted = time.perf_counter() - started
        sizes = [len(future.result()) for future in pending]
        seconds = time.perf_counter() - started
    print(f"  issuing and reading the PDFs' contents: {submitted:6.1f} s (this process)")
    return seconds, sizes, IssuedCredential.objects.count() - before


def _ready(number: int) -> int:
    return number


def _print_cohort(seconds: float, students: int, sizes: list[int], credentials: int) -> None:
    cpus = os.cpu_count() or 1
    print(f"\nIssuing the cohort ({WORKERS} PDF workers beside the issuing process, {cpus} CPUs)")
    print(f"  students:          {students}")
    print(f"  credentials:       {credentials} signed ({credentials / students:.1f} per student)")
    print(
        f"  PDFs:              {len(sizes)}, median {statistics.median(sizes) / 1024:.0f} KB, "
        f"all valid: {all(size > 0 for size in sizes)}"
    )
    print(f"  total:             {seconds:6.1f} s ({1000 * seconds / students:.0f} ms per student)")
    verdict = "met" if seconds <= TARGET_COHORT_SECONDS else "NOT met"
    print(f"  target ≤ {TARGET_COHORT_SECONDS:.0f} s for {students} students: {verdict}")
    load = os.getloadavg()[0]
    if load > cpus:
        print(f"  load average {load:.1f} on {cpus} CPUs: the machine was busy")


def _time_verification() -> None:
    from leerweg.credentials.models import IssuedCredential
    from leerweg.credentials.trust.selectors import credential_verify

    issued = IssuedCredential.objects.filter(kind="document").order_by("pk").first()
    assert issued is not None
    body = issued.signed_json
    for _ in range(WARM_UP):
        assert credential_verify(body).valid
    milliseconds = []
    for _ in range(VERIFICATIONS):
        started = time.perf_counter()
        verification = credential_verify(body)
        milliseconds.append((time.perf_counter() - started) * 1000)
        assert verification.valid
    p95 = _percentile(milliseconds, 95)
    print(f"\nVerifying one credential ({VERIFICATIONS} times, after {WARM_UP} warm-up)")
    print(
        f"  min {min(milliseconds):.1f} ms, median {statistics.median(milliseconds):.1f} ms, "
        f"p95 {p95:.1f} ms, max {max(milliseconds):.1f} ms"
    )
    verdict = "met" if p95 <= TARGET_VERIFY_MS else "NOT met"
    print(f"  target ≤ {TARGET_VERIFY_MS:.0f} ms (p95): {verdict}")


if __name__ == "__main__":
    main()
