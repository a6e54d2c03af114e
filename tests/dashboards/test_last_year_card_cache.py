"""The province dashboard's card of last year to the same month reads last year alone, so it is
cached at the version of that year of the province (dataversion.province_year_version): a save of
this year's months (the monthly workflow says its year) leaves it cached while the page shows the
save at once; any write that may change last year there shows on the card at once: one of last
year's through the services, a service's that does not say its years, a write no service scoped.
The numbers are those of tests/dashboards/test_years.py (1404 as of Khordad: pace 84.8%,
achievement 21.2%; 1405: pace 105.7%)."""

import re

import pytest
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse

from payesh import dataversion
from reports import services as report_services
from reports.models import Figure, MonthlyReport
from reports.progress import years
from tests.dashboards.test_years import build

pytestmark = pytest.mark.django_db(transaction=True)

QUERY = {"year": 1405, "month": 3}


@pytest.fixture
def director(people, reference, province):
    build(people, province)
    client = Client()
    client.force_login(people.director)
    return client


@pytest.fixture
def computed(monkeypatch):
    """How many times last year's total was read from the database (not served from the cache)."""
    calls = []
    real = years.last_year_total

    def counting(selection, **kwargs):
        calls.append(selection.year - 1)
        return real(selection, **kwargs)

    monkeypatch.setattr(years, "last_year_total", counting)
    return calls


def shown(client):
    """(the headline's pace, the card's pace of last year, the card's change in pace) as shown."""
    html = client.get(reverse("dashboards:province"), QUERY).content.decode()
    card = re.search(r'id="last-year".*?</div>', html, re.S).group(0)
    return (re.search(r'<strong class="pace">(.*?)</strong>', html).group(1),
            re.search(r'<strong class="last-year-pace">(.*?)</strong>', card).group(1),
            re.search(r'<span dir="ltr">(.*?)</span>', card).group(1))


def test_a_save_of_this_year_shows_at_once_and_leaves_last_years_card_cached(director, people, computed):
    assert shown(director) == ("۱۰۶٪", "۸۵٪", "+۲۱")
    assert computed == [1404]
    # center C's Ordibehesht 1405 (60, submitted: counted) is returned: A(3) 1110 -> 1050 of E(3) 1050
    report = MonthlyReport.objects.get(center__code="CC", year=1405, month=2)
    report_services.return_report(report, people.planner, report.version, "the register says otherwise")
    assert shown(director) == ("۱۰۰٪", "۸۵٪", "+۱۵")  # this year's pace at once, against the same last year
    assert computed == [1404]  # last year's total served from the cache


def test_a_save_of_last_year_through_the_services_shows_at_once_on_the_card(director, people, computed):
    assert shown(director)[1:] == ("۸۵٪", "+۲۱")
    # center A's Farvardin 1404 (100, approved) reopened: 1404's A(3) 870 -> 770 of E(3) 1026: 75.0%
    report = MonthlyReport.objects.get(center__code="CA", year=1404, month=1)
    report_services.reopen(report, people.director, report.version, "the register was wrong")
    assert shown(director)[1:] == ("۷۵٪", "+۳۱")
    assert computed == [1404, 1404]


def test_a_write_to_last_year_that_does_not_say_its_year_shows_at_once_on_the_card(director, people, province, computed):
    assert shown(director)[1:] == ("۸۵٪", "+۲۱")
    last_year_figure = Figure.objects.filter(report__center__code="CA", report__year=1404, report__month=1)
    # a service's write scoped to the province without its years: 1404's A(3) 870 -> 1170: 114.0%
    with dataversion.writes_for(province.pk):
        last_year_figure.update(value=F("value") + 300)
    assert shown(director)[1:] == ("۱۱۴٪", "−۸")
    # a write no service scoped (the admin, the shell): back to 870
    last_year_figure.update(value=F("value") - 300)
    assert shown(director)[1:] == ("۸۵٪", "+۲۱")
    assert computed == [1404, 1404, 1404]


def test_a_years_version_moves_with_writes_that_may_change_that_year_only(province, reference):
    from tests import factories

    other = factories.province("other", "استان دیگر")
    this, last = dataversion.province_year_version(province.pk, 1405), dataversion.province_year_version(province.pk, 1404)
    dataversion.bump(provinces=[province.pk], years=[1405])  # a save of a month of 1405
    assert dataversion.province_year_version(province.pk, 1404) == last
    assert dataversion.province_year_version(province.pk, 1405) != this
    dataversion.bump(provinces=[other.pk], years=[1404])  # another province's last year
    assert dataversion.province_year_version(province.pk, 1404) == last
    for scope in ({"provinces": [province.pk], "years": [1404]}, {"provinces": [province.pk]}, {}):
        dataversion.bump(**scope)
        assert dataversion.province_year_version(province.pk, 1404) != last
        last = dataversion.province_year_version(province.pk, 1404)


def test_a_transaction_keeps_another_years_values_only_when_each_of_its_writes_says_its_years(province, reference):
    def write():  # a statement that writes a data table (no row needs to match for the watcher)
        MonthlyReport.objects.filter(pk=-1).update(month=1)

    last = dataversion.province_year_version(province.pk, 1404)
    with transaction.atomic():
        with dataversion.writes_for(province.pk, years=[1405]):
            write()
        with dataversion.writes_for(province.pk, years=[1405]):
            write()
    assert dataversion.province_year_version(province.pk, 1404) == last
    with transaction.atomic():
        with dataversion.writes_for(province.pk, years=[1405]):
            write()
        with dataversion.writes_for(province.pk):  # another write of the same transaction, of any year
            write()
    assert dataversion.province_year_version(province.pk, 1404) != last
    last = dataversion.province_year_version(province.pk, 1404)
    with dataversion.writes_for(province.pk), dataversion.writes_for(province.pk, years=[1405]):  # nested: any year
        write()
    assert dataversion.province_year_version(province.pk, 1404) != last
