"""Delete submissions never confirmed within the link's lifetime (run daily from cron)."""

from django.core.management.base import BaseCommand

from leerweg.initiatives.services import initiatives_unconfirmed_purge


class Command(BaseCommand):
    help = "Delete unconfirmed initiative submissions whose confirmation link has expired."

    def handle(self, *args: object, **options: object) -> None:
        deleted = initiatives_unconfirmed_purge()
        self.stdout.write(f"Deleted {deleted} rows of unconfirmed submissions.")
