"""Move the data version on by hand, after changing numbers outside Payesh (psql, another tool):
every cached dashboard number is then computed afresh. Writes made through Payesh (pages, admin,
uploads, the API, management commands) bump it by themselves."""

from django.core.management.base import BaseCommand, CommandError

from payesh import dataversion


class Command(BaseCommand):
    help = "Move the data version on, so cached dashboard numbers are computed afresh."

    def handle(self, *args, **options):
        version = dataversion.bump()
        if version is None:
            raise CommandError("The cache could not be reached; the data version was not moved. The bump is recorded in "
                               "the database: dashboards compute their numbers without the cache until a process "
                               "delivers it, as soon as the cache accepts writes.")
        self.stdout.write(f"Data version is now {version}.")
