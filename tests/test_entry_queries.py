"""Saving a month costs a fixed number of queries however many figures it has (bulk writes), and
the entry page's query count does not grow with the number of commitments."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.entry_data import client_for, many_commitments, post_data, url

# Measured on SQLite: 19 for a planner's first save, 17 for a save that changes every figure
# (session, user, the grid in 5 with the course register's sums, the month's checks in 2: the
# validation rules in force and the center's history for the outliers; the version claim, bulk
# figures and their history rows, the report). The pin was 19 before the checks.
SAVE_QUERIES = 21
PAGE_QUERIES = 12  # measured: 10, two of them the saved figures' checks (rules, history)


def values_for(commitments, value=90):
    """A value for each row that the shipped validation rules accept: person-hours 10 times the
    other measures (courses of 10 hours)."""
    return [str(value * 10 if c.measure.code == "person_hours" else value) for c in commitments]


def save_and_count(client, center, commitments, values, version, action="save"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url("month", center), post_data(commitments, values, version, action=action))
    assert response.status_code == 302
    return len(ctx.captured_queries)


def test_saving_a_full_month_takes_a_fixed_number_of_queries(people, reference, province, django_assert_max_num_queries):
    small_center = factories.center(province, "SM", head=factories.user("head-sm", "center_head"))
    small = many_commitments(small_center, 6)
    full = many_commitments(people.center_a, 72)
    planner = client_for(people.planner)

    first_small = save_and_count(planner, small_center, small, values_for(small), 0)
    first_full = save_and_count(planner, people.center_a, full, values_for(full), 0)
    assert first_full == first_small <= SAVE_QUERIES  # 72 new figures cost what 6 do

    again_small = save_and_count(planner, small_center, small, values_for(small, 95), 1, action="submit")
    again_full = save_and_count(planner, people.center_a, full, values_for(full, 95), 1, action="submit")
    assert again_full == again_small <= SAVE_QUERIES  # 72 changed figures cost what 6 do
    with django_assert_max_num_queries(SAVE_QUERIES):
        planner.post(url("review", people.center_a), {"version": 2, "approve": "1"})


def test_entry_page_query_count_does_not_grow_with_commitments(people, reference, django_assert_max_num_queries):
    head = client_for(people.head_a)
    commitments = many_commitments(people.center_a, 5)
    head.post(url("month", people.center_a), post_data(commitments, values_for(commitments), 0))
    with CaptureQueriesContext(connection) as few:
        assert head.get(url("month", people.center_a)).status_code == 200
    more = many_commitments(people.center_a, 72, start=5)
    head.post(url("month", people.center_a), post_data(commitments + more, values_for(commitments + more), 1))
    with django_assert_max_num_queries(PAGE_QUERIES):
        html = head.get(url("month", people.center_a)).content.decode()
    assert html.count('class="value"') == 72
    with CaptureQueriesContext(connection) as many:
        head.get(url("month", people.center_a))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_review_queue_and_late_list_do_not_grow_with_centers(people, reference, province, django_assert_max_num_queries):
    from reports.models import MonthlyReport

    planner = client_for(people.planner)
    for i in range(25):
        center = factories.center(province, f"Q{i}")
        factories.commitment(center)
        MonthlyReport.objects.create(center=center, year=1405, month=2, status="submitted")
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert planner.get("/reports/review/").content.decode().count("one-click") == 25
    with django_assert_max_num_queries(PAGE_QUERIES):
        planner.get("/reports/late/?year=1405&month=2")

