"""``leerweg send_digests``: enqueue the daily e-mail digest; run it once a day from cron."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus

from leerweg.notifications.tasks import send_daily_digests


class Command(BaseCommand):
    help = "Enqueue the daily e-mail digest of unread notifications. Run once a day (cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_daily_digests.enqueue()
        # The default (immediate) backend has already run it; a worker runs it later.
        if result.status == TaskResultStatus.FAILED:
            raise CommandError(f"Daily digest failed: {result.errors[-1].traceback}")
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"Daily digest sent: {result.return_value} e-mail(s).")
        else:
            self.stdout.write(f"Daily digest enqueued (task {result.id}, {result.status}).")
