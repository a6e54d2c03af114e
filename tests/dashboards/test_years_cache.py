"""The years of record between commits: cached at the data version like every dashboard number, so
a change to an earlier year shows on the very next view, and a repeated view is served from the
cache."""

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from reports.models import Figure
from tests.dashboards.test_years import build

pytestmark = pytest.mark.django_db(transaction=True)

QUERY = {"year": 1405, "month": 3}


def record_of(client, url):
    html = client.get(url, QUERY).content.decode()
    record = html[html.index('id="record"'):]
    return record[:record.index("</table>")]


def test_a_change_to_last_year_shows_at_once_on_the_years_and_center_pages(people, reference, province,
                                                                          django_assert_max_num_queries):
    build(people, province)
    client = Client()
    client.force_login(people.director)
    years_url, center_url = reverse("dashboards:years"), reverse("dashboards:center", args=["CB"])
    assert "۱۰۸٪" in record_of(client, years_url) and "۱۰۸٪" in record_of(client, center_url)  # B's 1404: 2600 / 2400
    with django_assert_max_num_queries(2):  # the session and the user: the rest from the cache
        client.get(years_url, QUERY)
    # B's Esfand 1404 corrected from 2150 to 2450 (written outside any page): 2900 / 2400
    Figure.objects.filter(report__center__code="CB", report__year=1404, report__month=12).update(value=F("value") + 300)
    assert "۱۲۱٪" in record_of(client, years_url) and "۱۲۱٪" in record_of(client, center_url)
