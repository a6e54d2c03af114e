import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.builder import DemoBuilder
from demo.provinces import MAX_PROVINCES

DEFAULT_PASSWORD = "payesh-demo"


class Command(BaseCommand):
    help = ("Build the East Azerbaijan demo (24 centers, a year of data, demo logins); idempotent. "
            "Runs only with DEBUG=true; existing users are never changed.")

    def add_arguments(self, parser):
        parser.add_argument("--centers", type=int, default=None,
                            help="total number of centers; beyond the 24 demo centers, synthetic ones are added")
        parser.add_argument("--years", type=int, default=1, help="number of years of data, ending with the current one")
        parser.add_argument("--no-history", dest="history", action="store_false",
                            help="leave out the demo centers' closed years of record (quicker; for tests that read no history)")
        parser.add_argument("--provinces", type=int, default=1,
                            help=f"number of provinces, East Azerbaijan first (at most {MAX_PROVINCES}); each other "
                                 "one with generated centers and its director-<code>, planner-<code>, staff-<code>")
        parser.add_argument("--province-centers", type=int, default=40, help="centers of each province after the first")
        parser.add_argument("--province-years", type=int, default=None,
                            help="years of data of each province after the first (default: --years; fewer is faster)")

    def handle(self, *args, centers=None, years=1, history=True, provinces=1, province_centers=40, province_years=None,
               **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo builds demo data and logins with a known password, so it runs only with "
                "DEBUG=true (as `make demo` sets). DEBUG is off here: this looks like production. "
                "Nothing was changed."
            )
        if not 1 <= provinces <= MAX_PROVINCES:
            raise CommandError(f"--provinces is from 1 to {MAX_PROVINCES} (the country's provinces).")
        if province_centers < 1 or (province_years is not None and province_years < 1) or years < 1:
            raise CommandError("--province-centers, --years and --province-years are at least 1.")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        started = time.monotonic()
        builder = DemoBuilder(stdout=self.stdout, password=password)
        plan = builder.plan
        self.stdout.write(f"Seeding the demo: year {plan.year}, reports up to month {plan.last_month}, "
                          f"{centers or 24} centers, {years} year(s)"
                          + (f", {provinces} provinces" if provinces > 1 else "") + "...")
        builder.build(total_centers=centers, years=years, history=history, provinces=provinces,
                      province_centers=province_centers, province_years=province_years)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
        if builder.created_logins:
            self.stdout.write(f"{len(builder.created_logins)} logins created with the password {password}: director, "
                              "planner, staff, national (national planner), observer (national observer), "
                              "head-<center code> e.g. head-tbz1"
                              + ("; in the other provinces director-<province code> (e.g. director-tehran), "
                                 "planner-<code>, staff-<code>" if provinces > 1 else ""))
        if builder.kept_logins:
            self.stdout.write(f"{len(builder.kept_logins)} demo usernames already existed: those users were left "
                              "as they were, with their own passwords.")
