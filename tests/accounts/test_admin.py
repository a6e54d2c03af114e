import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests import factories


@pytest.fixture
def admin_client_fa(people, reference):
    user = get_user_model().objects.create_superuser("root", password="x-123-long-pass")
    client = Client()
    client.force_login(user)
    factories.commitment(people.center_a)
    factories.report(people.center_a, figures=[("public", "fixed_urban", "person_hours", 90)])
    return client


def test_every_model_has_a_persian_admin_with_search(admin_client_fa):
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("centers", "commitments", "reports"):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = admin_client_fa.get(url, {"q": "مرکز"} if model_admin.search_fields else {})
        assert response.status_code == 200, url
        assert 'dir="rtl"' in response.content.decode()


def test_report_admin_filters_by_year_status_and_center(admin_client_fa):
    html = admin_client_fa.get(reverse("admin:reports_monthlyreport_changelist")).content.decode()
    assert "وضعیت" in html and "سال" in html and "مرکز الف" in html
    html = admin_client_fa.get(reverse("admin:commitments_commitment_changelist")).content.decode()
    assert "حوزه آموزشی" in html and "بخش" in html and "شاخص" in html
