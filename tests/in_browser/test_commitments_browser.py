"""A planner downloads the template, fills it with a bad row, sees the error list, fixes the row,
imports, and sees the totals; screenshots at desktop and phone width."""


import pytest
from openpyxl import load_workbook

from commitments import workbook
from commitments.models import Commitment
from tests import factories
from tests.browser import shoot, sign_in
from tests.commitments.test_commitments_import import row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(template_path, rows, out_path):
    wb = load_workbook(template_path)
    ws = wb[workbook.SHEET_TITLE]
    ws.delete_rows(2, ws.max_row)
    for r in rows:
        ws.append(r)
    wb.save(out_path)


def test_import_with_a_bad_row_then_fixed_shows_the_totals(page, live_server, artifacts, tmp_path, reference, people):
    sign_in(page, live_server, "planner", next_path="/commitments/import/")
    page.wait_for_selector("#upload")
    assert page.locator("nav.nav a", has_text="تعهدات").count() == 1

    with page.expect_download() as download:
        page.click("#template-link")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    good = [row(target="۱۲٬۰۰۰"), row(center="CB", target="2,400", weights=["8.33"] * 11 + ["8.37"])]
    bad = row(center="CB", area="rural_nomadic", target="-۵۰", date="1405/12/30")
    fill(template, good + [bad], tmp_path / "bad.xlsx")
    page.set_input_files("#id_workbook", str(tmp_path / "bad.xlsx"))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#problems")
    problems = page.inner_text("#problems")
    assert "۲ ایراد" in problems and "چیزی ثبت نشد" in problems
    assert "عدد منفی است" in problems and "تاریخ شمسی درستی نیست" in problems
    assert "تعهد سالانه" in problems and "تاریخ نامه (شمسی)" in problems
    rows = page.locator("#problems tbody tr")
    assert rows.count() == 2 and "۴" in rows.nth(0).inner_text()
    assert Commitment.objects.count() == 0
    shoot(page, artifacts, "commitments-import-errors")

    fixed = row(center="CB", area="rural_nomadic", target="۵۰۰", date="1405/12/29")
    fill(template, good + [fixed], tmp_path / "fixed.xlsx")
    page.set_input_files("#id_workbook", str(tmp_path / "fixed.xlsx"))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#center-totals")
    assert "۳ ایجاد" in page.inner_text(".messages")
    totals = page.inner_text("#center-totals tfoot")
    assert "۱۴٬۹۰۰" in totals  # 12,000 + 2,400 + 500 person-hours
    assert "۱۲٬۰۰۰" in page.inner_text("#center-totals tbody tr:first-child")
    assert Commitment.objects.count() == 3
    shoot(page, artifacts, "commitments-list")
    outside = [u for u in page.requested_urls if not u.startswith(live_server.url)]
    assert outside == []


def test_a_commitment_page_draws_its_phasing_chart_and_saves_hand_typed_months(page, live_server, artifacts, reference, people):
    c = factories.commitment(people.center_a, year=1406, target=1200)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server, "planner", next_path=f"/commitments/{c.pk}/")
    page.wait_for_selector(".chart svg")
    page.fill("#phasing input[name=phased_1]", "۵۰")
    page.fill("#phasing input[name=phased_12]", "۱۵۰")
    page.click("button[name=phasing]")
    page.wait_for_selector(".msg")
    assert "تعهدات ماهانه ذخیره شد." in page.content() and errors == []
    c.refresh_from_db()
    assert c.phased == [50] + [100] * 10 + [150]
    shoot(page, artifacts, "commitment-phasing")
