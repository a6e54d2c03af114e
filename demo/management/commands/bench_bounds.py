"""Benchmark the bounded cost of a request (issue 22), and what the month's checks add to saving
one (issue 26), and print each target with its figure and whether it holds: one line per check,
"target | figure | holds yes/no".

Runs on the configured database with the demo (`seed_demo`; seeded here when missing, which
needs DEBUG=true). Each request is made as a signed-in user would make it (Django's test client,
the real views and services) inside a transaction that is rolled back, so nothing it writes stays.
A figure is the median of the repeated requests' wall time, which is what the user waits, and
beside it the CPU time this process spent (a busy machine stretches the one, not the other; the
database server's own CPU is not in it). An upload's multipart body is encoded before the clock
starts: the client's work is not the server's.

The checks are named (CHECKS; `--only NAME` runs one): a check is a function (command) ->
[(target, figure, holds)]; add one by naming it there.
"""

import html
import io
import json
import os
import re
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.client import encode_multipart
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from api import dhis2
from centers.models import Center
from commitments.models import Commitment, FiscalYear
from demo import hostile
from payesh import bulk, jalali
from reports.models import Figure, MonthlyReport, ValidationRule
from reports.spreadsheet import VALUE_COLUMN

HOSTILE_SECONDS, REAL_MONTH_SECONDS = 1.0, 0.3  # issue 22 §1
PROVINCE_YEAR_SECONDS, LARGEST_IMPORT_SECONDS = 5.0, 30.0  # issue 22 §2
BOUNDARY = "PayeshBenchBoundary"


class Rollback(Exception):
    pass


class Timing:
    """A request's wall and CPU seconds, and what it answered."""

    def __init__(self, wall, cpu, result):
        self.wall, self.cpu, self.result = wall, cpu, result

    def __str__(self):
        return f"{self.wall:.3f} s (CPU {self.cpu:.3f} s)"


def timed(fn, setup=None):
    """Timing of fn(setup's result), with everything setup and fn wrote rolled back."""
    outcome = {}
    try:
        with transaction.atomic():
            given = setup() if setup else None
            wall, cpu = time.perf_counter(), time.process_time()
            result = fn(given) if setup else fn()
            outcome["timing"] = Timing(time.perf_counter() - wall, time.process_time() - cpu, result)
            raise Rollback
    except Rollback:
        pass
    return outcome["timing"]


def median_timed(fn, repeat, setup=None):
    runs = [timed(fn, setup) for _ in range(repeat)]
    return Timing(statistics.median(run.wall for run in runs), statistics.median(run.cpu for run in runs), runs[-1].result)


def client_for(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def saved(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MESSAGES = [re.compile(pattern, re.S) for pattern in (
    r'id="upload-problems".*?<li>(.*?)</li>',  # the month's and the course register's uploads
    r'<td class="error"[^>]*>(.*?)</td>',  # the commitments import
    r'id="problems".*?<tbody><tr><td[^>]*>[^<]*</td><td>(.*?)</td>',  # the DHIS2 page
    r'<ul class="errorlist[^"]*"[^>]*><li>(.*?)</li>',  # a form field's error
)]


def answer(response):
    """What the user got: accepted (a redirect), or the page again with its first message."""
    if response.status_code == 302:
        return "accepted"
    page = response.content.decode(errors="replace")
    found = next((match for pattern in MESSAGES if (match := pattern.search(page))), None)
    said = html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()[:100] if found else ""
    return f"answered {response.status_code}" + (f": {said}" if said else "")


def form_post(client, url, fields, name, data):
    """A function that posts the form (fields and one file) as a browser would, its body
    encoded now, so that the clock measures the server."""
    body = encode_multipart(BOUNDARY, {**fields, name: SimpleUploadedFile(name, data)})
    return lambda: client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


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
        """{form: (a good workbook, a function from a workbook to the function that posts it)}"""
        return {
            "month upload": (self.month_workbook(), self.upload_month),
            "course upload": (self.head.get(self.url("courses", "xlsx")).content, self.upload_courses),
            "commitments import": (self.planner.get(reverse("commitments:template")).content, self.import_commitments),
        }

    def upload_month(self, data):
        return form_post(self.head, self.url("entry", "upload"), {"version": self._version()}, "workbook", data)

    def upload_courses(self, data):
        return form_post(self.head, self.url("courses", "upload"), {"version": self._version()}, "workbook", data)

    def import_commitments(self, data):
        return form_post(self.planner, reverse("commitments:import"), {}, "workbook", data)

    def _version(self):
        report = MonthlyReport.objects.filter(center=self.center, year=self.year, month=self.month).first()
        return report.version if report else 0


def upload_checks(command):
    forms = Forms()
    results = []
    good = forms.good()
    workbook, prepare = good["month upload"]
    run = median_timed(prepare(workbook), command.repeat)
    results.append((f"a real month workbook ({len(workbook) // 1024} KB, every row filled) saved in < {REAL_MONTH_SECONDS} s",
                    f"{run}, {answer(run.result)}", run.wall < REAL_MONTH_SECONDS and run.result.status_code == 302))
    for kind, build in hostile.kinds(settings.PAYESH_MAX_WORKBOOK_PART_BYTES, settings.PAYESH_MAX_SHARED_STRINGS).items():
        for form, (data, prepare) in good.items():
            file = build(data)
            run = median_timed(prepare(file), command.repeat)
            results.append((f"{form}: {kind} ({len(file) // 1024} KB) answered in < {HOSTILE_SECONDS} s",
                            f"{run}, {answer(run.result)}", run.wall < HOSTILE_SECONDS and run.result.status_code < 500))
    return results


def _open_years(years):
    """Inside the benchmark's transaction: the years open, their months without reports."""
    FiscalYear.objects.filter(year__in=years).update(closed=False)
    bulk.delete(Figure, list(Figure.objects.filter(report__year__in=years).values_list("pk", flat=True)), None)
    MonthlyReport.objects.filter(year__in=years).delete()


def _months_values(months, calendar=dhis2.GREGORIAN):
    """[(orgUnit, period, [dataValues])] of each center's (year, month): a value for every
    confirmed commitment, the value its phased target."""
    known = dhis2.mapping()
    commitments = {}
    for c in (Commitment.objects.confirmed().filter(year__in={y for y, _m in months}, center__active=True)
              .order_by("center__code", "pk")):
        unit, element = known.org_units.get(c.center_id), known.elements.get((c.measure_id, c.sector_id, c.area_id))
        if unit and element:
            commitments.setdefault(c.year, {}).setdefault(unit, []).append((c, element))
    found = []
    for year, month in months:
        period = dhis2.period_of(year, month, calendar)
        for unit, rows in commitments.get(year, {}).items():
            found.append((unit, period, [{"dataElement": element[0], "categoryOptionCombo": element[1], "orgUnit": unit,
                                          "period": period, "value": str(c.phased_target(month))} for c, element in rows]))
    return found


def _body(values):
    return json.dumps({"dataValues": values}, separators=(",", ":")).encode()


def _describe(body, values):
    months = len({(v["orgUnit"], v["period"]) for v in values})
    return f"{len(body) // 1024:,} KB, {len(values):,} values, {months:,} months of centers"


def dhis2_checks(command):
    planner = client_for("planner")
    url = reverse("api:dhis2_page")
    this_year, this_month = jalali.current_year_month()
    years = sorted(y for y in Commitment.objects.order_by().values_list("year", flat=True).distinct() if y < this_year)
    if not years:
        return [("DHIS2: a province year imported", "no past year with commitments in the demo", False)]
    dhis2.seed_mapping()

    def post(body):
        return form_post(planner, url, {"calendar": dhis2.GREGORIAN, "submit": "on"}, "file", body)()

    year = years[-1]
    values = [v for _unit, _period, month in _months_values([(year, m) for m in range(1, 13)]) for v in month]
    body = _body(values)
    run = median_timed(post, command.repeat, setup=lambda: (_open_years([year]), body)[1])
    results = [(f"DHIS2: a province year ({_describe(body, values)}) checked and written in < {PROVINCE_YEAR_SECONDS:.0f} s",
                f"{run}, {answer(run.result)}", run.wall < PROVINCE_YEAR_SECONDS and run.result.status_code == 302)]

    def second(_given):
        before = Figure.history.count() + MonthlyReport.history.count()
        response = post(body)
        return response, Figure.history.count() + MonthlyReport.history.count() - before

    again = timed(second, setup=lambda: (_open_years([year]), post(body)))
    response, written = again.result
    results.append(("DHIS2: the same province year imported a second time writes nothing",
                    f"{again}, {answer(response)}, {written} history rows", response.status_code == 302 and written == 0))

    # The largest file the bounds accept: complete months (each submitted needs every row) of
    # every center, the demo's past years and this year's months so far, as many as the months
    # cap and the upload size allow (compact JSON, as a program would send it).
    months = [(y, m) for y in reversed(years) for m in range(1, 13)] + [(this_year, m) for m in range(1, this_month + 1)]
    values, size, count = [], len(_body([])), 0
    for _unit, _period, month in _months_values(months):
        more = len(_body(month)) - len(_body([])) + 1
        if count == settings.PAYESH_DHIS2_MAX_MONTHS or size + more > settings.PAYESH_MAX_UPLOAD_BYTES \
                or len(values) + len(month) > settings.PAYESH_DHIS2_MAX_VALUES:
            break
        values.extend(month)
        size, count = size + more, count + 1
    body = _body(values)
    run = timed(post, setup=lambda: (_open_years(years + [this_year]), body)[1])
    results.append((f"DHIS2: the largest accepted file ({_describe(body, values)}) in < {LARGEST_IMPORT_SECONDS:.0f} s",
                    f"{run}, {answer(run.result)}", run.wall < LARGEST_IMPORT_SECONDS and run.result.status_code == 302))
    return results


RULES_COST = 0.20  # issue 26: the validation rules and the history outliers add at most 20% to saving a month


def _without_checks():
    """Inside a benchmark's transaction, before the clock: no validation rule in force (with
    PAYESH_OUTLIER_HISTORY_MONTHS=0 around the request, no history check either), as saving a month
    was before issue 26; the target outlier check stays."""
    ValidationRule.objects.update(active=False)


def _alternated(command, runs):
    """{name: Timing} of runs {name: (fn, setup)}, run in turn `repeat` times (at least 7), so that
    a machine that slows down or speeds up meanwhile weighs on each alike; medians."""
    found = {name: [] for name in runs}
    for _ in range(max(command.repeat, 7)):
        for name, (fn, setup) in runs.items():
            found[name].append(timed(fn, setup))
    return {name: Timing(statistics.median(t.wall for t in times), statistics.median(t.cpu for t in times), times[-1].result)
            for name, times in found.items()}


def rules_checks(command):
    """Saving a real month (every row of the demo center's open month at its phased target) through
    the entry page and through the month's workbook, with the checks (validation rules, history
    outliers) and without them: the checks add at most RULES_COST."""
    forms = Forms()
    url = forms.url("entry", "month")
    page = forms.head.get(url).content.decode()
    fields = dict(re.findall(r'name="(version)" value="(\d+)"', page))
    targets = {int(pk): target for pk, target in Commitment.objects.confirmed().filter(
        center=forms.center, year=forms.year).values_list("pk", f"phased_{forms.month}")}
    for pk, target in targets.items():
        fields[f"value_{pk}"], fields[f"comment_{pk}"] = str(target), ""
    fields["save"] = "1"
    workbook = forms.month_workbook()
    doors = {
        "the entry page": lambda: forms.head.post(url, fields),
        "the month's workbook": forms.upload_month(workbook),
    }
    results = []
    for door, post in doors.items():
        def without(_given, post=post):
            with override_settings(PAYESH_OUTLIER_HISTORY_MONTHS=0):
                return post()
        runs = _alternated(command, {"without": (without, _without_checks),
                                     "with": (lambda _given, post=post: post(), lambda: None)})
        before, after = runs["without"], runs["with"]
        added = after.wall / before.wall - 1
        results.append((f"saving a real month ({len(targets)} rows) through {door}: the rules and history outliers add "
                        f"at most {RULES_COST:.0%}",
                        f"without {before}, with {after}: {added:+.0%}, {answer(after.result)}",
                        added <= RULES_COST and after.result.status_code == 302 and before.result.status_code == 302))
    return results


CHECKS = {"uploads": upload_checks, "dhis2": dhis2_checks, "rules": rules_checks}


class Command(BaseCommand):
    help = "Benchmark the bounds on what one request may cost (uploads, DHIS2 import) against their targets."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="requests per figure (the median is printed)")
        parser.add_argument("--no-seed", action="store_true", help="fail instead of seeding when the demo is missing")
        parser.add_argument("--only", choices=list(CHECKS), help="run one kind of check")

    def handle(self, *args, repeat, no_seed, only=None, **options):
        self.repeat = max(1, repeat)
        if not get_user_model().objects.filter(username="planner").exists():
            if no_seed:
                raise CommandError("no demo: run seed_demo first")
            self.stdout.write("Seeding the demo (a minute)...")
            call_command("seed_demo", stdout=self.stdout)
        self.stdout.write(f"Database: {connection.vendor}; {self.repeat} requests per figure (median); "
                          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
        failed = 0
        with override_settings(ALLOWED_HOSTS=["testserver", "localhost"], DEBUG=False), translation.override("fa"):
            for name, check in CHECKS.items():
                if only and name != only:
                    continue
                for target, figure, holds in check(self):
                    failed += not holds
                    self.stdout.write(f"{target} | {figure} | holds {'yes' if holds else 'NO'}")
        self.stdout.write(f"{'every target holds' if not failed else f'{failed} targets do not hold'}"
                          f"; load average {os.getloadavg()[0]:.1f}")
