"""``leerweg notify_agreements_due``: remind students of agreements due soon; run daily."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus

from leerweg.coaching.tasks import agreements_due_notify


class Command(BaseCommand):
    help = "Remind students of open coaching agreements due within two days. Run once a day."

    def handle(self, *args: Any, **options: Any) -> None:
        result = agreements_due_notify.enqueue()
        # The default (immediate) backend has already run it; a worker runs it later.
        if result.status == TaskResultStatus.FAILED:
            raise CommandError(f"Agreement reminders failed: {result.errors[-1].traceback}")
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"Agreement reminders sent: {result.return_value}.")
        else:
            self.stdout.write(f"Agreement reminders enqueued (task {result.id}, {result.status}).")
