"""The demo's course registers: realistic courses whose derivation is exactly the figures of
those centers' months, built once."""

from django.db.models import Max, Min

from courses.derive import derived_figures
from courses.models import Course
from demo.builder import REGISTER_CENTERS, build_course_registers, demo_plan
from reports.models import Figure, MonthlyReport


def test_demo_registers_are_realistic_and_match_the_figures(demo):
    plan = demo_plan()
    courses = Course.objects.filter(year=plan.year)
    assert set(courses.values_list("center__code", flat=True).distinct()) == set(REGISTER_CENTERS)
    limits = courses.aggregate(Min("hours"), Max("hours"), Min("enrolled"), Max("enrolled"))
    assert limits["hours__min"] >= 30 and limits["hours__max"] <= 300
    assert limits["enrolled__min"] >= 8 and limits["enrolled__max"] <= 30
    assert courses.filter(title="قالی‌بافی", area__code="rural_nomadic", place__startswith="روستای").exists()
    checked = 0
    for report in MonthlyReport.objects.filter(center__code__in=REGISTER_CENTERS, year=plan.year).select_related("center"):
        derived = derived_figures(report.center, report.year, report.month)
        assert derived, report
        for f in Figure.objects.filter(report=report).select_related("measure"):
            key = (f.sector_id, f.area_id, f.measure.code)
            if key in derived:
                assert f.value == derived[key], (report, key)
                checked += 1
    assert checked > 100
    count = courses.count()
    assert build_course_registers(plan.year, plan.last_month) == 0  # idempotent: nothing added
    assert Course.objects.count() == count
