"""The drill-down: a center's month lists its courses, sortable, with a totals row equal to the
month's figures; one training area across centers for a year; query counts that do not grow."""

import re

import pytest
from django.urls import reverse

from courses import services
from reports.models import Figure, MonthlyReport
from tests import factories
from tests.course_data import MONTH, YEAR, commitments, course, url
from tests.support import client_for

MONTH_PAGE_QUERIES = 12  # measured: session, user, groups, center, the grid in 5, courses, totals, report
AREA_PAGE_QUERIES = 9  # measured: session, user, groups, areas, count, page, totals, by county
TRADES = [("جوشکاری", 120, 18), ("ICDL", 60, 25), ("آرایشگری", 90, 12), ("شیرینی‌پزی", 150, 9)]


@pytest.fixture
def month_with_courses(people, reference):
    commitments(people.center_a)
    version = 0
    for title, hours, completed in TRADES:
        services.save_course(course(people.center_a, title=title, hours=hours, enrolled=30, completed=completed,
                                    certified=completed - 2, save=False), people.head_a, version)
        version = MonthlyReport.objects.get().version
    services.save_course(course(people.center_a, title="قالی‌بافی", hours=200, enrolled=15, completed=12, certified=10,
                                area="rural_nomadic", place="روستای خاروانا", save=False), people.head_a, version)
    return people


def footer(html):
    foot = re.search(r"<tfoot[^>]*>(.*?)</tfoot>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", td).strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", foot, re.S)]


def fa(n):
    from payesh import jalali

    return jalali.format_number(n)


def test_the_totals_row_equals_the_months_figures(month_with_courses):
    people = month_with_courses
    html = client_for(people.director).get(url("month", people.center_a)).content.decode()
    figures = {}
    for f in Figure.objects.filter(report__center=people.center_a, report__year=YEAR, report__month=MONTH).select_related("measure"):
        figures[f.measure.code] = figures.get(f.measure.code, 0) + f.value
    assert figures["person_hours"] == 18 * 120 + 25 * 60 + 12 * 90 + 9 * 150 + 12 * 200  # 8,490
    cells = footer(html)
    assert fa(figures["person_hours"]) in cells
    assert fa(figures["person_courses"]) in cells  # completed
    assert fa(figures["certified"]) in cells
    assert html.count("<tr") - html.count("<tr class=\"sector") >= 5
    assert "differs" not in html.split("register-checks")[1]  # register and figures agree


def test_the_list_sorts_by_a_column(month_with_courses):
    people = month_with_courses
    html = client_for(people.head_a).get(url("month", people.center_a) + "?sort=-person_hours").content.decode()
    body = html.split("<tbody")[1]
    order = [t for t, _h, _c in TRADES] + ["قالی‌بافی"]
    positions = sorted(order, key=body.index)
    assert positions[:2] == ["قالی‌بافی", "جوشکاری"]  # 2,400 then 2,160 person-hours


def test_the_area_page_lists_a_training_area_across_centers_by_county(month_with_courses, province):
    people = month_with_courses
    commitments(people.center_b)
    course(people.center_b, title="زنبورداری", hours=100, enrolled=10, completed=10, certified=9, area="rural_nomadic", place="روستای قلعه‌جوق")
    html = client_for(people.director).get(reverse("courses:area") + f"?area=rural_nomadic&year={YEAR}").content.decode()
    assert "روستای خاروانا" in html and "روستای قلعه‌جوق" in html and "جوشکاری" not in html
    assert fa(12 * 200 + 10 * 100) in footer(html)
    assert "مراغه" in html  # center B's county


def test_page_query_counts_do_not_grow_with_courses_or_centers(month_with_courses, province, django_assert_max_num_queries):
    people = month_with_courses
    head = client_for(people.head_a)
    director = client_for(people.director)
    with django_assert_max_num_queries(MONTH_PAGE_QUERIES):
        head.get(url("month", people.center_a))
    with django_assert_max_num_queries(AREA_PAGE_QUERIES):
        director.get(reverse("courses:area") + f"?area=rural_nomadic&year={YEAR}")
    for i in range(8):
        center = factories.center(province, f"X{i}")
        commitments(center)
        course(center, area="rural_nomadic", place=f"روستای {i}")
        course(people.center_a, title=f"دوره {i}")
    with django_assert_max_num_queries(MONTH_PAGE_QUERIES):
        head.get(url("month", people.center_a))
    with django_assert_max_num_queries(AREA_PAGE_QUERIES):
        director.get(reverse("courses:area") + f"?area=rural_nomadic&year={YEAR}")


def test_the_entry_grid_links_to_the_register(month_with_courses):
    people = month_with_courses
    html = client_for(people.head_a).get(reverse("entry:month", args=[people.center_a.code, YEAR, MONTH])).content.decode()
    assert url("month", people.center_a) in html
    assert fa(8_490 - 2_400) in html  # fixed urban person-hours, read-only from the register
