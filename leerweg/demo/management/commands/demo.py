"""``manage.py demo``: load the demo school board and print its logins."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from leerweg.demo import DEMO_PASSWORD, DemoSize, login_table
from leerweg.demo.loader import DemoClashError, DemoLoad, demo_load, demo_login_names


class Command(BaseCommand):
    help = (
        "Load a Dutch demo school board (three schools, about 900 students, every role) "
        "and print the demo logins. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=[size.value for size in DemoSize],
            default=DemoSize.FULL.value,
            help="full: about 900 students (default); small: one per group, for tests.",
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (a test or staging site). Never on a site with "
            "real pupils: every demo account shares one published password.",
        )

    def handle(self, *args: Any, size: str, quiet: bool, force: bool, **options: Any) -> None:
        # Demo accounts with a known password, some with admin access, must
        # not appear on a production site by accident.
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Use --force if not.")
        started = time.perf_counter()
        try:
            result = demo_load(size=DemoSize(size), today=timezone.localdate())
        except DemoClashError as clash:
            raise CommandError(str(clash)) from clash
        if not quiet and options["verbosity"] > 0:
            self._report(result, time.perf_counter() - started)

    def _report(self, result: DemoLoad, seconds: float) -> None:
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Demo board loaded in {seconds:.1f} s."))
        else:
            self.stdout.write(
                "Demo board already present: nothing changed. To load it afresh "
                "(or at another --size), start from an empty database."
            )
        self.stdout.write(", ".join(f"{count} {what}" for what, count in result.counts.items()))
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(
                f"DEMO ACCOUNTS, for trying Leerweg only. All share the password "
                f"'{DEMO_PASSWORD}'; never use them on a site with real pupils."
            )
        )
        self.stdout.write(login_table(demo_login_names()))
