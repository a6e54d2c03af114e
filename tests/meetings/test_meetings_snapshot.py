import pytest
from django.urls import reverse

from meetings import services
from meetings.snapshot import live_rows
from reports.models import Figure
from tests import factories
from tests.meetings_helpers import figures, meeting
from tests.support import client_for


@pytest.fixture
def data(people, reference):
    figures(people, factories)
    return people


def by_code(rows):
    return {r["center_code"]: r for r in rows}


def test_live_rows_add_first_and_divide_once(data):
    province, rows = live_rows(data.center_a.province, 1405, 4)
    a, b = by_code(rows)["CA"], by_code(rows)["CB"]
    assert (a["target"], a["expected"], a["actual"]) == (1200, 400, 360)
    assert a["pace"] == pytest.approx(0.9) and a["status"] == "slightly_behind" and a["rank"] == 2
    assert a["achievement"] == pytest.approx(0.3)
    assert (b["expected"], b["actual"], b["status"], b["rank"]) == (800, 920, "on_track", 1)
    # the province adds targets and actuals, then divides: (360 + 920) / (400 + 800), not the mean of paces
    assert (province["target"], province["expected"], province["actual"]) == (3600, 1200, 1280)
    assert province["pace"] == pytest.approx(1280 / 1200) and province["status"] == "on_track"


def test_live_rows_of_a_center_without_commitment_have_no_ratio(data, province):
    factories.center(province, "CC", "مرکز ج")
    _province, rows = live_rows(province, 1405, 4)
    c = by_code(rows)["CC"]
    assert (c["target"], c["actual"], c["pace"], c["achievement"], c["status"], c["rank"]) == (0, 0, None, None, None, None)


def test_live_rows_take_six_queries_whatever_the_number_of_centers(data, province, django_assert_max_num_queries):
    # the measure, the month's reports (for the reporting status), the centers, and
    # reports.progress's grouped commitments and figures, and every earlier year's (the record)
    for i in range(10):
        factories.commitment(factories.center(province, f"X{i}"), target=600)
    with django_assert_max_num_queries(6):
        live_rows(province, 1405, 4)


def test_finalizing_freezes_the_figures_so_a_revision_does_not_change_the_summary(data):
    m = meeting(data)
    services.finalize(m, data.staff)
    before = services.summary(m)
    # a figure of Tir is revised after the meeting: center A's Tir becomes 500
    Figure.objects.filter(report__center=data.center_a, report__month=4).update(value=500)
    m.refresh_from_db()
    after = services.summary(m)
    assert after.frozen and after.province == before.province and after.centers == before.centers
    assert by_code(after.centers)["CA"]["actual"] == 360
    assert by_code(live_rows(m.province, 1405, 4)[1])["CA"]["actual"] == 770  # the live figure did move
    html = client_for(data.director).get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "۳۶۰" in html and "۷۷۰" not in html
    assert "ارقام در زمان نهایی شدن جلسه" in html


def test_a_draft_meeting_shows_live_figures(data):
    m = meeting(data)
    Figure.objects.filter(report__center=data.center_a, report__month=4).update(value=500)
    summary = services.summary(m)
    assert not summary.frozen and by_code(summary.centers)["CA"]["actual"] == 770
    html = client_for(data.staff).get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "۷۷۰" in html and "ارقام زنده" in html


def test_a_finalized_meeting_cannot_be_finalized_again(data):
    m = services.finalize(meeting(data), data.staff)
    with pytest.raises(services.MeetingFinalized):
        services.finalize(m, data.staff)
