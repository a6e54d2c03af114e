"""Outliers from the center's own history (reports/quality/history.py), with hand-made histories:
a steady center, a seasonal one, a new center with no history, a zero month. First the rule on
its own, then on the entry page, where the flag is explained in words and a comment confirms it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from reports.models import Figure, MonthlyReport
from reports.quality.history import load_history, month_index, unusual
from tests import factories
from tests.entry_data import client_for, post_data

MEHR = 7


def months_back(year, month, count):
    """The `count` (year, month) before (year, month), oldest first."""
    index = month_index(year, month)
    return [divmod(i, 12) for i in range(index - count, index)]


def history(values_by_month, year=1405, month=MEHR, count=24):
    """{month_index: value} of the `count` months before (year, month); values_by_month(month) gives a month's value."""
    return {month_index(y, m + 1): values_by_month(m + 1) for y, m in months_back(year, month, count)}


def steady(_month):
    return 1000


def seasonal(month):
    """Quiet in the first half of the year, busy in Mehr, Aban and Azar, in between in winter."""
    return 100 if month <= 6 else 1000 if month <= 9 else 300


def nowruz_closed(month):
    return 0 if month == 1 else 1000


# --- the rule on its own -------------------------------------------------------------------------


def test_a_steady_center_is_flagged_at_a_real_jump_only():
    past = history(steady)
    assert unusual(1400, past, 1405, MEHR) is None and unusual(2900, past, 1405, MEHR) is None  # busy, not odd
    found = unusual(4000, past, 1405, MEHR)
    assert found is not None and (found.usual, found.month) == (1000, MEHR)  # "this center's usual Mehr"
    assert unusual(200, past, 1405, MEHR) is not None  # a fifth of the usual: far below


def test_a_seasonal_center_is_not_flagged_for_its_busy_season_but_is_for_four_times_it():
    past = history(seasonal)
    assert unusual(1100, past, 1405, MEHR) is None  # 11 times the year's median month, but a usual Mehr
    found = unusual(4000, past, 1405, MEHR)
    assert found is not None and (found.usual, found.month) == (1000, MEHR)
    assert unusual(1000, past, 1405, 3) is not None  # a Mehr's figure in Khordad is unusual


def test_a_new_center_has_no_history_to_speak_of():
    assert unusual(1_000_000, {}, 1405, MEHR) is None
    few = {month_index(1405, m): 10 for m in range(1, 6)}  # five months, below PAYESH_OUTLIER_MIN_HISTORY
    assert unusual(1_000_000, few, 1405, MEHR) is None
    with override_settings(PAYESH_OUTLIER_MIN_HISTORY=5):
        assert unusual(1_000_000, few, 1405, MEHR) is not None


def test_a_zero_month_is_usual_where_it_always_is_and_far_below_elsewhere():
    past = history(nowruz_closed, month=1)
    assert unusual(0, past, 1405, 1) is None  # Farvardin: closed every Nowruz
    assert unusual(1000, past, 1405, 1) is None  # a Farvardin like the other months is not odd either
    found = unusual(0, history(nowruz_closed), 1405, MEHR)
    assert found is not None and found.usual == 1000  # a zero Mehr where Mehr was 1,000


def test_a_figure_above_the_usual_but_within_this_months_target_is_expected():
    past = history(steady)
    assert unusual(4000, past, 1405, MEHR, month_target=5000) is None
    assert unusual(4000, past, 1405, MEHR, month_target=3000) is not None


def test_the_thresholds_are_settings():
    past = history(steady)
    with override_settings(PAYESH_OUTLIER_RATIO=5.0):
        assert unusual(4000, past, 1405, MEHR) is None
    with override_settings(PAYESH_OUTLIER_HISTORY_MONTHS=0):
        assert unusual(40_000, past, 1405, MEHR) is None


def test_a_center_that_always_varies_is_flagged_only_further_out():
    """Months from 200 to 1,800 (the usual 675): 2,500 is nearly four times the usual, but within the
    center's spread; a steady center at 675 is flagged for it."""
    months = range(month_index(1403, 7), month_index(1405, 7))
    varying = dict(zip(months, [200, 1800, 500, 1500, 850, 300] * 4))
    assert unusual(2500, varying, 1405, MEHR) is None
    assert unusual(2500, dict.fromkeys(months, 675), 1405, MEHR) is not None
    assert unusual(4000, varying, 1405, MEHR) is not None


# --- the history as the database gives it ---------------------------------------------------------


def make_history(center, values_by_month, year=1405, month=MEHR, count=24, area="fixed_urban", status="approved"):
    for y, m in months_back(year, month, count):
        factories.report(center, y, m + 1, status, [("public", area, "person_hours", values_by_month(m + 1))])


def test_the_history_is_the_counted_months_before_in_one_query(people, reference):
    make_history(people.center_a, steady)
    factories.report(people.center_a, 1403, 6, "approved", [("public", "fixed_urban", "person_hours", 99)])  # 25 months back
    factories.report(people.center_a, 1405, MEHR, "approved", [("public", "fixed_urban", "person_hours", 77)])  # the month itself
    MonthlyReport.objects.filter(year=1404, month=3).update(status="draft")  # drafts never count
    MonthlyReport.objects.filter(year=1404, month=4).update(status="returned")
    figure = Figure.objects.filter(report__year=1404, report__month=5).first()
    with CaptureQueriesContext(connection) as queries:
        found = load_history([(people.center_a.pk, 1405, MEHR), (people.center_b.pk, 1405, MEHR)])
    assert len(queries.captured_queries) == 1
    past = found.past(people.center_a.pk, (figure.sector_id, figure.area_id, figure.measure_id), 1405, MEHR)
    assert len(past) == 22 and set(past.values()) == {1000}
    assert found.past(people.center_b.pk, (figure.sector_id, figure.area_id, figure.measure_id), 1405, MEHR) == {}


# --- on the entry page ---------------------------------------------------------------------------


@pytest.fixture
def grid(people, reference):
    """Center A's person-hours in fixed urban workshops, 1,200 a year (100 a month)."""
    return factories.commitment(people.center_a, 1405, target=1200)


def post(client, center, commitment, value, comment="", month=MEHR):
    return client.post(f"/reports/centers/{center.code}/1405/{month}/",
                       post_data([commitment], [value], 0, comments={commitment.pk: comment} if comment else None))


def test_the_grid_explains_the_flag_in_words_and_a_comment_confirms_it(people, grid):
    make_history(people.center_a, steady)
    head = client_for(people.head_a)
    response = post(head, people.center_a, grid, "4000")
    html = response.content.decode()
    assert response.status_code == 200 and not MonthlyReport.objects.filter(year=1405, month=MEHR).exists()
    assert "۴٬۰۰۰ حدود ۴ برابر مهر معمول این مرکز (۱٬۰۰۰) است." in html and "در ستون توضیح" in html
    assert post(head, people.center_a, grid, "4000", "دورهٔ فشردهٔ پاییزی").status_code == 302
    assert Figure.objects.get(report__year=1405, report__month=MEHR).comment == "دورهٔ فشردهٔ پاییزی"


def test_the_same_figure_on_a_new_center_and_on_a_steady_one(people, grid):
    """900 a month against a target of 100 (under the target check's 10 times): a new center is not
    asked; a center whose Mehr has always been 100 is."""
    head = client_for(people.head_a)
    assert post(head, people.center_a, grid, "900").status_code == 302  # no history yet
    MonthlyReport.objects.all().delete()
    make_history(people.center_a, lambda _m: 100)
    response = post(head, people.center_a, grid, "900")
    assert response.status_code == 200 and "۹۰۰ حدود ۹ برابر مهر معمول این مرکز (۱۰۰) است." in response.content.decode()


def test_a_seasonal_centers_busy_mehr_is_accepted_and_an_english_page_says_why_four_times_is_not(people, grid):
    make_history(people.center_a, seasonal)
    head = client_for(people.head_a)
    assert post(head, people.center_a, grid, "950").status_code == 302  # 5 times the year's median month
    head.cookies["django_language"] = "en"
    MonthlyReport.objects.filter(year=1405, month=MEHR).delete()
    response = post(head, people.center_a, grid, "4000")
    assert "4,000 is about 4 times this center&#x27;s usual Mehr (1,000)." in response.content.decode()


def test_a_zero_month_where_the_center_usually_works_needs_a_comment(people, grid):
    make_history(people.center_a, nowruz_closed)
    head = client_for(people.head_a)
    response = post(head, people.center_a, grid, "0")
    assert "۰ بسیار کمتر از مهر معمول این مرکز (۱٬۰۰۰) است." in response.content.decode()
    assert post(head, people.center_a, grid, "0", "کارگاه در تعمیر بود").status_code == 302

