"""Benchmark the dashboards against issue 13's targets and print each one with its figure and
whether it holds.

Seeds (or reuses) `seed_demo --centers N --years K`, then for one province and for the national
view measures, over repeated requests: the page's first view after a save (before each request
the versions a save of a month of the year in the province moves on are moved: the province's, its
version of that year and the national one, so nothing of the province's page is cached but its card
of last year, which reads another year, and the national page puts its board together again from
the provinces' with that province's computed afresh), also after a write to every
province (as the admin's: nothing cached anywhere),
the repeated view (cached), their
query counts, the progress computation alone (uncached), and one raw SQL aggregate that computes
the same per-center numbers (checking that they agree). It also counts the queries of every other
dashboard page after a change, and checks zero lag: a figure changed in the database shows on the
very next page view, then is put back. Last, what the cache keeps per save and view: for the
province page, the national page and the national API board, the bytes of lasting cache entries
(payesh/cachesize.py: those still there after 15 minutes) gained per figure saved and page viewed,
in Redis when REDIS_URL is set. With more than one province, caches per province: a figure saved
in another province as the services save it (dataversion.writes_for) leaves the province's page
warm (its board is not computed again) and shows on the national page at once.
"""

import csv
import io
import statistics
import time
from dataclasses import replace

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.models import F
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation

from accounts import roles
from centers.models import Center, Province
from commitments.models import FiscalYear, Measure
from dashboards.tables import ProvinceTable
from payesh import cachesize, dataversion
from payesh.i18n import local_name
from reports.models import COUNTED_STATUSES, Figure
from reports.progress import as_of, boards
from reports.progress.selection import Selection

RAW_AGGREGATE = """
WITH committed AS (
    SELECT cm.center_id, SUM({all_months}) AS target, SUM({to_month}) AS expected
    FROM commitments_commitment cm JOIN centers_center ce ON ce.id = cm.center_id
    WHERE cm.year = %(year)s AND cm.measure_id = %(measure)s AND cm.status = 'confirmed' AND ce.active {province}
    GROUP BY cm.center_id
), done AS (
    SELECT r.center_id, SUM(f.value) AS actual
    FROM reports_figure f JOIN reports_monthlyreport r ON r.id = f.report_id JOIN centers_center ce ON ce.id = r.center_id
    JOIN commitments_commitment k ON k.center_id = r.center_id AND k.year = r.year AND k.sector_id = f.sector_id
      AND k.area_id = f.area_id AND k.measure_id = f.measure_id AND k.status = 'confirmed'
    WHERE r.year = %(year)s AND r.month <= %(month)s AND r.status IN ({statuses}) AND f.measure_id = %(measure)s
      AND ce.active {province}
    GROUP BY r.center_id
)
SELECT ce.id, COALESCE(c.target, 0), COALESCE(c.expected, 0), COALESCE(d.actual, 0)
FROM centers_center ce LEFT JOIN committed c ON c.center_id = ce.id LEFT JOIN done d ON d.center_id = ce.id
WHERE ce.active {province}
"""

# Issue 13's targets.
PROVINCE_FIRST_MS, PROVINCE_REPEATED_MS, NATIONAL_FIRST_MS = 50, 10, 300
COMPUTATION_TO_RAW, MAX_QUERIES = 2.0, 10
PAGE_BYTES = 300_000  # issue 24 §5: no page grows with the country
# Issue 22's: what a save followed by a view leaves in the cache for longer than minutes.
LASTING_BYTES_PER_SAVE = 50_000


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


def saved_in(province, year):
    """What a save of a month of `year` in `province` moves on (reports.services:
    dataversion.writes_for the province and the month's year): that province's version, its
    version of that year, and the national one."""
    dataversion.bump(provinces=[province.pk], years=[year])


def one_process_ms(fn, repeat):
    """The median time of `fn` with PostgreSQL's parallel workers off, or None on another database.
    PostgreSQL reads the raw aggregate's figures on two processes (a parallel hash join), which
    the board's statement cannot use (PostgreSQL aggregates grouping sets on one process): this
    says how much of the ratio is that."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    try:
        return median_ms(fn, repeat)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET max_parallel_workers_per_gather")


def median_ms(fn, repeat, before=None):
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def queries_of(fn):
    """Queries sent to every database while fn runs (counted at the cursor: CaptureQueriesContext
    loses the log when a request starts)."""
    seen = []
    wrappers = [c.execute_wrapper(lambda execute, sql, *rest: seen.append(sql) or execute(sql, *rest)) for c in connections.all()]
    for w in wrappers:
        w.__enter__()
    try:
        fn()
    finally:
        for w in reversed(wrappers):
            w.__exit__(None, None, None)
    return len(seen)


def counted_figure(selection):
    """A figure that counts on the selection's board (the latest month's first), or None."""
    return (Figure.objects.filter(report__center__province=selection.province, report__year=selection.year,
                                  report__month__lte=selection.month, report__status__in=COUNTED_STATUSES,
                                  measure=selection.measure, report__center__active=True)
            .select_related("report__center").order_by("-report__month", "pk").first())


def kb(size):
    return f"{size / 1000:.1f} KB"


def verdict(holds):
    return "holds" if holds else "DOES NOT HOLD"


class Command(BaseCommand):
    help = "Benchmark the dashboards against their targets (and agree with one raw SQL aggregate)."

    def add_arguments(self, parser):
        parser.add_argument("--centers", type=int, default=1000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument("--no-seed", action="store_true", help="fail instead of seeding when data is missing")
        parser.add_argument("--provinces", type=int, default=1,
                            help="seed a country of this many provinces (seed_demo --provinces) when fewer are there")
        parser.add_argument("--province-centers", type=int, default=40, help="seed_demo --province-centers")
        parser.add_argument("--province-years", type=int, default=None, help="seed_demo --province-years")
        parser.add_argument("--province", default=None,
                            help="the province whose page its director reads (a province's code; default: the first)")

    def handle(self, *args, centers, years, repeat, no_seed, provinces, province_centers, province_years, province,
               **options):
        if provinces > 1:
            centers = min(centers, 24 + (provinces - 1) * province_centers)
        if Center.objects.count() < centers or FiscalYear.objects.count() < years or Province.objects.count() < provinces:
            if no_seed:
                raise CommandError(f"fewer than {centers} centers, {years} years or {provinces} provinces: run seed_demo first")
            self.stdout.write(f"Seeding {provinces} province(s), {centers} centers x {years} years (a few minutes)...")
            call_command("seed_demo", centers=None if provinces > 1 else centers, years=years, provinces=provinces,
                         province_centers=province_centers, province_years=province_years, stdout=self.stdout)
        # the national page is the national roles' (accounts.access): one of them reads it
        reader = roles.people_with(*roles.NATIONAL_ROLES).first() or get_user_model().objects.filter(
            is_superuser=True, is_active=True).first()
        if reader is None:
            raise CommandError("no national planner or observer (the 'observer' login): run seed_demo")
        if not dataversion.is_shared():
            raise CommandError("numbers are not cached in this setup: set REDIS_URL, or PAYESH_SINGLE_PROCESS=true")
        year, month = as_of.default_month()  # a closed month: the raw aggregate knows no open one
        measure = Measure.objects.get(code="person_hours")
        first = Province.objects.filter(code=province).first() if province else Province.objects.order_by("pk").first()
        if first is None:
            raise CommandError(f"no province {province!r}")
        # a province's page is read as its director would read it (the national reader where it has none)
        director = roles.people_with(roles.DIRECTOR, province=first).first() or reader
        self.stdout.write(f"Database: {connection.vendor}; {Center.objects.active().count()} active centers; "
                          f"year {year} as of month {month}; {repeat} requests each\n")
        with override_settings(ALLOWED_HOSTS=["testserver", "localhost"], DEBUG=False), translation.override("fa"):
            client = Client()
            client.force_login(reader)
            own = Client()
            own.force_login(director)
            self.stdout.write(f"{local_name(first)}'s page read as {director.username}, the national page as {reader.username}")
            results = {}
            for name, reading, params, selection_province in (
                    ("province", own, {"province": first.code}, first), ("national", client, {"province": "all"}, None)):
                selection = Selection(year=year, month=month, measure=measure, province=selection_province)
                results[name] = self.bench(name, reading, params, selection, repeat, saving=first)
            sizes = self.page_sizes(own, client)
            self.national_focus_after_a_save(client, first, repeat)
            pages = self.page_queries(own, first, national=client)
            lag = self.zero_lag(own, Selection(year=year, month=month, measure=measure, province=first))
            growth = self.cache_growth(own, client, Selection(year=year, month=month, measure=measure, province=first))
            elsewhere = self.save_elsewhere(own, client, Selection(year=year, month=month, measure=measure, province=first),
                                            repeat)
        self.report_targets(results, pages, lag, growth, sizes, elsewhere)

    def bench(self, name, client, params, selection, repeat, saving):
        url = reverse("dashboards:province")

        def page():
            response = client.get(url, params)
            assert response.status_code == 200, response.status_code

        def save():
            saved_in(saving, selection.year)

        page()  # warm up templates, translations and the reference lists
        save()
        first_queries = queries_of(page)
        repeated_queries = queries_of(page)
        first_ms = median_ms(page, repeat, before=save)
        repeated_ms = median_ms(page, repeat)
        # a write no service scoped (the admin, the shell) moves every province: the rank among the
        # provinces, and the national board, then read the country at once
        everywhere_ms = median_ms(page, repeat, before=dataversion.bump)
        compute_ms = median_ms(lambda: boards.board(selection), repeat)
        raw_ms = median_ms(lambda: raw_aggregate(selection), repeat)
        serial_ms = one_process_ms(lambda: raw_aggregate(selection), repeat)

        board = boards.board(selection)
        raw = raw_aggregate(selection)
        mine = {r.center.pk: (r.line.target, r.line.expected, r.line.actual) for r in board.rows}
        agree = mine == raw
        self.stdout.write(
            f"{name:9s} {len(board.rows):5d} centers | first view after a save {first_ms:7.1f} ms, {first_queries} queries | "
            f"after a write to every province {everywhere_ms:7.1f} ms | repeated view {repeated_ms:6.1f} ms, {repeated_queries} queries | progress computation {compute_ms:7.1f} ms | "
            f"raw SQL aggregate {raw_ms:7.1f} ms | computation/raw {compute_ms / raw_ms:4.1f} | "
            + (f"raw on one process {serial_ms:7.1f} ms, computation/raw {compute_ms / serial_ms:4.1f} | " if serial_ms else "")
            + f"numbers agree with raw SQL: {'yes' if agree else 'NO'}"
        )
        return {"first_ms": first_ms, "repeated_ms": repeated_ms, "first_queries": first_queries,
                "repeated_queries": repeated_queries, "ratio": compute_ms / raw_ms, "agree": agree}

    def page_queries(self, client, province, national=None):
        """The queries of every dashboard page of one province's first center, after a change (and
        of the national reporting and focus pages, read by `national`)."""
        center = Center.objects.filter(province=province, active=True).order_by("code").first()
        year, month = as_of.default_month()  # a closed month: the raw aggregate knows no open one
        urls = {
            "center": reverse("dashboards:center", args=[center.code]),
            "center area": reverse("dashboards:center_area", args=[center.code, "fixed_urban"]),
            "center month": reverse("dashboards:center_month", args=[center.code, year, month]),
            "focus": reverse("dashboards:focus"),
            "reporting": reverse("dashboards:reporting"),
            "years": reverse("dashboards:years"),
            "export": reverse("dashboards:export", args=["xlsx"]),
        }
        counts = {}
        readers = [(name, client, url) for name, url in urls.items()]
        if national is not None:
            readers += [(f"national {name}", national, f"{urls[name]}?province=all") for name in ("focus", "reporting")]
        for name, reader, url in readers:
            reader.get(url)
            dataversion.bump()
            counts[name] = queries_of(lambda reader=reader, url=url: reader.get(url))
        self.stdout.write("queries after a change: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
        return counts

    def page_sizes(self, own, national):
        """The HTML bytes of each page whose lists could grow with the country, first view after
        a change: the province's as its director reads them, the national ones as a national role."""
        pages = {
            "province": (own, reverse("dashboards:province"), {}),
            "province reporting": (own, reverse("dashboards:reporting"), {}),
            "province review queue": (own, reverse("entry:queue"), {}),
            "national": (national, reverse("dashboards:province"), {"province": "all"}),
            "national reporting": (national, reverse("dashboards:reporting"), {"province": "all"}),
            "national focus": (national, reverse("dashboards:focus"), {"province": "all"}),
            "national review queue": (national, reverse("entry:queue"), {}),
        }
        sizes = {}
        for name, (client, url, params) in pages.items():
            dataversion.bump()
            started = time.perf_counter()
            response = client.get(url, params)
            assert response.status_code == 200, (name, response.status_code)
            sizes[name] = (len(response.content), (time.perf_counter() - started) * 1000)
        self.stdout.write("page size, first view after a change: " + ", ".join(
            f"{name} {kb(size)} {ms:.0f} ms" for name, (size, ms) in sizes.items()))
        return sizes

    def national_focus_after_a_save(self, national, province, repeat):
        """The national focus page's first view after a save in one province (the page sizes above
        are timed after a write to every province): the other provinces' focus read from the cache."""
        url = reverse("dashboards:focus")

        def view():
            response = national.get(url, {"province": "all"})
            assert response.status_code == 200, response.status_code

        view()
        year, _month = as_of.default_month()
        ms = median_ms(view, repeat, before=lambda: saved_in(province, year))
        self.stdout.write(f"national focus, first view after a save in one province: {ms:.1f} ms (median of {repeat})")

    def zero_lag(self, client, selection):
        """Change one counted figure in the database, read the province export at once, put it back."""
        figure = counted_figure(selection)
        if figure is None:
            return None
        center = figure.report.center

        def shown():
            response = client.get(reverse("dashboards:export", args=["csv"]))
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            column = rows[0].index(str(ProvinceTable.base_columns["actual"].verbose_name))
            return int(next(row for row in rows if local_name(center) in row)[column])

        before = shown()
        Figure.objects.filter(pk=figure.pk).update(value=F("value") + 1)
        try:
            after = shown()
        finally:
            Figure.objects.filter(pk=figure.pk).update(value=F("value") - 1)
        restored = shown()
        holds = after == before + 1 and restored == before
        self.stdout.write(f"zero lag: {local_name(center)}'s actual to date {before} -> {after} on the very next view "
                          f"after a figure changed, {restored} after it was put back")
        return holds

    def cache_growth(self, own, client, selection, rounds=5):
        """Lasting cache bytes gained per save and view, for each page issue 22 measured (+119 KB,
        +521 KB and +333 KB before one key per value): `rounds` times, a counted figure is saved and
        the page viewed; the figure is put back after."""
        figure = counted_figure(selection)
        if figure is None:
            return None
        pages = {"province page": (own, reverse("dashboards:province"), {}),
                 "national page": (client, reverse("dashboards:province"), {"province": "all"}),
                 "national API board": (client, reverse("api:board"), {"province": "all"})}
        growth = {}
        for name, (client, url, params) in pages.items():
            assert client.get(url, params).status_code == 200  # cached before the first save
            before = cachesize.lasting_bytes()
            for _ in range(rounds):
                Figure.objects.filter(pk=figure.pk).update(value=F("value") + 1)
                assert client.get(url, params).status_code == 200
            growth[name] = (cachesize.lasting_bytes() - before) / rounds
            Figure.objects.filter(pk=figure.pk).update(value=F("value") - rounds)
        where = "Redis, MEMORY USAGE" if dataversion.shared_between_processes() else "local memory, pickled sizes"
        self.stdout.write(f"lasting cache growth per save and view ({where}, over {rounds} saves): "
                          + ", ".join(f"{name} {kb(b)}" for name, b in growth.items()))
        return growth

    def save_elsewhere(self, own, national, selection, repeat):
        """Caches per province: `repeat` times, a counted figure of another province is saved as
        the services save (dataversion.writes_for its province), then this province's page is
        viewed (time, queries, whether its board was computed) and the national page's export read
        (does it show the save?); the figure is put back after. None with one province."""
        other = Province.objects.exclude(pk=selection.province.pk).order_by("pk").first()
        figure = counted_figure(replace(selection, province=other)) if other is not None else None
        if figure is None:
            return None
        center, url = figure.report.center, reverse("dashboards:province")

        def save(delta):
            with dataversion.writes_for(other.pk):
                Figure.objects.filter(pk=figure.pk).update(value=F("value") + delta)

        def national_shows():
            response = national.get(reverse("dashboards:export", args=["csv"]), {"province": "all"})
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            column = rows[0].index(str(ProvinceTable.base_columns["actual"].verbose_name))
            return int(next(row for row in rows if local_name(center) in row)[column])

        computed, real_board = [], boards.board

        def counting(chosen, **kwargs):
            computed.append(chosen.province)
            return real_board(chosen, **kwargs)

        own.get(url)
        national.get(url, {"province": "all"})
        shown, times, queries, current = national_shows(), [], [], True
        boards.board = counting
        try:
            for saved in range(1, repeat + 1):
                save(+1)
                started = time.perf_counter()
                queries.append(queries_of(lambda: own.get(url)))
                times.append((time.perf_counter() - started) * 1000)
                current = current and national_shows() == shown + saved
        finally:
            boards.board = real_board
            save(-repeat)
        recomputed = sum(1 for chosen in computed if chosen is not None and chosen.pk == selection.province.pk)
        result = {"other": other, "ms": statistics.median(times), "queries": max(queries), "recomputed": recomputed,
                  "current": current, "saves": repeat}
        self.stdout.write(
            f"a save in {local_name(other)} ({repeat} saves): {local_name(selection.province)}'s page next "
            f"{result['ms']:.1f} ms (median), at most {result['queries']} queries, its board computed {recomputed} times; "
            f"the national page showed each save at once: {'yes' if current else 'NO'}")
        return result

    def report_targets(self, results, pages, lag, growth, sizes, elsewhere=None):
        p, n = results["province"], results["national"]
        largest = max(sizes, key=lambda name: sizes[name][0])
        counts = [p["first_queries"], n["first_queries"], *pages.values()]
        lines = [
            (f"province page, first view after a save in it <= {PROVINCE_FIRST_MS} ms", f"{p['first_ms']:.1f} ms",
             p["first_ms"] <= PROVINCE_FIRST_MS),
            (f"province page, repeated view <= {PROVINCE_REPEATED_MS} ms", f"{p['repeated_ms']:.1f} ms",
             p["repeated_ms"] <= PROVINCE_REPEATED_MS),
            (f"national page, first view after a save <= {NATIONAL_FIRST_MS} ms", f"{n['first_ms']:.1f} ms",
             n["first_ms"] <= NATIONAL_FIRST_MS),
            (f"national progress computation <= {COMPUTATION_TO_RAW:g}x the raw aggregate", f"{n['ratio']:.2f}x",
             n["ratio"] <= COMPUTATION_TO_RAW),
            # the national view (1,224 centers) reads no more than a province's page (24)
            (f"queries on every dashboard page <= {MAX_QUERIES}, none more at 1,000 centers than at 24",
             f"at most {max(counts)}; province {p['first_queries']}, national {n['first_queries']}",
             max(counts) <= MAX_QUERIES and n["first_queries"] <= p["first_queries"]),
            ("zero lag: a changed figure shows on the very next view", "checked" if lag is not None else "no figure to change",
             bool(lag)),
            ("the pages' numbers agree with the raw aggregate", "province and national", p["agree"] and n["agree"]),
            (f"every page <= {kb(PAGE_BYTES)} of HTML", f"largest {largest} {kb(sizes[largest][0])}",
             sizes[largest][0] <= PAGE_BYTES),
            (f"lasting cache growth per save and view <= {kb(LASTING_BYTES_PER_SAVE)}",
             ", ".join(f"{name} {kb(b)}" for name, b in growth.items()) if growth else "no figure to change",
             growth is not None and max(growth.values()) <= LASTING_BYTES_PER_SAVE),
        ]
        if elsewhere is not None:
            lines += [
                ("a save in another province leaves this province's page warm (its board not computed again)",
                 f"{elsewhere['recomputed']} of {elsewhere['saves']} views computed it; {elsewhere['ms']:.1f} ms, "
                 f"{elsewhere['queries']} queries", elsewhere["recomputed"] == 0),
                ("the national page is current at once after any save", "each save shown on the next view"
                 if elsewhere["current"] else "a save NOT shown", elsewhere["current"]),
            ]
        self.stdout.write("\nTargets:")
        for text, figure, holds in lines:
            self.stdout.write(f"  {text}: {figure} -- {verdict(holds)}")
