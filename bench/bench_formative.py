"""Time the feedback inbox and the day-start board on one school with a year of formative data.

Issue 5: the feedback inbox and the group day-start board for 32 students
answer within 100 ms p95 on PostgreSQL with a year of data, with a query count
that does not grow with the number of students.

Run from the repository root: ``.venv/bin/python bench/bench_formative.py
[--students N] [--sqlite] [--keep]``. Steps:

1. Create a throw-away database ``leerweg_bench_<pid>`` (as
   ``bench_insight.py``, whose database and timing helpers this reuses), or a
   temporary SQLite file with ``--sqlite``; migrate it. It is dropped at the
   end, also on failure, unless ``--keep``.
2. Generate the school with ``scale_data`` and a year of formative data with
   ``scale_data.formative`` (rubrics, feedback with levels, self-assessments,
   day starts, conversations and agreements), then ``VACUUM ANALYZE``.
3. Request each page through ``django.test.Client``, acting as staff of the
   school. After 5 warm-up requests, 200 inboxes and 200 boards, rotating
   over 20 classes of 32 and their mentors. The mentors are teachers too; a
   teacher's inbox holds the evidence of the students who share it with
   them, and the bench's students share evidence with their mentor (90 %),
   not with subject teachers, so a mentor's inbox is the full one.
4. Count queries for both pages as the mentor of the class of 8 and as the
   mentor of a class of 32.

It prints figures and whether the 100 ms target was met; it never fails for
being slow (STYLE.md: benchmarks do not judge a noisy machine).
"""

import os
import time
from typing import TYPE_CHECKING

from bench_insight import (
    REQUESTS,
    TARGET_P95_MS,
    WARM_UP,
    Figures,
    Mentors,
    Target,
    _analyse,
    _measure,
    _print_comparison,
    _print_figures,
    _size_summary,
    run,
)

if TYPE_CHECKING:
    from scale_data import ScaleData

ROTATE_TEACHERS = 20
ROTATE_CLASSES = 20
INBOX = "assessment:inbox"
BOARD = "coaching:daystart-board"


def main() -> None:
    run(__doc__.splitlines()[0], prefix="leerweg-bench-formative-", bench=_bench)


def _bench(students: int, label: str) -> None:
    import scale_data
    from django.core.management import call_command
    from django.utils import timezone
    from scale_data.formative import generate_formative

    print(f"Feedback inbox and day-start board at scale, on {label}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrations:        {time.perf_counter() - started:6.1f} s")
    today = timezone.localdate()
    print(f"Generating one school of {students} students ...")
    data = scale_data.generate(students=students, today=today)
    print("Generating a year of formative data ...")
    formative = generate_formative(data, today=today)
    analyse_seconds = _analyse()
    _print_generation(data, formative.seconds, analyse_seconds)
    _time_views(data)
    _compare_query_counts(data)


def _print_generation(data: "ScaleData", formative_seconds: float, analyse_seconds: float) -> None:
    from scale_data import row_counts
    from scale_data.formative import formative_row_counts

    school = row_counts()
    counts = {
        label: school[label] for label in ("users", "students", "groups", "own goals", "evidence")
    }
    counts |= formative_row_counts()
    sizes = [len(group.students) for group in data.groups]
    print(f"  school generation:    {data.seconds:6.1f} s ({sum(school.values()):,} rows)")
    print(f"  formative generation: {formative_seconds:6.1f} s")
    print(f"  (vacuum) analyse:     {analyse_seconds:6.1f} s")
    print(f"  classes:              {len(sizes)} (sizes {_size_summary(sizes)})")
    print("  rows:")
    for label, count in counts.items():
        print(f"    {label:28} {count:9,}   {count / counts['students']:7.1f} per student")


# --- Targets ------------------------------------------------------------------


def _targets(data: "ScaleData", mentors: Mentors) -> tuple[list[Target], list[Target]]:
    from django.urls import reverse
    from scale_data import FULL_CLASS

    full = [group for group in data.groups if len(group.students) == FULL_CLASS]
    inboxes = [(mentors.client(g.mentor_id), reverse(INBOX)) for g in full[:ROTATE_TEACHERS]]
    boards = [
        (mentors.client(g.mentor_id), reverse(BOARD, kwargs={"group_id": g.pk}))
        for g in full[:ROTATE_CLASSES]
    ]
    return inboxes, boards


def _time_views(data: "ScaleData") -> None:
    mentors = Mentors(data.school_id)
    inboxes, boards = _targets(data, mentors)
    load = os.getloadavg()[0]
    results: dict[str, tuple[Figures, int]] = {}
    for name, targets in (("feedback inbox", inboxes), ("day-start board", boards)):
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
    print("  (both as the mentor of a class of 32, who also teaches other classes)")
    cpus = os.cpu_count() or 1
    for name, (figures, _) in results.items():
        verdict = "met" if figures.p95 <= TARGET_P95_MS and not figures.failures else "NOT met"
        print(f"  target p95 ≤ {TARGET_P95_MS:.0f} ms for {name}: {verdict}")
    print(
        f"  load average during timing: up to {load:.1f} on {cpus} CPUs"
        + (": the machine was busy, so these figures are pessimistic" if load > cpus else "")
    )


# --- Query counts -------------------------------------------------------------


def _compare_query_counts(data: "ScaleData") -> None:
    from django.urls import reverse

    mentors = Mentors(data.school_id)
    print("\nQueries per request (should not grow with the number of students or rows)")
    board = [
        (
            f"class of {len(g.students)} ({g.name})",
            mentors.client(g.mentor_id),
            reverse(BOARD, kwargs={"group_id": g.pk}),
        )
        for g in (data.small_group, data.groups[0])
    ]
    _print_comparison("day-start board", board)
    inbox = [
        (
            f"mentor of a class of {len(g.students)} ({g.name})",
            mentors.client(g.mentor_id),
            reverse(INBOX),
        )
        for g in (data.small_group, data.groups[0])
    ]
    _print_comparison("feedback inbox", inbox)


if __name__ == "__main__":
    main()
