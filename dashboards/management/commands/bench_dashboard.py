"""Time the province (one province) and national (every center) dashboards against the single
raw SQL aggregate that computes the same per-center numbers.

Seeds (or reuses) `seed_demo --centers N --years K`, then for each view prints the median server
time of the whole page over repeated requests, its query count, the median time of the progress
computation alone, the median time of the raw aggregate, and the ratios.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from centers.models import Center, Province
from commitments.models import FiscalYear, Measure
from payesh import jalali
from reports import progress
from reports.models import COUNTED_STATUSES

RAW_AGGREGATE = """
WITH committed AS (
    SELECT cm.center_id, SUM({all_months}) AS target, SUM({to_month}) AS expected
    FROM commitments_commitment cm JOIN centers_center ce ON ce.id = cm.center_id
    WHERE cm.year = %(year)s AND cm.measure_id = %(measure)s AND ce.active {province}
    GROUP BY cm.center_id
), done AS (
    SELECT r.center_id, SUM(f.value) AS actual
    FROM reports_figure f JOIN reports_monthlyreport r ON r.id = f.report_id JOIN centers_center ce ON ce.id = r.center_id
    WHERE r.year = %(year)s AND r.month <= %(month)s AND r.status IN ({statuses}) AND f.measure_id = %(measure)s
      AND ce.active {province}
    GROUP BY r.center_id
)
SELECT ce.id, COALESCE(c.target, 0), COALESCE(c.expected, 0), COALESCE(d.actual, 0)
FROM centers_center ce LEFT JOIN committed c ON c.center_id = ce.id LEFT JOIN done d ON d.center_id = ce.id
WHERE ce.active {province}
"""


def raw_aggregate(selection):
    sql = RAW_AGGREGATE.format(
        all_months=" + ".join(f"cm.phased_{m}" for m in range(1, 13)),
        to_month=" + ".join(f"cm.phased_{m}" for m in range(1, selection.month + 1)),
        province="AND ce.province_id = %(province)s" if selection.province else "",
        statuses=", ".join(f"'{s}'" for s in COUNTED_STATUSES),  # constants, not user input
    )
    params = {"year": selection.year, "month": selection.month, "measure": selection.measure.pk,
              "province": selection.province.pk if selection.province else None}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(int(v) for v in row[1:]) for row in cursor.fetchall()}


def median_ms(fn, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class Command(BaseCommand):
    help = "Benchmark the province and national dashboards against one raw SQL aggregate."

    def add_arguments(self, parser):
        parser.add_argument("--centers", type=int, default=1000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument("--no-seed", action="store_true", help="fail instead of seeding when data is missing")

    def handle(self, *args, centers, years, repeat, no_seed, **options):
        if Center.objects.count() < centers or FiscalYear.objects.count() < years:
            if no_seed:
                raise CommandError(f"fewer than {centers} centers or {years} years: run seed_demo first")
            self.stdout.write(f"Seeding {centers} centers x {years} years (a few minutes)...")
            call_command("seed_demo", centers=centers, years=years, stdout=self.stdout)
        director = get_user_model().objects.filter(username="director").first()
        if director is None:
            raise CommandError("no 'director' user: run seed_demo")
        year, month = jalali.last_complete_month()
        measure = Measure.objects.get(code="person_hours")
        first = Province.objects.order_by("pk").first()
        self.stdout.write(f"Database: {connection.vendor}; {Center.objects.active().count()} active centers; "
                          f"year {year} as of month {month}; {repeat} requests each\n")
        with override_settings(ALLOWED_HOSTS=["testserver", "localhost"], DEBUG=False):
            client = Client()
            client.force_login(director)
            for name, province, params in (("province", first, {}), ("national", None, {"province": "all"})):
                selection = progress.Selection(year=year, month=month, measure=measure, province=province)
                self.bench(name, client, params, selection, repeat)

    def bench(self, name, client, params, selection, repeat):
        url = reverse("dashboards:province")

        def page():
            response = client.get(url, params)
            assert response.status_code == 200, response.status_code

        page()  # warm up caches, templates, translations
        queries = []  # CaptureQueriesContext loses the log when a request starts; count at the cursor
        with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
            page()
        page_ms = median_ms(page, repeat)
        compute_ms = median_ms(lambda: progress.board(selection), repeat)
        raw_ms = median_ms(lambda: raw_aggregate(selection), repeat)

        board = progress.board(selection)
        raw = raw_aggregate(selection)
        mine = {r.center.pk: (r.line.target, r.line.expected, r.line.actual) for r in board.rows}
        agree = "yes" if mine == raw else "NO"
        self.stdout.write(
            f"{name:9s} {len(board.rows):5d} centers | page median {page_ms:8.1f} ms, {len(queries)} queries | "
            f"progress computation {compute_ms:7.1f} ms | raw SQL aggregate {raw_ms:7.1f} ms | "
            f"ratio page/raw {page_ms / raw_ms:5.1f}, computation/raw {compute_ms / raw_ms:4.1f} | "
            f"numbers agree with raw SQL: {agree}"
        )
