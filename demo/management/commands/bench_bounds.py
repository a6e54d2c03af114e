"""Benchmark the bounded cost of a request (issue 22) and print each target with its figure and
whether it holds: one line per check, "target | figure | holds yes/no".

Runs on the configured database with the demo (`seed_demo`; seeded here when missing, which
needs DEBUG=true). Each request is made as a signed-in user would make it (Django's test client,
the real views and services) inside a transaction that is rolled back, so nothing it writes stays.

The checks are a list (CHECKS): a check is a function (command) -> [(target, figure, holds)];
add one by appending it.
"""

import io
import json
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from api import dhis2
from centers.models import Center
from commitments.models import Commitment, FiscalYear
from demo import hostile
from payesh import jalali
from reports.models import MonthlyReport
from reports.spreadsheet import VALUE_COLUMN

HOSTILE_SECONDS, REAL_MONTH_SECONDS = 1.0, 0.3  # issue 22 §1
PROVINCE_YEAR_SECONDS, LARGEST_IMPORT_SECONDS = 5.0, 30.0  # issue 22 §2


class Rollback(Exception):
    pass


def timed(fn):
    """(seconds, fn's result) with everything fn wrote rolled back."""
    outcome = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            outcome["result"] = fn()
            outcome["seconds"] = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return outcome["seconds"], outcome["result"]


def median_timed(fn, repeat):
    runs = [timed(fn) for _ in range(repeat)]
    return statistics.median(seconds for seconds, _result in runs), runs[-1][1]


def client_for(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def saved(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def answer(response):
    """What the user got: the month saved (a redirect) or the form again with its message."""
    return "accepted" if response.status_code == 302 else f"answered {response.status_code}"


class Forms:
    """The three upload forms, each with the user who uploads there and a good workbook."""

    def __init__(self):
        self.center = Center.objects.filter(active=True, head__isnull=False).order_by("code").first()
        if self.center is None:
            raise CommandError("no active center with a head: run seed_demo")
        self.year, self.month = jalali.current_year_month()
        self.head = client_for(self.center.head.username)
        self.planner = client_for("planner")

    def url(self, app, name):
        return reverse(f"{app}:{name}", args=[self.center.code, self.year, self.month])

    def month_workbook(self):
        """The month's workbook as downloaded, with every row's value filled in."""
        book = load_workbook(io.BytesIO(self.head.get(self.url("entry", "xlsx")).content))
        for number in range(2, book["grid"].max_row + 1):
            target = book["grid"].cell(number, VALUE_COLUMN - 2).value or 0  # this month's target
            book["grid"].cell(number, VALUE_COLUMN).value = target
        return saved(book)

    def good(self):
        return {
            "month upload": (self.month_workbook(), self.upload_month),
            "course upload": (self.head.get(self.url("courses", "xlsx")).content, self.upload_courses),
            "commitments import": (self.planner.get(reverse("commitments:template")).content, self.import_commitments),
        }

    def upload_month(self, data):
        return self.head.post(self.url("entry", "upload"), {"version": self._version(), "workbook": SimpleUploadedFile("m.xlsx", data)})

    def upload_courses(self, data):
        return self.head.post(self.url("courses", "upload"), {"version": self._version(), "workbook": SimpleUploadedFile("c.xlsx", data)})

    def import_commitments(self, data):
        return self.planner.post(reverse("commitments:import"), {"workbook": SimpleUploadedFile("t.xlsx", data)})

    def _version(self):
        report = MonthlyReport.objects.filter(center=self.center, year=self.year, month=self.month).first()
        return report.version if report else 0


def upload_checks(command):
    forms = Forms()
    results = []
    good = forms.good()
    workbook, post = good["month upload"]
    seconds, response = median_timed(lambda: post(workbook), command.repeat)
    results.append((f"a real month workbook ({len(workbook) // 1024} KB, every row filled) saved in < {REAL_MONTH_SECONDS} s",
                    f"{seconds:.3f} s, {answer(response)}", seconds < REAL_MONTH_SECONDS and response.status_code == 302))
    for kind, build in hostile.kinds(settings.PAYESH_MAX_WORKBOOK_PART_BYTES, settings.PAYESH_MAX_SHARED_STRINGS).items():
        for form, (data, post) in good.items():
            file = build(data)
            seconds, response = median_timed(lambda post=post, file=file: post(file), command.repeat)
            results.append((f"{form}: {kind} ({len(file) // 1024} KB) answered in < {HOSTILE_SECONDS} s",
                            f"{seconds:.3f} s, {answer(response)}", seconds < HOSTILE_SECONDS and response.status_code < 500))
    return results


def _open_year(year):
    """Inside the benchmark's transaction: the year open, its months without reports."""
    FiscalYear.objects.filter(year=year).update(closed=False)
    MonthlyReport.objects.filter(year=year).delete()


def _values(months, calendar=dhis2.GREGORIAN):
    """dataValues for every confirmed commitment of each (year, month), the value its phased target."""
    known = dhis2.mapping()
    values = []
    for year, month in months:
        for c in Commitment.objects.confirmed().filter(year=year, center__active=True).order_by("center__code", "pk"):
            unit, element = known.org_units.get(c.center_id), known.elements.get((c.measure_id, c.sector_id, c.area_id))
            if unit and element:
                values.append({"dataElement": element[0], "categoryOptionCombo": element[1], "orgUnit": unit,
                               "period": dhis2.period_of(year, month, calendar), "value": str(c.phased_target(month))})
    return values


def _import(client, values):
    body = json.dumps({"dataValues": values}).encode()
    response = client.post(reverse("api:dhis2_page"), {"calendar": dhis2.GREGORIAN, "submit": "on",
                                                       "file": SimpleUploadedFile("d.json", body)})
    return response


def dhis2_checks(command):
    planner = client_for("planner")
    this_year = jalali.current_year_month()[0]
    years = sorted(y for y in Commitment.objects.order_by().values_list("year", flat=True).distinct() if y < this_year)
    if not years:
        return [("DHIS2: a province year imported", "no past year with commitments in the demo", False)]
    year = years[-1]
    dhis2.seed_mapping()

    def province_year():
        _open_year(year)
        values = _values([(year, m) for m in range(1, 13)])
        started = time.perf_counter()
        response = _import(planner, values)
        return time.perf_counter() - started, response, values

    seconds_runs = [timed(province_year)[1] for _ in range(max(1, command.repeat // 2))]
    seconds = statistics.median(run[0] for run in seconds_runs)
    _s, response, values = seconds_runs[-1]
    centers = len({v["orgUnit"] for v in values})
    results = [(f"DHIS2: a province year ({centers} centers x 12 months, {len(values):,} values) checked and written in "
                f"< {PROVINCE_YEAR_SECONDS:.0f} s", f"{seconds:.2f} s, {answer(response)}",
                seconds < PROVINCE_YEAR_SECONDS and response.status_code == 302)]

    def largest():
        for y in years:
            _open_year(y)
        months = [(y, m) for y in reversed(years) for m in range(1, 13)]
        values, chosen = [], set()
        for value in _values(months):  # as many months of centers as the caps and the upload limit allow
            key = (value["orgUnit"], value["period"])
            if key not in chosen and len(chosen) == settings.PAYESH_DHIS2_MAX_MONTHS:
                continue
            chosen.add(key)
            values.append(value)
            if len(values) >= settings.PAYESH_DHIS2_MAX_VALUES:
                break
        while len(json.dumps({"dataValues": values})) > settings.PAYESH_MAX_UPLOAD_BYTES:
            values = values[: len(values) * 9 // 10]
        started = time.perf_counter()
        response = _import(planner, values)
        return time.perf_counter() - started, response, values

    seconds, response, values = timed(largest)[1]
    months = len({(v["orgUnit"], v["period"]) for v in values})
    size = len(json.dumps({"dataValues": values})) // 1024
    results.append((f"DHIS2: the largest accepted file ({size:,} KB, {len(values):,} values, {months:,} months of centers) "
                    f"in < {LARGEST_IMPORT_SECONDS:.0f} s", f"{seconds:.2f} s, {answer(response)}",
                    seconds < LARGEST_IMPORT_SECONDS and response.status_code == 302))
    return results


CHECKS = [upload_checks, dhis2_checks]


class Command(BaseCommand):
    help = "Benchmark the bounds on what one request may cost (uploads, DHIS2 import) against their targets."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="requests per figure (the median is printed)")
        parser.add_argument("--no-seed", action="store_true", help="fail instead of seeding when the demo is missing")

    def handle(self, *args, repeat, no_seed, **options):
        self.repeat = max(1, repeat)
        if not get_user_model().objects.filter(username="planner").exists():
            if no_seed:
                raise CommandError("no demo: run seed_demo first")
            self.stdout.write("Seeding the demo (a minute)...")
            call_command("seed_demo", stdout=self.stdout)
        self.stdout.write(f"Database: {connection.vendor}; {self.repeat} requests per figure (median)\n")
        failed = 0
        with override_settings(ALLOWED_HOSTS=["testserver", "localhost"], DEBUG=False), translation.override("fa"):
            for check in CHECKS:
                for target, figure, holds in check(self):
                    failed += not holds
                    self.stdout.write(f"{target} | {figure} | holds {'yes' if holds else 'NO'}")
        self.stdout.write(f"{'every target holds' if not failed else f'{failed} targets do not hold'}")
