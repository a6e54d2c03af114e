"""The demo's years of record: the years before the current one, closed, with every month's
report approved and a few commitments revised with a reason, so that year over year, the
record of years met, the allocation by last year's actuals and copy forward have real years.

The province habitually exceeds its commitments (as the demo meeting's minutes say); most
centers do too, a few missed a year, one misses every year, one met only after its target was
revised, and Hurand opened two years ago. Years are counted back from the current Jalali year.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from commitments import services
from commitments.models import Commitment, FiscalYear
from payesh import jalali

PREVIOUS_YEARS = 3

OPENED_YEARS_AGO = {"HRD": 2}  # a new county's center: no commitment before it opened

# (center code, years back) -> the year's pace, where a center did not simply exceed its targets
PAST_PACE = {
    ("MLK", 2): 0.9,  # missed one year
    ("JLF", 3): 0.91,  # missed the oldest year
    ("SRB", 1): 0.92,  # missed last year
    ("VRZ", 1): 0.86, ("VRZ", 2): 0.9, ("VRZ", 3): 0.88, ("VRZ", 4): 0.9,  # never met
    ("KLB", 1): 0.95,  # met last year only on its revised targets (REVISIONS)
}

# (center code, years back, area or None for all public areas, factor, reason): revisions made in
# Mehr of that year, through the service planners use, with the letter they came from
REVISIONS = [
    ("KLB", 1, None, 0.85, "خشکسالی و مهاجرت روستاییان کلیبر؛ تعهدات بخش دولتی مرکز بر اساس نامه معاونت آموزش ۱۵٪ کاهش یافت."),
    ("TBZ1", 2, "fixed_urban", 1.1, "ابلاغ تعهدات تکمیلی کارگاه‌های ثابت شهری تبریز پس از افتتاح سالن جدید جوشکاری."),
    ("MRG1", 1, "garrison", 0.5, "تعلیق دوره‌های جوار پادگان تا صدور مجوز قرارگاه منطقه."),
]


def past_pace(code, back):
    """A demo center's pace in a past year: its exception, or a few percent above its targets."""
    if (code, back) in PAST_PACE:
        return PAST_PACE[(code, back)]
    return 1.05 + random.Random(f"past-{code}-{back}").uniform(0, 0.12)


def opened(code, year, current):
    return year >= current - OPENED_YEARS_AGO.get(code, 99)


def build_previous_years(builder, province, sized, reviewer, years=PREVIOUS_YEARS):
    """The demo centers' `years` years before the current one, each center with its size (sized:
    [(center, size)], as the builder sizes this year's); a year already closed with commitments is
    left as it is, so a second seed adds nothing."""
    current = builder.plan.year
    builder.not_open_before = {code: current - back for code, back in OPENED_YEARS_AGO.items()}
    centers = [c for c, _size in sized]
    for back in range(years, 0, -1):
        year = current - back
        fiscal_year, _created = FiscalYear.objects.get_or_create(year=year)
        if fiscal_year.closed and Commitment.objects.filter(year=year, center__in=centers).exists():
            continue
        FiscalYear.objects.filter(year=year).update(closed=False)
        open_centers = [(c, size) for c, size in sized if opened(c.code, year, current)]
        with transaction.atomic():
            builder.build_commitments(open_centers, year, {c.code for c in centers})
            builder.build_reports(year, 12, [(c, past_pace(c.code, back)) for c, _size in open_centers], reviewer)
            revise(year, back, province)
            builder.build_province_totals(province, year)
            FiscalYear.objects.filter(year=year).update(closed=True)


def revise(year, back, province):
    """The year's revisions, each with its reason and letter, dated in Mehr of that year."""
    planner = get_user_model().objects.get(username__iexact="planner")
    revised_on = jalali.first_day(year, 7) + datetime.timedelta(days=10)
    for code, years_back, area, factor, reason in REVISIONS:
        if years_back != back:
            continue
        commitments = Commitment.objects.filter(year=year, center__code=code, center__province=province,
                                                sector__code="public", measure__code="person_hours")
        if area:
            commitments = commitments.filter(area__code=area)
        for c in commitments:
            if c.history.filter(history_change_reason=reason).exists():
                continue
            services.revise_commitment(c, planner, int(round(c.target * factor, -2)), letter_number=f"{year}/ت/{2300 + c.pk % 97}",
                                       letter_date=revised_on, reason=reason,
                                       today=jalali.today_jalali(datetime.datetime(revised_on.year, revised_on.month,
                                                                                   revised_on.day, tzinfo=jalali.TEHRAN)))
            # the versions dated as they happened: the original with its letter, the revision in Mehr
            versions = c.history.order_by("history_id")
            first = versions.first()
            versions.filter(pk=first.pk).update(history_date=datetime.datetime.combine(
                c.letter_date or revised_on, datetime.time(10, 0), tzinfo=jalali.TEHRAN))
            versions.exclude(pk=first.pk).update(history_date=datetime.datetime.combine(
                revised_on, datetime.time(11, 0), tzinfo=jalali.TEHRAN))
