from django.core.management.base import BaseCommand, CommandError

from payesh import dataversion
from payesh.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a file made by backup_db into the configured database, which must be empty."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # pg_restore writes behind Django's back: cached numbers must not outlive it.
        dataversion.bump()
        self.stdout.write(self.style.SUCCESS(f"Restored {path}"))
