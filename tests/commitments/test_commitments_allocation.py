"""Allocating the province total to centers: by last year's actuals and evenly, to the unit."""

import jdatetime
import pytest
from django.utils import translation

from commitments.allocation import EVEN, LAST_YEAR, apply_allocation, overview, plan_allocation
from commitments.models import Commitment, Measure, ProvinceCommitment, Sector, TrainingArea, split_by_weights
from commitments.services import CommitmentError
from tests import factories

BEFORE_1405 = jdatetime.date(1404, 12, 1)
DURING_1405 = jdatetime.date(1405, 5, 1)


@pytest.fixture
def setup(reference, people, client):
    client.cookies["django_language"] = "en"
    third = factories.center(people.center_a.province, "CC", "مرکز پ")
    factories.center(people.center_a.province, "CZ", "مرکز بسته", active=False)
    total = ProvinceCommitment.objects.create(
        province=people.center_a.province, year=1405, sector=Sector.objects.get(code="public"),
        measure=Measure.objects.get(code="person_hours"), target=100_000, letter_number="۷۷۷",
    )
    with translation.override("en"):
        yield people, third, total


def area(code="fixed_urban"):
    return TrainingArea.objects.get(code=code)


def test_split_by_weights_loses_no_unit():
    assert split_by_weights(100, [1, 1, 1]) == [34, 33, 33]
    assert split_by_weights(10**15 + 1, [1, 2]) == [333333333333334, 666666666666667]
    assert sum(split_by_weights(999_999_937, [7, 0, 13, 1, 1])) == 999_999_937
    assert split_by_weights(5, [0, 0, 1]) == [0, 0, 5]


def test_evenly_the_centers_add_up_to_the_province_total(setup):
    people, third, total = setup
    factories.commitment(people.center_a, area="rural_nomadic", target=10_001)  # another area stays as it is
    inactive = factories.commitment(ProvinceCommitment.objects.get().province.centers.get(code="CZ"), target=5_000)
    plan = plan_allocation(total, area(), EVEN)
    assert plan.held_elsewhere == 15_001 and plan.amount == 84_999
    assert [(s.center.code, s.new) for s in plan.shares] == [("CA", 28_333), ("CB", 28_333), ("CC", 28_333)]
    assert plan.allocated == 100_000
    assert Commitment.objects.filter(area__code="fixed_urban").count() == 1  # a preview writes nothing
    apply_allocation(total, area(), EVEN, people.planner, today=BEFORE_1405)
    [row] = overview(total.province, 1405)
    assert (row.allocated, row.remainder) == (100_000, 0)
    assert sorted(Commitment.objects.filter(area__code="fixed_urban").values_list("center__code", "target")) == [
        ("CA", 28_333), ("CB", 28_333), ("CC", 28_333), ("CZ", 5_000)]
    new = Commitment.objects.get(center=third, area__code="fixed_urban")
    assert sum(new.phased) == new.target and new.letter_number == "۷۷۷"
    inactive.refresh_from_db()
    assert inactive.target == 5_000


def test_in_proportion_to_last_years_actuals(setup):
    people, third, total = setup
    for center, values in [(people.center_a, [100, 200]), (people.center_b, [100, 0]), (third, [0, 0])]:
        for month, value in enumerate(values, start=1):
            factories.report(center, year=1404, month=month, status="approved", figures=[("public", "fixed_urban", "person_hours", value)])
    factories.report(people.center_b, year=1404, month=3, status="draft", figures=[("public", "fixed_urban", "person_hours", 9_000)])
    existing = factories.commitment(people.center_b, target=1_000, phasing=[0] * 11 + [1_000])
    plan = plan_allocation(total, area(), LAST_YEAR)
    assert [(s.center.code, s.basis, s.current, s.new) for s in plan.shares] == [
        ("CA", 300, 0, 75_000), ("CB", 100, 1_000, 25_000), ("CC", 0, 0, 0)]
    apply_allocation(total, area(), LAST_YEAR, people.planner, today=BEFORE_1405)
    existing.refresh_from_db()
    assert existing.target == 25_000 and existing.phased == [0] * 11 + [25_000]  # its phasing keeps its shape
    assert not Commitment.objects.filter(center=third).exists()  # a zero share creates no commitment
    assert overview(total.province, 1405)[0].remainder == 0


def test_remainders_go_to_the_largest_fractions_and_add_up(setup):
    people, third, total = setup
    total.target = 100
    total.save()
    for center, value in [(people.center_a, 1), (people.center_b, 1), (third, 1)]:
        factories.report(center, year=1404, month=1, status="submitted", figures=[("public", "fixed_urban", "person_hours", value)])
    plan = plan_allocation(total, area(), LAST_YEAR)
    assert [s.new for s in plan.shares] == [34, 33, 33]


def test_without_actuals_last_year_falls_back_to_even_and_says_so(setup):
    people, third, total = setup
    plan = plan_allocation(total, area(), LAST_YEAR)
    assert plan.fell_back_to_even and [s.new for s in plan.shares] == [33_334, 33_333, 33_333]


def test_after_the_year_started_an_allocation_that_changes_targets_needs_a_reason(setup):
    people, third, total = setup
    factories.commitment(people.center_a, target=10)
    with pytest.raises(CommitmentError):
        apply_allocation(total, area(), EVEN, people.planner, today=DURING_1405)
    apply_allocation(total, area(), EVEN, people.planner, reason="ابلاغ سهم استان", today=DURING_1405)
    c = Commitment.objects.get(center=people.center_a)
    assert c.target == 33_334 and c.history.first().history_change_reason == "ابلاغ سهم استان"


def test_other_areas_holding_more_than_the_total_is_refused(setup):
    people, third, total = setup
    factories.commitment(people.center_a, area="rural_nomadic", target=100_001)
    with pytest.raises(CommitmentError):
        plan_allocation(total, area(), EVEN)


def test_the_allocation_page_previews_then_applies(setup, client):
    people, third, total = setup
    client.force_login(people.planner)
    page = client.get("/commitments/allocation/?year=1405").content.decode()
    assert "100,000" in page
    form = {"province_total": total.pk, "area": area().pk, "method": EVEN, "reason": "تقسیم"}
    response = client.post("/commitments/allocation/?year=1405", {**form, "preview": "1"})
    assert response.context["plan"].allocated == 100_000 and not Commitment.objects.exists()
    previewed = response.context["plan"].fingerprint
    response = client.post("/commitments/allocation/?year=1405", {**form, "apply": "1", "previewed": previewed}, follow=True)
    assert "Allocated 100,000 to 3 centers" in response.content.decode()
    assert sum(Commitment.objects.values_list("target", flat=True)) == 100_000


def test_a_province_total_is_recorded_from_the_page(setup, client):
    people, third, total = setup
    client.force_login(people.planner)
    client.post(f"/commitments/allocation/total/?year=1405&province={total.province_id}", {
        "total-sector": total.sector_id, "total-measure": Measure.objects.get(code="courses").pk,
        "total-target": "۱٬۲۰۰", "total-letter_number": "۸۸", "total-letter_date": "1405/01/20"})
    courses = ProvinceCommitment.objects.get(measure__code="courses")
    assert courses.target == 1200 and courses.letter_number == "۸۸"
    client.post(f"/commitments/allocation/total/?year=1405&province={total.province_id}", {
        "total-sector": total.sector_id, "total-measure": total.measure_id, "total-target": "120000"})
    total.refresh_from_db()
    assert total.target == 120_000 and ProvinceCommitment.objects.count() == 2
