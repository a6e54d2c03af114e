"""A commitment's 12 monthly targets edited by hand on its page, and an allocation applied only
as it was previewed."""

import jdatetime
import pytest

from commitments import services
from commitments.allocation import EVEN, StalePreview, apply_allocation, plan_allocation
from commitments.models import Commitment, CommitmentStatus, Measure, ProvinceCommitment, Sector, TrainingArea
from tests import factories

DURING_1405 = jdatetime.date(1405, 5, 1)
BEFORE_1406 = jdatetime.date(1405, 12, 1)
EVEN_1200 = [100] * 12


@pytest.fixture
def planner(reference, people, client):
    client.cookies["django_language"] = "fa"
    client.force_login(people.planner)
    return people


def months(parts, **extra):
    return {"phasing": "1", **{f"phased_{m}": v for m, v in enumerate(parts, start=1)}, **extra}


def test_monthly_targets_that_do_not_add_up_are_refused_with_the_sums(planner, client):
    c = factories.commitment(planner.center_a, year=1406, target=1200)  # 1406 has not started
    response = client.post(f"/commitments/{c.pk}/", months(["۱۰۰"] * 11 + ["90"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "جمع ۱۲ تعهد ماهانه ۱٬۱۹۰ است؛ باید با تعهد سالانه، ۱٬۲۰۰، برابر باشد." in page
    c.refresh_from_db()
    assert c.phased == EVEN_1200


def test_monthly_targets_in_any_digits_are_saved_and_shown_in_the_history(planner, client):
    c = factories.commitment(planner.center_a, year=1406, target=1200)
    response = client.post(f"/commitments/{c.pk}/", months(["0"] * 6 + ["۱۰۰", "١٠٠", "200", "۲۰۰", "۳۰۰", " ۳۰۰ "]), follow=True)
    page = response.content.decode()
    assert "تعهدات ماهانه ذخیره شد." in page
    c.refresh_from_db()
    assert c.target == 1200 and c.phased == [0] * 6 + [100, 100, 200, 200, 300, 300]
    assert c.history.first().history_change_reason == "تغییر ماه‌بندی" and c.history.first().history_user == planner.planner
    assert "تعهدات ماهانه: ۰، ۰، ۰، ۰، ۰، ۰، ۱۰۰، ۱۰۰، ۲۰۰، ۲۰۰، ۳۰۰، ۳۰۰" in page
    assert 'name="phased_9" value="۲۰۰"' in page  # the form shows the saved months, in the page's digits


def test_a_fraction_or_a_missing_month_is_refused_on_its_field(planner, client):
    c = factories.commitment(planner.center_a, year=1406, target=1200)
    page = client.post(f"/commitments/{c.pk}/", months(["100.5"] + ["100"] * 11)).content.decode()
    assert "عدد صحیح (بدون اعشار) وارد کنید." in page
    c.refresh_from_db()
    assert c.phased == EVEN_1200


def test_after_the_year_started_new_months_need_reason_and_letter_like_a_revision(planner):
    c = factories.commitment(planner.center_a, target=1200)
    parts = [50] * 6 + [150] * 6
    with pytest.raises(services.CommitmentError, match="دلیل"):
        services.set_phasing(c, planner.planner, parts, reason="جابه‌جایی دوره‌ها", today=DURING_1405)
    letter_date = jdatetime.date(1405, 4, 20).togregorian()
    c, changed = services.set_phasing(c, planner.planner, parts, "۶۶۶/ص", letter_date, "جابه‌جایی دوره‌ها", today=DURING_1405)
    assert changed and c.phased == parts and c.target == 1200 and c.letter_number == "۶۶۶/ص"
    versions = list(c.history.order_by("history_date", "history_id"))
    assert [v.phased_12 for v in versions] == [100, 150] and versions[-1].history_change_reason == "جابه‌جایی دوره‌ها"
    # the same months again change nothing; a draft or a year not started needs no reason
    assert services.set_phasing(c, planner.planner, parts, today=DURING_1405)[1] is False
    draft = factories.commitment(planner.center_b, target=1200)
    Commitment.objects.filter(pk=draft.pk).update(status=CommitmentStatus.DRAFT)
    draft.refresh_from_db()
    assert services.set_phasing(draft, planner.planner, parts, today=DURING_1405)[1]
    assert services.set_phasing(factories.commitment(planner.center_b, year=1406), planner.planner, parts, today=BEFORE_1406)[1]


def test_the_page_asks_for_the_reason_once_the_year_has_started(planner, client):
    year = jdatetime.date.today().year  # the current year has started
    c = factories.commitment(planner.center_a, year=year, target=1200)
    page = client.post(f"/commitments/{c.pk}/", months([50] * 6 + [150] * 6)).content.decode()
    assert "سال شروع شده است: تعهدات ماهانهٔ جدید به دلیل و نامه (شماره و تاریخ) نیاز دارند." in page
    c.refresh_from_db()
    assert c.phased == EVEN_1200
    client.post(f"/commitments/{c.pk}/", months([50] * 6 + [150] * 6, letter_number="۶۶۶", letter_date=f"{year}/01/20",
                                               reason="ابلاغیه اصلاحی ماه‌بندی"))
    c.refresh_from_db()
    assert c.phased == [50] * 6 + [150] * 6
    assert "ابلاغیه اصلاحی ماه‌بندی" in client.get(f"/commitments/{c.pk}/").content.decode()


@pytest.fixture
def total(reference, people):
    return ProvinceCommitment.objects.create(
        province=people.center_a.province, year=1405, sector=Sector.objects.get(code="public"),
        measure=Measure.objects.get(code="person_hours"), target=100_000,
    )


def test_an_allocation_is_applied_only_as_previewed(planner, total, client):
    area = TrainingArea.objects.get(code="fixed_urban")
    form = {"province_total": total.pk, "area": area.pk, "method": EVEN, "reason": "تقسیم"}
    preview = client.post("/commitments/allocation/?year=1405", {**form, "preview": "1"})
    previewed = preview.context["plan"].fingerprint
    assert f'name="previewed" value="{previewed}"' in preview.content.decode()
    # someone else changes a center's commitment after the preview
    factories.commitment(planner.center_a, area="rural_nomadic", target=10_000)
    response = client.post("/commitments/allocation/?year=1405", {**form, "apply": "1", "previewed": previewed})
    assert "تعهدات مراکز پس از پیش‌نمایش تغییر کرده است. پیش از اعمال، دوباره پیش‌نمایش بگیرید." in response.content.decode()
    assert not Commitment.objects.filter(area=area).exists()
    # previewed again, it applies the numbers now shown
    preview = client.post("/commitments/allocation/?year=1405", {**form, "preview": "1"})
    assert preview.context["plan"].amount == 90_000
    client.post("/commitments/allocation/?year=1405", {**form, "apply": "1", "previewed": preview.context["plan"].fingerprint})
    assert sorted(Commitment.objects.filter(area=area).values_list("center__code", "target")) == [("CA", 45_000), ("CB", 45_000)]


def test_apply_without_a_preview_is_refused(planner, total, client):
    area = TrainingArea.objects.get(code="fixed_urban")
    form = {"province_total": total.pk, "area": area.pk, "method": EVEN, "reason": "تقسیم", "apply": "1"}
    client.post("/commitments/allocation/?year=1405", form)
    assert not Commitment.objects.exists()


def test_a_changed_target_in_the_area_or_total_changes_the_fingerprint(planner, total):
    area = TrainingArea.objects.get(code="fixed_urban")
    c = factories.commitment(planner.center_a, target=1_000)
    before = plan_allocation(total, area, EVEN).fingerprint
    assert plan_allocation(total, area, EVEN).fingerprint == before  # nothing changed
    services.revise_commitment(c, planner.planner, 2_000, today=jdatetime.date(1404, 12, 1))
    assert plan_allocation(total, area, EVEN).fingerprint != before
    with pytest.raises(StalePreview):
        apply_allocation(total, area, EVEN, planner.planner, reason="تقسیم", previewed=before)
    assert Commitment.objects.get(pk=c.pk).target == 2_000
