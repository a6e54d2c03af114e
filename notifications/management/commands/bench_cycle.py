"""Benchmark the monthly cycle at scale against issue 24's target and print each figure with
whether it holds: a run that finds nothing new asks at most 50 queries and takes at most 2 s at
1,000 centers.

Seeds (or reuses) `seed_demo --centers N` and gives each center that owes a report and has no head
one (an account without a password, `bench-head-<code>`; the demo's synthetic centers have none),
so that every late center has someone to tell. Then, inside a transaction it rolls back (nothing
of the runs stays), it plays the cycle as of `--today`, by default the day after the deadline of
the running month, when every report of that month is missing (the most a run can find): a first
run makes every notification due; then, all of them marked mailed, a second run, mail included,
finds nothing new. Each is repeated (`--repeat`) and its median time printed, with its queries.
"""

import datetime
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services as people
from centers.models import Center, Province
from notifications import cycle
from notifications.models import Notification
from payesh import jalali
from reports import deadlines

from .run_cycle import parse_day

NOTHING_NEW_QUERIES, NOTHING_NEW_SECONDS = 50, 2.0  # issue 24 §5


class Rollback(Exception):
    pass


def day_after_the_running_months_deadline():
    year, month = jalali.current_year_month()
    after = deadlines.due_date(year, month) + datetime.timedelta(days=1)
    return datetime.datetime(after.year, after.month, after.day, 12, tzinfo=jalali.TEHRAN)


def give_heads(year):
    """A head for each center that owes the year's reports and has none; returns how many."""
    headless = list(deadlines.owing_centers(year).filter(head__isnull=True))
    if not headless:
        return 0
    User = get_user_model()
    names = {center.pk: f"bench-head-{center.code.lower()}" for center in headless}
    User.objects.bulk_create([User(username=name, email=f"{name}@bench.invalid", password="!")  # no password: no login
                              for name in names.values()], ignore_conflicts=True)
    accounts = User.objects.in_bulk(names.values(), field_name="username")
    for center in headless:
        people.set_head(center, accounts[names[center.pk]])
    return len(headless)


def timed(run, repeat):
    """(queries of the first run, the last run's outcome, the median seconds) of `run` repeated,
    each time in a savepoint rolled back."""
    seconds, queries, outcome = [], None, None
    for _ in range(repeat):
        sid = transaction.savepoint()
        reset_queries()  # the log keeps 9,000 queries at most: count from an empty one
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            outcome = run()
            seconds.append(time.perf_counter() - started)
        queries = len(captured) if queries is None else queries
        transaction.savepoint_rollback(sid)
    return queries, outcome, statistics.median(seconds)


def verdict(holds):
    return "holds" if holds else "DOES NOT HOLD"


class Command(BaseCommand):
    help = "Benchmark the monthly cycle (run_cycle) at scale against its target; the runs are rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--centers", type=int, default=1000)
        parser.add_argument("--today", help="run as of this day (default: the day after the running month's deadline)")
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--no-seed", action="store_true",
                            help="use the data as it is: fail instead of seeding, give no center a head")

    def handle(self, *args, centers, today, repeat, no_seed, **options):
        if Center.objects.active().count() < centers:
            if no_seed:
                raise CommandError(f"fewer than {centers} active centers: run seed_demo --centers {centers} first")
            self.stdout.write(f"Seeding {centers} centers (a few minutes)...")
            call_command("seed_demo", centers=centers, stdout=self.stdout)
        now = parse_day(today) if today else day_after_the_running_months_deadline()
        year, month = jalali.last_complete_month(now)  # the month under report
        if not no_seed and (given := give_heads(year)):
            self.stdout.write(f"centers given a head (bench-head-<code>): {given}")
        owing = deadlines.owing_centers(year)
        self.stdout.write(
            f"Database: {connection.vendor}; {owing.count()} centers owe reports ({owing.filter(head__isnull=False).count()}"
            f" with a head) in {Province.objects.count()} provinces; the cycle as of {jalali.format_jalali_date(now, persian=False)}, "
            f"month under report {month}/{year}; {repeat} runs each, rolled back")
        try:
            with transaction.atomic():
                first = timed(lambda: cycle.run(now=now, send_mail=False), repeat)
                cycle.run(now=now, send_mail=False)  # made, as after a first run that mailed them all
                Notification.objects.filter(email_wanted=True, emailed_at__isnull=True).update(emailed_at=timezone.now())
                again = timed(lambda: cycle.run(now=now, send_mail=True), repeat)
                raise Rollback
        except Rollback:
            pass
        self.report(first, again)

    def report(self, first, again):
        queries, outcome, seconds = first
        made = ", ".join(f"{kind} {count:,}" for kind, count in sorted(outcome.made.items())) or "nothing"
        self.stdout.write(f"first run: {outcome.total:,} notifications made ({made}) | {queries} queries | {seconds:.2f} s")
        queries, outcome, seconds = again
        self.stdout.write(
            f"a run that finds nothing new, mail included: {outcome.total} made | {queries} queries "
            f"(target <= {NOTHING_NEW_QUERIES}): {verdict(queries <= NOTHING_NEW_QUERIES and outcome.total == 0)} | "
            f"{seconds:.2f} s (target <= {NOTHING_NEW_SECONDS:.0f} s): {verdict(seconds <= NOTHING_NEW_SECONDS)}")
