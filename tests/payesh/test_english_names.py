"""English pages name centers, counties, provinces, sectors, areas and measures in English;
Persian pages keep the Persian names. Query counts are those of the Persian pages."""

import pytest
from django.test import Client
from django.utils import translation

from commitments.models import Measure
from payesh.i18n import local_name
from tests.reports.test_progress import build

TABRIZ_1_FA, TABRIZ_1_EN = "مرکز شماره ۱ تبریز (برادران)", "Tabriz Center No. 1 (men)"
KHORDAD = {"year": "1405", "month": "3"}

PERSIAN_NAMES = [TABRIZ_1_FA, "نفرساعت آموزش", "آذربایجان شرقی", "کارگاه‌های ثابت شهری", "دولتی"]


@pytest.fixture
def data(people, reference):
    build(people)
    people.center_a.name_fa, people.center_a.name_en = TABRIZ_1_FA, TABRIZ_1_EN
    people.center_a.save()
    return people


def signed_in(user, language):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def page(user, url, language, params=None):
    response = signed_in(user, language).get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


PAGES = [  # (who, url, query limit of the Persian page)
    ("director", "/", 19),
    ("director", "/dashboard/center/CA/", 24),
    ("head_a", "/reports/centers/CA/1405/3/", 10),
]


@pytest.mark.parametrize("who, url, queries", PAGES)
def test_english_pages_show_english_names_and_no_persian_ones(data, who, url, queries, django_assert_max_num_queries):
    client = signed_in(getattr(data, who), "en")
    with django_assert_max_num_queries(queries):
        response = client.get(url, KHORDAD)
    html = response.content.decode()
    assert TABRIZ_1_EN in html and "Trainee person-hours" in html and "Fixed urban workshops" in html
    assert [name for name in PERSIAN_NAMES if name in html] == []
    assert "تبریز" not in html  # nor the county


@pytest.mark.parametrize("who, url, queries", PAGES)
def test_persian_pages_keep_the_persian_names(data, who, url, queries):
    html = page(getattr(data, who), url, "fa", KHORDAD)
    assert TABRIZ_1_FA in html and "نفرساعت آموزش" in html and "کارگاه‌های ثابت شهری" in html
    assert TABRIZ_1_EN not in html and "Trainee person-hours" not in html


def test_province_dashboard_in_english_names_the_province_and_the_filters(data):
    html = page(data.director, "/", "en", KHORDAD)
    assert "East Azerbaijan" in html  # headline and province choice
    assert ">Public</option>" in html and ">Fixed urban workshops</option>" in html
    assert 'selected>Trainee person-hours</option>' in html


def test_a_name_without_an_english_one_falls_back_to_the_persian(reference):
    measure = Measure.objects.get(code="person_hours")
    measure.name_en = ""
    with translation.override("en"):
        assert local_name(measure) == "نفرساعت آموزش"
        assert local_name(measure, "unit") == "person-hour"
        assert local_name({"center__county_fa": "تبریز", "center__county_en": "Tabriz"}, "center__county") == "Tabriz"
    with translation.override("fa"):
        assert local_name(measure, "unit") == "نفرساعت"
