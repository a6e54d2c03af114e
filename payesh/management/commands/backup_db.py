from django.core.management.base import BaseCommand, CommandError

from payesh.backup import BackupError, backup


class Command(BaseCommand):
    help = "Dump the whole database to a file (pg_dump custom format on PostgreSQL, a SQLite copy on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write, e.g. payesh-1405-09-05.dump")

    def handle(self, path, **options):
        try:
            vendor = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backed up the {vendor} database to {path}"))
