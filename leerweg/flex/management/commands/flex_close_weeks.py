"""``leerweg flex_close_weeks``: lock flex weeks whose deadline has passed and allocate them.

Meant for cron every few minutes. Running it again does nothing new: a week
is started once, when it is still OPEN after its deadline.
"""

from typing import Any

from django.core.management.base import BaseCommand

from leerweg.flex.runs import weeks_close


class Command(BaseCommand):
    help = (
        "Lock open flex weeks whose deadline has passed and start their allocation. "
        "Run every few minutes from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = weeks_close()
        for run in started:
            self.stdout.write(f"Allocation started for {run.week.school} week {run.week}.")
        self.stdout.write(f"Weeks closed: {len(started)}.")
