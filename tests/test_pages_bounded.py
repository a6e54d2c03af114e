"""Pages whose size does not grow with the country (issue 24 §5): the review queue and the
national reporting grid and focus lists show a page at a time, and summarise by province; their
queries do not grow with the rows."""

import re

import pytest
from django.test import Client

from dashboards import views as dashboard_views
from payesh import dataversion
from reports import views as report_views
from tests import factories
from tests.country import country


@pytest.fixture
def world(reference):
    return country()


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def rows_of(page, table_id):
    """The body rows of the table with this id."""
    table = re.search(rf'id="{table_id}".*?<tbody>(.*?)</tbody>', page, re.S)
    assert table, f"no table {table_id}"
    return re.findall(r"<tr", table.group(1))


def more_submitted(world, months):
    """A submitted report of each of the months for every center of the country."""
    for p in world.provinces:
        for center in (p.center_1, p.center_2):
            for month in months:
                factories.report(center, month=month, figures=[("public", "fixed_urban", "person_hours", 100)])


def test_the_review_queue_shows_a_page_at_a_time_with_the_count_of_each_province(world, monkeypatch):
    monkeypatch.setattr(report_views, "QUEUE_PER_PAGE", 4)
    client = client_of(world.national_planner)
    first = client.get("/reports/review/").content.decode()
    assert len(rows_of(first, "queue")) == 4  # 6 waiting: two in each province
    assert "۱ از ۲" in first or "1 of 2" in first
    last = client.get("/reports/review/?page=۲").content.decode()
    assert len(rows_of(last, "queue")) == 2
    waiting = rows_of(first, "waiting-by-province")
    assert len(waiting) == 3
    for p in world.provinces:
        assert re.search(rf"{p.province.name_fa}</td><td class=\"num\">۲<", first)
    # past the end: the last page, not an error
    assert len(rows_of(client.get("/reports/review/?page=99").content.decode(), "queue")) == 2


def test_a_provinces_planner_reads_their_queue_without_a_summary_by_province(world):
    page = client_of(world.provinces[1].planner).get("/reports/review/").content.decode()
    assert len(rows_of(page, "queue")) == 2
    assert 'id="waiting-by-province"' not in page
    assert 'class="pager"' not in page


def test_the_review_queues_queries_do_not_grow_with_the_reports_waiting(world, django_assert_max_num_queries):
    client = client_of(world.national_planner)
    client.get("/reports/review/")
    with django_assert_max_num_queries(12) as few:
        client.get("/reports/review/")
    more_submitted(world, range(4, 12))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/reports/review/").content.decode()
    assert len(rows_of(page, "queue")) == report_views.QUEUE_PER_PAGE


def test_the_national_reporting_grid_is_paged_and_counts_each_provinces_centers_not_reported(world, monkeypatch):
    monkeypatch.setattr(dashboard_views, "PER_PAGE", 4)
    client = client_of(world.national_observer)
    page = client.get("/dashboard/reporting/?province=all&year=1405&month=3").content.decode()
    assert len(rows_of(page, "grid")) == 4  # six centers
    assert len(rows_of(client.get("/dashboard/reporting/?province=all&year=1405&month=3&page=2").content.decode(),
                       "grid")) == 2
    assert len(rows_of(page, "not-reported-by-province")) == 3
    assert 'id="not-reported"' not in page  # the centers are counted by province, not listed
    for p in world.provinces:
        assert f"?province={p.province.code}" in page


def test_a_provinces_reporting_grid_stays_whole_with_its_centers_not_reported(world):
    page = client_of(world.provinces[0].director).get("/dashboard/reporting/?year=1405&month=3").content.decode()
    assert len(rows_of(page, "grid")) == 2
    assert 'id="not-reported"' in page
    assert 'id="not-reported-by-province"' not in page


def test_the_national_focus_lists_are_paged_together(world, monkeypatch):
    monkeypatch.setattr(dashboard_views, "PER_PAGE", 4)
    client = client_of(world.national_planner)
    page = client.get("/dashboard/focus/?province=all&year=1405&month=3").content.decode()
    sectors = re.search(r'id="sectors".*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    assert len(re.findall(r"<tr", sectors)) == 4
    assert 'class="pager"' in page
    second = client.get("/dashboard/focus/?province=all&year=1405&month=3&page=2").content.decode()
    assert len(re.findall(r"<tr", re.search(r'id="sectors".*?<tbody>(.*?)</tbody>', second, re.S).group(1))) == 2


@pytest.mark.parametrize("path", ["/dashboard/reporting/?province=all", "/dashboard/focus/?province=all"])
def test_the_national_pages_queries_do_not_grow_with_the_centers(world, path, django_assert_max_num_queries):
    client = client_of(world.national_planner)
    client.get(path)
    dataversion.bump()  # the first view after a change: nothing numeric cached
    with django_assert_max_num_queries(10):
        client.get(path)
