"""Send a month (default: the last complete one) or a year to the configured DHIS2 server, as a dry
run or for real (api/dhis2_push.py); prints DHIS2's counts and conflicts. Run monthly from cron
after the deadline (docs/operations.md), e.g. `manage.py dhis2_push` on the 11th."""

from django.core.management.base import BaseCommand, CommandError

from api import dhis2_push
from api.models import Dhis2Push
from payesh import jalali, limits


class Command(BaseCommand):
    help = "Send a month or a year of counted figures and complete registrations to DHIS2."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Jalali year; default the last complete month's")
        parser.add_argument("--month", type=int, help="Jalali month; default the last complete one (none with --year: the year)")
        parser.add_argument("--dry-run", action="store_true", help="DHIS2 checks and counts, and stores nothing")

    def handle(self, *args, year=None, month=None, dry_run=False, **options):
        if year is None:
            year, last = jalali.last_complete_month()
            month = month or last
        if not limits.YEAR_MIN <= year <= limits.YEAR_MAX or (month is not None and not 1 <= month <= 12):
            raise CommandError("--year is a Jalali year and --month 1 to 12.")
        log = dhis2_push.push(None, year, month, dry_run=dry_run)
        if log.status == Dhis2Push.FAILED:
            raise CommandError(log.error)
        kind = "dry run" if dry_run else "sent"
        self.stdout.write(f"{year}/{month or 'year'} {kind}: {log.status}; {log.values} values, {log.imported} imported, "
                          f"{log.updated} updated, {log.ignored} ignored, {log.registrations} months complete, "
                          f"{len(log.conflicts)} conflicts")
        for conflict in log.conflicts:
            self.stdout.write(f"  {conflict['object']}: {conflict['value']}")
