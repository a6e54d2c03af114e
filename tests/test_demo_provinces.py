"""`seed_demo --provinces N`: East Azerbaijan's demo first, then the country's next provinces
with their generated centers, people and numbers; each province's director reads their own."""

import io

import pytest
from django.test import Client

from accounts import access, roles
from centers.models import Center, Province
from commitments.models import Commitment, ProvinceCommitment
from demo.provinces import OTHER_PROVINCES
from reports.models import MonthlyReport
from tests.factories import seed_demo

pytestmark = [pytest.mark.demo, pytest.mark.django_db]


def test_every_provinces_code_fits_its_column():
    longest = Province._meta.get_field("code").max_length
    assert all(len(row[0]) <= longest for row in OTHER_PROVINCES)


def test_two_provinces_each_with_its_people_centers_and_numbers():
    out = io.StringIO()
    seed_demo(provinces=2, province_centers=3, stdout=out)
    assert "province 1 of 2" in out.getvalue() and "province 2 of 2: Tehran" in out.getvalue()
    tehran = Province.objects.get(code="tehran")
    centers = list(Center.objects.filter(province=tehran).order_by("code"))
    assert [c.code for c in centers] == ["THR01", "THR02", "THR03"]
    assert centers[0].name_fa == "مرکز شماره ۱ تهران" and centers[0].head.username == "head-thr01"
    assert Center.objects.filter(province__code="east-azarbaijan").count() == 24
    assert Commitment.objects.filter(center__province=tehran).exists()
    assert MonthlyReport.objects.filter(center__province=tehran).exists()
    assert ProvinceCommitment.objects.filter(province=tehran).exists()
    director = roles.people_with(roles.DIRECTOR, province=tehran).get()
    assert director.username == "director-tehran"
    assert {u.username for u in roles.people_with(roles.PLANNER, province=tehran)} == {"planner-tehran"}
    assert access.reading_provinces(director).ids == {tehran.pk}

    client = Client()
    client.force_login(director)
    page = client.get("/").content.decode()
    assert "مرکز شماره ۱ تهران" in page and "تبریز" not in page
    national = Client()
    national.force_login(roles.people_with(roles.NATIONAL_OBSERVER).first())
    everyone = national.get("/dashboard/?province=all").content.decode()
    assert "تهران" in everyone and "آذربایجان شرقی" in everyone

    reports = MonthlyReport.objects.count()
    seed_demo(provinces=2, province_centers=3, stdout=io.StringIO())  # a second run adds nothing
    assert Center.objects.filter(province=tehran).count() == 3
    assert MonthlyReport.objects.count() == reports
