"""A commitment copied forward is a draft until a planner confirms it: until then it counts
nowhere. No dashboard number, no meeting figure, no owed report and no entry grid row moves."""

import pytest
from django.test import Client
from django.urls import reverse

from commitments import services as commitment_services
from commitments.models import Commitment
from meetings.snapshot import live_rows
from reports.deadlines import owing_centers
from reports.grid import load_grid
from tests import factories
from tests.test_dashboard_pages import KHORDAD, table_rows
from tests.test_progress import build


@pytest.fixture
def data(people, reference):
    build(people)
    # last year: center A also had a workplace commitment, and a third center C had one
    people.center_c = factories.center(people.center_a.province, "CC", "مرکز ج")
    factories.commitment(people.center_a, year=1404, area="workplace", target=5000)
    factories.commitment(people.center_c, year=1404, target=7000)
    return people


def copy_forward(people):
    created = commitment_services.copy_forward(1404, 1405, 1.5, people.planner).created
    assert created == 2 and Commitment.objects.drafts().filter(year=1405).count() == 2


def page(user, name, *args, params=KHORDAD):
    client = Client()
    client.force_login(user)
    return client.get(reverse(name, args=args), params).content.decode()


def section(html, start, end):
    return html[html.index(start):html.index(end, html.index(start))]


def numbers(people):
    province = page(people.director, "dashboards:province")
    center_a = page(people.director, "dashboards:center", "CA")
    center_c = page(people.director, "dashboards:center", "CC")
    return {
        "province headline": section(province, 'id="headline"', 'id="province-table"'),
        "province table": table_rows(province),
        "center A headline": section(center_a, 'id="headline"', "</div>\n\n"),
        "center A by area": section(center_a, 'id="by-area"', "</table>"),
        "center C headline": section(center_c, 'id="headline"', "</div>\n\n"),
        "focus": section(page(people.director, "dashboards:focus"), "<main", "</main>"),
        "reporting": section(page(people.director, "dashboards:reporting"), "<main", "</main>"),
        "meeting rows": live_rows(people.center_a.province, 1405, 3),
        "owing centers": [c.code for c in owing_centers(1405)],
        "grid of A": [row.key for row in load_grid(people.center_a, 1405, 3).rows],
    }


def test_a_draft_commitment_of_the_year_changes_no_dashboard_or_meeting_number(data):
    before = numbers(data)
    assert "۱٬۸۰۰" in before["province table"] and "۴٬۲۰۰" in before["province table"]  # A's and the province's targets
    copy_forward(data)
    after = numbers(data)
    for name in before:
        assert after[name] == before[name], name
    # C has only a draft: it shows "no commitment" and owes no report
    assert "بدون تعهد" in after["province table"] and "CC" not in after["owing centers"]
    # once confirmed, the commitments are in force and the numbers move
    commitment_services.confirm_drafts(1405, data.planner)
    confirmed = numbers(data)
    assert "۲۲٬۲۰۰" in confirmed["province table"]  # 4,200 + 5,000 x 1.5 + 7,000 x 1.5
    assert "CC" in confirmed["owing centers"] and len(confirmed["grid of A"]) == len(before["grid of A"]) + 1


def test_a_heads_entry_grid_does_not_show_a_draft_commitment(data):
    copy_forward(data)
    html = page(data.head_a, "entry:month", "CA", 1405, 3, params={})
    assert "محیط کار واقعی" not in html  # the workplace commitment is a draft
    commitment_services.confirm_drafts(1405, data.planner)
    assert "محیط کار واقعی" in page(data.head_a, "entry:month", "CA", 1405, 3, params={})
