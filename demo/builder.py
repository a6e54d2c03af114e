"""The demo province: East Azerbaijan's 24 centers, a year of commitments and monthly reports
with a realistic spread, and demo logins. Deterministic (seeded by center code and year) and
idempotent: what exists is kept, only what is missing is created, so a second run adds nothing.

With extra_centers/years it also builds synthetic provinces and past years for benchmarks.
"""

import csv
import datetime
import random
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import roles
from accounts import services as accounts_services
from api.dhis2 import seed_mapping as seed_dhis2_mapping
from centers.models import Center, Province
from commitments.models import Commitment, FiscalYear, even_phasing, phase_by_weights
from commitments.reference import seed_reference_lists
from demo.history import PREVIOUS_YEARS, build_previous_years
from demo.notifications import seed_notifications, seed_workflow_notices
from demo.provinces import build_other_provinces
from payesh import jalali
from reports.models import Figure, MonthlyReport, ReportStatus
from reports.quality.rules import seed_rules

CENTERS_CSV = Path(__file__).resolve().parent.parent / "data" / "centers.csv"

# Seasonal phasing of public training: Nowruz (Farvardin) and high summer are quieter.
PUBLIC_PROFILE = [5, 8, 9, 8, 7, 7, 10, 10, 10, 9, 9, 8]

# Annual person-hours of an average center per area; scaled by the center's size.
PUBLIC_AREA_HOURS = {
    "fixed_urban": 110_000, "urban_annex": 38_000, "rural_nomadic": 46_000, "workplace": 30_000,
    "industry": 30_000, "garrison": 22_000, "prison": 12_000, "university": 12_000,
    "schools": 16_000, "informal_settlements": 9_000,
}
OPTIONAL_AREAS = {"garrison": 0.6, "prison": 0.5, "university": 0.5, "schools": 0.75}
PRIVATE_AREA_HOURS = {"private_institutes": 120_000, "industry_institutes": 25_000}
PUBLIC_MEASURES = ["person_hours", "person_courses", "trainees", "courses", "certified"]
PRIVATE_MEASURES = ["person_hours", "person_courses", "courses", "certified"]

# Pace of each demo center (actual / expected): a few well ahead, most near plan, some behind.
PACE_SPREAD = [1.24, 1.16, 1.12, 1.08, 1.06, 1.04, 1.03, 1.02, 1.01, 1.0, 0.99, 0.98, 0.97,
               0.96, 0.95, 0.94, 0.93, 0.92, 0.91, 0.88, 0.85, 0.81, 0.76, 0.68]


@dataclass
class Plan:
    """What the demo builds: the year, the months reported, the special cases."""

    year: int
    last_month: int  # the last complete Jalali month (reports exist up to it)
    missing_month: tuple  # (center code, month) with no report at all
    returned: tuple  # (center code, month) returned with a comment
    not_yet_reported: tuple  # center codes with no report yet for last_month
    drafts: tuple  # center codes whose last_month report is still a draft


def demo_plan(now=None):
    year, month = jalali.last_complete_month(now)
    return Plan(
        year=year,
        last_month=month,
        missing_month=("HRD", max(1, month - 3)),
        returned=("MLK", month),
        not_yet_reported=("KHA", "JLF"),
        drafts=("AJB", "HST", "VRZ"),
    )


def read_centers_csv(path=CENTERS_CSV):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def center_size(code, kind):
    if code.startswith("TBZ"):
        return 2.4 if kind != "women" else 1.4
    if code[:3] in ("MRG", "MRD", "MNH", "AHR", "BNB", "SRB"):
        return 1.3 if kind != "women" else 0.8
    return 0.7 + (sum(map(ord, code)) % 5) / 10


def round_to(value, step):
    return max(step, int(round(value / step)) * step)


def measure_targets(person_hours, rng, measures):
    person_courses = person_hours / rng.uniform(95, 125)
    values = {
        "person_hours": round_to(person_hours, 100),
        "person_courses": round_to(person_courses, 5),
        "trainees": round_to(person_courses * 0.8, 5),
        "courses": max(2, round(person_courses / rng.uniform(14, 18))),
        "certified": round_to(person_courses * rng.uniform(0.6, 0.72), 5),
    }
    return {m: values[m] for m in measures}


class DemoBuilder:
    demo_codes = frozenset()
    not_open_before = {}  # center code -> the year it opened (demo/history.py)

    heads_since = None  # when the demo heads' headships start (None: now)

    def __init__(self, stdout=None, password="payesh-demo", now=None):
        self.stdout = stdout
        self.password = password
        self.created_logins, self.kept_logins = [], []
        self.plan = demo_plan(now)
        self.now = now
        self.sectors, self.areas, self.measures = seed_reference_lists()
        seed_rules()  # the shipped validation rules (a migration seeds them; a flushed database has none)

    def say(self, text):
        if self.stdout:
            self.stdout.write(text)
            self.stdout.flush()

    # --- people and places -------------------------------------------------------------

    def build_province(self):
        province, _ = Province.objects.update_or_create(
            code="east-azarbaijan", defaults={"name_fa": "آذربایجان شرقی", "name_en": "East Azerbaijan"}
        )
        centers = []
        for row in read_centers_csv():
            center, _ = Center.objects.update_or_create(
                code=row["code"],
                defaults={
                    "province": province, "name_fa": row["name_fa"], "name_en": row["name_en"],
                    "county_fa": row["county_fa"], "county_en": row["county_en"], "kind": row["kind"],
                },
            )
            centers.append(center)
        return province, centers

    def build_users(self, province, centers):
        """The province's director, planner and staff, the national planner and observer, and a
        head for each center; their roles given through the one service, as on the people pages."""
        User = get_user_model()
        for name in roles.ROLE_NAMES:
            Group.objects.get_or_create(name=name)
        people = [
            ("director", "مدیرکل", "استان", roles.DIRECTOR, province, True),
            ("planner", "کارشناس", "برنامه‌ریزی", roles.PLANNER, province, True),
            ("staff", "دبیرخانه", "پایش", roles.STAFF, province, False),
            ("national", "کارشناس", "برنامه‌ریزی سازمان", roles.NATIONAL_PLANNER, None, False),
            ("observer", "ناظر", "سازمان", roles.NATIONAL_OBSERVER, None, False),
        ]
        for username, first, last, role, where, is_staff in people:
            user = self._new_user(User, username, first, last, is_staff)
            if user is not None:
                accounts_services.give_role(None, user, role, where, at=self.heads_since)
        head_group = Group.objects.get(name=roles.CENTER_HEAD)
        for center in centers:
            user = self._new_user(User, f"head-{center.code.lower()}", "رئیس", center.name_fa, False)
            if user is not None:
                user.groups.set([head_group])
                if center.head_id is None:  # through the one service: the headship is kept and recorded
                    accounts_services.set_head(center, user, at=self.heads_since)

    @cached_property
    def hashed_password(self):
        """The demo password hashed once for every demo login (each hash takes a quarter of a
        second by design: 29 logins took 7 of the demo's 27 seconds, a country's 1,300 minutes)."""
        return make_password(self.password)

    def _new_user(self, User, username, first, last, is_staff):
        """A missing demo login, created with the demo password; None when the username is taken
        (in any case): an existing user keeps their password, roles and everything else."""
        if User.objects.filter(username__iexact=username).exists():
            self.kept_logins.append(username)
            return None
        user = User(username=username, first_name=first, last_name=last, is_staff=is_staff,
                    password=self.hashed_password)
        user.save()
        self.created_logins.append(username)
        return user

    # --- commitments --------------------------------------------------------------------

    def commitments_for(self, center, year, size, full=True):
        """The (sector, area, measure, target) rows of one center in one year."""
        rng = random.Random(f"commit-{center.code}-{year}")
        growth = 1 + 0.04 * (year - self.plan.year)  # earlier years had slightly smaller targets
        rows = []
        for area, hours in PUBLIC_AREA_HOURS.items():
            if area == "informal_settlements" and size < 1.3:
                continue
            if area in OPTIONAL_AREAS and size < 2 and rng.random() > OPTIONAL_AREAS[area]:
                continue
            annual = hours * size * growth * rng.uniform(0.75, 1.3)
            measures = PUBLIC_MEASURES if full else ["person_hours", "person_courses"]
            for measure, target in measure_targets(annual, rng, measures).items():
                rows.append(("public", area, measure, target))
        for area, hours in PRIVATE_AREA_HOURS.items():
            if area == "industry_institutes" and size < 1.0:
                continue
            annual = hours * size * growth * rng.uniform(0.7, 1.3)
            measures = PRIVATE_MEASURES if full else ["person_hours"]
            for measure, target in measure_targets(annual, rng, measures).items():
                rows.append(("private", area, measure, target))
        if full:
            rows.append(("research", "executive", "person_hours", round_to(14_000 * size * rng.uniform(0.8, 1.2), 100)))
            rows.append(("research", "research", "research_projects", rng.randint(1, 4)))
        return rows

    def build_commitments(self, centers_sizes, year, full_codes):
        FiscalYear.objects.get_or_create(year=year, defaults={"closed": year < self.plan.year})
        have = set(Commitment.objects.filter(year=year).values_list("center_id", flat=True).distinct())
        letter_date = jalali.first_day(year, 1) + datetime.timedelta(days=40)
        new = []
        for center, size in centers_sizes:
            if center.pk in have or year < self.not_open_before.get(center.code, year):
                continue
            for sector, area, measure, target in self.commitments_for(center, year, size, center.code in full_codes):
                c = Commitment(
                    year=year, center=center, sector=self.sectors[sector], area=self.areas[area],
                    measure=self.measures[measure], target=target,
                    letter_number=f"{year}/ت/{1200 + len(center.code) * 7}", letter_date=letter_date,
                )
                c.set_phasing(phase_by_weights(target, PUBLIC_PROFILE) if sector == "public" else even_phasing(target))
                new.append(c)
        Commitment.objects.bulk_create(new, batch_size=5000)
        return len(new)

    def build_phasing_profiles(self):
        """The seasonal profile the demo's public commitments follow, and an even one, by name."""
        from commitments.models import PhasingProfile

        PhasingProfile.objects.get_or_create(name="فصلی (نوروز و تابستان کمتر)", defaults={"weights": PUBLIC_PROFILE})
        PhasingProfile.objects.get_or_create(name="یکنواخت", defaults={"weights": [1] * 12})

    def build_province_totals(self, province, year):
        """The province totals as communicated: the centers' sums rounded up, leaving a visible
        unallocated remainder on the allocation page. Existing totals are kept."""
        from django.db.models import Sum

        from commitments.models import ProvinceCommitment

        sums = Commitment.objects.filter(year=year, center__province=province).values("sector", "measure").annotate(s=Sum("target"))
        for row in sums:
            step = 1000 if row["s"] >= 100_000 else 10
            ProvinceCommitment.objects.get_or_create(
                province=province, year=year, sector_id=row["sector"], measure_id=row["measure"],
                defaults={"target": -(-row["s"] // step) * step + step, "letter_number": f"{year}/ت/1100",
                          "letter_date": jalali.first_day(year, 1) + datetime.timedelta(days=30)},
            )

    # --- monthly reports ----------------------------------------------------------------

    def report_status(self, code, year, month, deadline_day):
        """(status or None for no report, submitted date) of a demo center's month."""
        plan = self.plan
        rng = random.Random(f"status-{code}-{year}-{month}")
        due = jalali.report_deadline(year, month, deadline_day)
        on_time = due - datetime.timedelta(days=rng.randint(0, 6))
        late = due + datetime.timedelta(days=rng.randint(1, 6))
        submitted_on = late if rng.random() < 0.12 else on_time
        if year < plan.year or month < plan.last_month - 1:
            if (code, month) == plan.missing_month and year == plan.year:
                return None, None
            return ReportStatus.APPROVED, submitted_on
        if month == plan.last_month - 1:
            return (ReportStatus.SUBMITTED if rng.random() < 0.25 else ReportStatus.APPROVED), submitted_on
        # the last complete month: its deadline is around now
        if code in plan.not_yet_reported:
            return None, None
        if (code, month) == plan.returned:
            return ReportStatus.RETURNED, min(on_time, datetime.date.today())
        if code in plan.drafts:
            return ReportStatus.DRAFT, None
        return ReportStatus.SUBMITTED, min(on_time, datetime.date.today())

    def build_reports(self, year, last_month, centers_paces, reviewer, deadline_day=5):
        existing = set(MonthlyReport.objects.filter(year=year).values_list("center_id", "month"))
        commitments = {}
        for c in Commitment.objects.filter(year=year, center__in=[c for c, _ in centers_paces]).only(
            "center_id", "sector_id", "area_id", "measure_id", "target", *[f"phased_{m}" for m in range(1, 13)]
        ):
            commitments.setdefault(c.center_id, []).append(c)
        reports, figures = [], []
        for center, pace in centers_paces:
            if year < self.not_open_before.get(center.code, year):
                continue
            for month in range(1, last_month + 1):
                if (center.pk, month) in existing:
                    continue
                status, submitted_on = self.report_status(center.code, year, month, deadline_day)
                if status is None:
                    continue
                report = self._report(center, year, month, status, submitted_on, reviewer)
                reports.append(report)
                rng = random.Random(f"figures-{center.code}-{year}-{month}")
                drift = pace * rng.uniform(0.88, 1.12)
                for c in commitments.get(center.pk, []):
                    value = max(0, round(c.phased_target(month) * drift * rng.uniform(0.9, 1.1)))
                    figures.append(Figure(report=report, sector_id=c.sector_id, area_id=c.area_id,
                                          measure_id=c.measure_id, value=value))
        MonthlyReport.objects.bulk_create(reports, batch_size=5000)
        Figure.objects.bulk_create(figures, batch_size=5000)
        # Last saved when last acted on (returned, approved or submitted), not at the seeding.
        if reports:
            MonthlyReport.objects.filter(pk__range=(min(r.pk for r in reports), max(r.pk for r in reports))).exclude(
                submitted_at=None, approved_at=None, returned_at=None,
            ).update(updated_at=Coalesce("returned_at", "approved_at", "submitted_at"))
        self._first_history(reports, figures)
        return len(reports), len(figures)

    def _first_history(self, reports, figures):
        """Audit rows for the demo centers' months, as the workflow would have left them: the head
        submitting the figures, then the planner approving or returning the month, each at its
        time (the synthetic benchmark centers, bulk-loaded by the million, get none)."""
        demo_reports = [r for r in reports if r.center.code in self.demo_codes]
        reviewed = [r for r in demo_reports if r.status in (ReportStatus.APPROVED, ReportStatus.RETURNED)]
        final_status = {r.pk: r.status for r in reviewed}
        for report in demo_reports:
            report._history_user = report.center.head
            report._history_date = report.submitted_at or timezone.now()
        for report in reviewed:
            report.status = ReportStatus.SUBMITTED
        MonthlyReport.history.bulk_history_create(demo_reports, batch_size=5000)
        for report in reviewed:
            report.status = final_status[report.pk]
            approved = report.status == ReportStatus.APPROVED
            report._history_user = report.approved_by if approved else report.returned_by
            report._history_date = report.approved_at if approved else report.returned_at
        MonthlyReport.history.bulk_history_create(reviewed, batch_size=5000, update=True)
        wanted = {r.pk: r for r in demo_reports}
        demo_figures = [f for f in figures if f.report.pk in wanted]
        for figure in demo_figures:
            figure._history_user = figure.report.center.head
            figure._history_date = figure.report.submitted_at or timezone.now()
        Figure.history.bulk_history_create(demo_figures, batch_size=5000)

    def _report(self, center, year, month, status, submitted_on, reviewer):
        def at(day, hour):
            return datetime.datetime(day.year, day.month, day.day, hour, 30, tzinfo=jalali.TEHRAN)

        report = MonthlyReport(center=center, year=year, month=month, status=status, updated_by=center.head)
        if submitted_on:
            report.submitted_at, report.submitted_by = at(submitted_on, 10), center.head
        if status == ReportStatus.APPROVED:
            report.approved_at, report.approved_by = at(submitted_on + datetime.timedelta(days=3), 12), reviewer
        if status == ReportStatus.RETURNED:
            report.returned_at, report.returned_by = at(submitted_on, 15), reviewer
            report.return_comment = "نفرساعت حوزه روستایی با فهرست دوره‌ها همخوانی ندارد؛ لطفاً بازبینی و دوباره ارسال کنید."
        return report

    # --- everything -----------------------------------------------------------------------

    def build(self, total_centers=None, years=1, history=True, provinces=1, province_centers=40, province_years=None):
        """The demo province (and synthetic centers up to `total_centers`), and with `provinces`
        more than one, the country's next provinces (demo/provinces.py); `history` False leaves out
        the closed years of record (demo/history.py)."""
        plan = self.plan
        if provinces > 1:
            self.say(f"province 1 of {provinces}: East Azerbaijan (24 centers, {years} year(s))")
        with transaction.atomic():
            province, centers = self.build_province()
            # the demo heads have headed their centers since the first year of the demo's data
            self.heads_since = datetime.datetime.combine(jalali.first_day(plan.year - years + 1, 1), datetime.time(), jalali.TEHRAN)
            self.build_users(province, centers)
        reviewer = get_user_model().objects.get(username__iexact="planner")
        full_codes = {c.code for c in centers}
        self.demo_codes = full_codes
        sized = [(c, center_size(c.code, c.kind)) for c in centers]
        if history:
            build_previous_years(self, province, sized, reviewer, years=max(PREVIOUS_YEARS, years - 1))
        paces = dict(zip([c.code for c in centers], PACE_SPREAD * 10))
        extra = max(0, (total_centers or 0) - len(centers))
        if extra:
            sized += [(c, 0.6 + (i % 9) / 10) for i, c in enumerate(self.build_synthetic_centers(extra))]
        year_list = list(range(plan.year - years + 1, plan.year + 1))
        chunk = 100
        done = 0
        for start in range(0, len(sized), chunk):
            part = sized[start:start + chunk]
            with transaction.atomic():
                for year in year_list:
                    self.build_commitments(part, year, full_codes)
                    last = plan.last_month if year == plan.year else 12
                    centers_paces = [(c, paces.get(c.code, 0.75 + (c.pk % 11) * 0.05)) for c, _ in part]
                    self.build_reports(year, last, centers_paces, reviewer)
            done += len(part)
            if len(sized) > chunk:
                self.say(f"  centers {done}/{len(sized)} ({len(year_list)} years each)")
        self.build_province_totals(province, plan.year)
        self.build_phasing_profiles()
        with transaction.atomic():
            build_course_registers(plan.year, plan.last_month)
        build_demo_meeting(province, centers, plan)  # after the registers: it freezes the figures
        seed_notifications(plan)  # after the meeting: its action items are followed up
        seed_workflow_notices(plan)
        seed_dhis2_mapping(centers)  # a starting DHIS2 mapping (api/dhis2.py), editable in the admin
        if provinces > 1:
            build_other_provinces(self, provinces, province_centers, province_years or years)
        return province, centers

    def build_synthetic_centers(self, count, per_province=40):
        """Extra centers in synthetic provinces, for benchmarks at national scale."""
        existing = {c.code: c for c in Center.objects.filter(code__startswith="SYN")}
        provinces = {}
        new = []
        for i in range(1, count + 1):
            code = f"SYN{i:04d}"
            if code in existing:
                continue
            p = (i - 1) // per_province + 1
            if p not in provinces:
                provinces[p], _ = Province.objects.get_or_create(
                    code=f"synthetic-{p:02d}", defaults={"name_fa": f"استان نمونه {jalali.to_persian_digits(p)}", "name_en": f"Synthetic province {p}"}
                )
            new.append(Center(
                province=provinces[p], code=code, name_fa=f"مرکز نمونه {jalali.to_persian_digits(i)}",
                name_en=f"Synthetic center {i}", county_fa=f"شهرستان {jalali.to_persian_digits((i - 1) // 4 + 1)}",
                county_en=f"County {(i - 1) // 4 + 1}",
            ))
        Center.objects.bulk_create(new, batch_size=1000)
        return list(Center.objects.filter(code__startswith="SYN").order_by("code")[:count])


# --- a monitoring meeting -------------------------------------------------------------------

DEMO_REMARKS = {
    "TBZ1": ("کمبود مربی در رشته‌های برق صنعتی و نبود بودجه برای به‌روزرسانی کارگاه جوشکاری.",
             "تفاهم‌نامه با شهرک صنعتی شهید سلیمی برای دوره‌های محیط کار واقعی.",
             "تخصیص اعتبار تجهیز کارگاه پیش از شروع نیمه دوم سال."),
    "MRG1": ("تأخیر در صدور مجوز دوره‌های جوار پادگان.", "", "هماهنگی استانی با قرارگاه برای صدور مجوزها."),
    "HRS": ("فاصله زیاد روستاهای تحت پوشش و نبود خودروی سیار.",
            "استقبال دهیاری‌ها از دوره‌های کشاورزی و صنایع دستی.",
            "اختصاص یک خودروی سیار آموزشی به مرکز."),
    "SHB": ("", "راه‌اندازی آموزشگاه آزاد جدید در حوزه فناوری اطلاعات.", "برگزاری آزمون‌های مهارت به‌صورت ماهانه."),
}
DEMO_ACTIONS = [
    # (text, center code or None, person, days after the meeting, done)
    ("تهیه گزارش نیاز مربیان رشته‌های برق و ارسال به معاونت آموزش", "TBZ1", "", 20, True),
    ("راه‌اندازی دو کارگاه جوشکاری در شهرک صنعتی با مشارکت صنایع", "TBZ1", "", 75, False),
    ("پیگیری مجوز دوره‌های جوار پادگان با قرارگاه منطقه", None, "معاون آموزش، پژوهش و برنامه‌ریزی", 14, False),
    ("ارائه برنامه جبرانی برای رسیدن به سرعت ۱۰۰٪ تا پایان فصل", "HRS", "", 45, False),
    ("بازبینی تعهدات حوزه روستایی و عشایری مراکز عقب‌مانده", None, "کارشناس برنامه‌ریزی", 30, False),
]


def build_demo_meeting(province, centers, plan):
    """One finalized monitoring meeting with a few centers' remarks and action items, and the
    coming one as a draft; skipped when the province already has a meeting, so a second seed adds
    nothing."""
    from meetings import services
    from meetings.models import ActionItem, CenterRemark, Meeting

    if Meeting.objects.filter(province=province).exists():
        return None
    User = get_user_model()
    staff = User.objects.get(username__iexact="staff")
    director = User.objects.get(username__iexact="director")
    month = max(1, plan.last_month - 1)
    held = min(jalali.first_day(*jalali.next_month(plan.year, month)) + datetime.timedelta(days=9),
               jalali.today_jalali().togregorian())
    by_code = {c.code: c for c in centers}
    with transaction.atomic():
        meeting = Meeting.objects.create(
            province=province, date=held, year=plan.year, month=month, chair=director, created_by=staff,
            title=f"جلسه پایش عملکرد {jalali.month_name(month)} {jalali.to_persian_digits(plan.year)}",
            guests="نماینده استانداری\nنماینده اتاق بازرگانی تبریز",
            agenda="۱. مرور عملکرد مراکز تا پایان ماه\n۲. چالش‌ها و پیشنهادهای مراکز\n۳. پیگیری مصوبات جلسه قبل",
            minutes="عملکرد استان نزدیک به برنامه است؛ مراکزی که سرعتشان زیر ۹۰٪ است برنامه جبرانی ارائه می‌کنند.",
        )
        meeting.attendees.set(User.objects.filter(username__in=["director", "planner", "staff"] + [
            f"head-{code.lower()}" for code in DEMO_REMARKS]))
        for code, (challenges, opportunities, suggestions) in DEMO_REMARKS.items():
            if code in by_code:
                CenterRemark.objects.create(meeting=meeting, center=by_code[code], challenges=challenges,
                                            opportunities=opportunities, suggestions=suggestions,
                                            written_by=by_code[code].head)
        for text, code, person, days, done in DEMO_ACTIONS:
            if code and code not in by_code:
                continue
            item = ActionItem.objects.create(meeting=meeting, text=text, responsible_center=by_code.get(code),
                                             responsible_person=person, due_date=held + datetime.timedelta(days=days))
            if done:
                services.set_action_item_status(item, "done", staff)
        services.finalize(meeting, staff)
        # Finalized at the end of the day it was held, as the story goes (not at the seeding).
        Meeting.objects.filter(pk=meeting.pk).update(
            finalized_at=datetime.datetime(held.year, held.month, held.day, 14, 0, tzinfo=jalali.TEHRAN))
        # The coming meeting, still a draft: heads write remarks before it, and its page lists
        # the open items of the last one for follow-up.
        coming = Meeting.objects.create(
            province=province, date=jalali.today_jalali().togregorian() + datetime.timedelta(days=3),
            year=plan.year, month=plan.last_month, chair=director, created_by=staff,
            title=f"جلسه پایش عملکرد {jalali.month_name(plan.last_month)} {jalali.to_persian_digits(plan.year)}",
            agenda="۱. مرور عملکرد مراکز تا پایان ماه\n۲. پیگیری مصوبات جلسه قبل",
        )
        coming.attendees.set(User.objects.filter(username__in=["director", "planner", "staff"]))
        return meeting
# --- course registers ---------------------------------------------------------------------
# A few demo centers keep a register of the courses they ran; their months' person-hours,
# person-courses, courses and certified figures are then derived from it (courses/derive.py).

REGISTER_CENTERS = {
    "TBZ1": ["باسمنج", "سعیدآباد", "لیقوان", "اسپیران", "خلجان"],
    "MRGW": ["علویان", "خرمازرد", "داش‌آتان", "قره‌چپق"],
    "AHR": ["ورگهان", "اسب‌فروشان", "شیور", "گویجه‌بل"],
    "KLB": ["آبش‌احمد", "مکیدی", "عاشقلو", "لاریجان", "خاروانا"],
}
# (title, cluster, hours, standard code): trades taught in the province, by training area.
TRADES = {
    "fixed_urban": [("جوشکاری برق", "industry", 240, "7212-53-001-1"), ("مکانیک خودرو", "industry", 280, "7231-53-001-1"),
                    ("برق‌کشی ساختمان", "industry", 200, "7411-53-002-1"), ("کاربر ICDL", "services", 120, "2519-53-002-1"),
                    ("آرایشگری موی زنانه", "services", 260, "5141-53-001-2"), ("خیاطی لباس زنانه", "services", 220, "7531-53-003-1"),
                    ("شیرینی‌پزی", "services", 150, "7512-53-001-1"), ("حسابداری مقدماتی", "services", 180, "4311-53-001-1")],
    "rural_nomadic": [("قالی‌بافی", "culture_art", 250, "7318-53-001-1"), ("پرورش گیاهان گلخانه‌ای", "agriculture", 90, ""),
                      ("زنبورداری", "agriculture", 60, "6123-53-001-1"), ("پرورش دام سبک", "agriculture", 60, ""),
                      ("گلیم‌بافی", "culture_art", 120, ""), ("خیاطی لباس زنانه", "services", 220, "7531-53-003-1")],
    "industry": [("جوشکاری صنعتی", "industry", 300, ""), ("برق صنعتی", "industry", 240, ""), ("تراشکاری CNC", "industry", 200, ""),
                 ("ایمنی کار", "industry", 30, "")],
    "prison": [("خیاطی لباس مردانه", "services", 220, ""), ("قالی‌بافی", "culture_art", 250, "7318-53-001-1"),
               ("برق‌کشی ساختمان", "industry", 200, "7411-53-002-1"), ("کاربر ICDL", "services", 120, "2519-53-002-1")],
}
WOMEN_TRADES = {"آرایشگری موی زنانه", "خیاطی لباس زنانه", "شیرینی‌پزی", "قالی‌بافی", "گلیم‌بافی", "کاربر ICDL",
                "پرورش گیاهان گلخانه‌ای", "حسابداری مقدماتی"}


def build_course_registers(year, last_month):
    """Courses for the REGISTER_CENTERS' reported months, sized to each month's person-hours,
    then the four derived figures of those months set from the register. A center that already
    has courses in the year is left as it is."""
    from courses.derive import DERIVED_MEASURES, derived_figures
    from courses.models import Course

    centers = [c for c in Center.objects.filter(code__in=REGISTER_CENTERS) if not Course.objects.filter(center=c, year=year).exists()]
    if not centers:
        return 0
    reports = {(r.center_id, r.month): r for r in MonthlyReport.objects.filter(center__in=centers, year=year, month__lte=last_month)}
    targets = Figure.objects.filter(report__in=reports.values(), measure__code="person_hours", sector__code="public",
                                    area__code__in=TRADES).values_list("report__center_id", "report__month", "sector_id", "area_id", "area__code", "value")
    new = []
    by_code = {c.pk: c for c in centers}
    for center_id, month, sector_id, area_id, area_code, target in targets:
        center = by_code[center_id]
        rng = random.Random(f"courses-{center.code}-{year}-{month}-{area_code}")
        total = 0
        while total < target * 0.96:
            course = _demo_course(rng, center, year, month, sector_id, area_id, area_code)
            new.append(course)
            total += course.completed * course.hours
    Course.objects.bulk_create(new, batch_size=2000)
    changed = []
    for (center_id, month), report in reports.items():
        derived = derived_figures(by_code[center_id], year, month)
        for figure in Figure.objects.filter(report=report, measure__code__in=DERIVED_MEASURES).select_related("measure"):
            value = derived.get((figure.sector_id, figure.area_id, figure.measure.code))
            if value is not None and value != figure.value:
                figure.value = value
                changed.append(figure)
    Figure.objects.bulk_update(changed, ["value"], batch_size=2000)
    return len(new)


def _demo_course(rng, center, year, month, sector_id, area_id, area_code):
    from courses.models import Course

    women = center.kind == "women"
    trades = [t for t in TRADES[area_code] if not women or t[0] in WOMEN_TRADES] or TRADES[area_code]
    title, cluster, hours, standard = rng.choice(trades)
    hours = max(30, min(300, hours + rng.choice([-20, 0, 0, 10, 20])))
    end = jalali.first_day(year, month) + datetime.timedelta(days=rng.randint(0, jalali.month_length(year, month) - 1))
    start = max(jalali.first_day(year, 1), end - datetime.timedelta(days=max(3, hours // rng.choice([4, 5, 6]))))
    enrolled = rng.randint(8, 30)
    completed = max(1, enrolled - rng.choice([0, 0, 1, 2, 3]))
    if women:
        gender = "women"
    elif center.kind == "men":
        gender = "men"
    else:
        gender = "women" if title in WOMEN_TRADES and rng.random() < 0.7 else rng.choice(["men", "men", "mixed"])
    county = center.county_fa
    place = {
        "rural_nomadic": f"روستای {rng.choice(REGISTER_CENTERS[center.code])}",
        "prison": f"زندان {county}",
        "industry": rng.choice([f"شهرک صنعتی {county}", f"کارخانه‌های {county}"]),
    }.get(area_code, f"کارگاه ثابت {county}")
    return Course(
        center=center, year=year, month=month, sector_id=sector_id, area_id=area_id, cluster=cluster, title=title,
        standard_code=standard, start_date=start, end_date=end, hours=hours, gender=gender, enrolled=enrolled,
        completed=completed, certified=round(completed * rng.uniform(0.6, 0.95)), place=place,
        trainer=rng.choice(["", "", "رضایی", "محمدی", "حسین‌زاده", "قاسمی", "نوروزی"]),
    )
