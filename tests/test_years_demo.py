"""The demo's years of record: closed earlier years with approved months and revisions, and the
planner's tools that read last year (allocation by last year's actuals, copy forward) at work on
them."""

from django.contrib.auth import get_user_model

from centers.models import Province
from commitments import allocation, services
from commitments.models import Commitment, CommitmentStatus, FiscalYear, Measure, ProvinceCommitment, TrainingArea
from demo.builder import demo_plan
from demo.history import REVISIONS
from reports.models import MonthlyReport, ReportStatus
from reports.progress import boards, years
from reports.progress.selection import Selection
from reports.progress.statements import actual_to_date


def test_the_demo_has_three_closed_years_of_record_that_the_planners_tools_read(demo):
    plan = demo_plan()
    current = plan.year
    earlier = [current - 3, current - 2, current - 1]
    assert [(y, FiscalYear.is_closed(y)) for y in [*earlier, current]] == [(y, True) for y in earlier] + [(current, False)]
    past = MonthlyReport.objects.filter(year__in=earlier)
    assert not past.exclude(status=ReportStatus.APPROVED).exists()
    assert past.filter(year=current - 1).count() == 24 * 12
    # Hurand opened two years ago
    assert not Commitment.objects.filter(center__code="HRD", year=current - 3).exists()
    assert Commitment.objects.filter(center__code="HRD", year=current - 2).exists()
    # revisions with their reason, dated in the year they were made
    reason = next(r for code, back, _a, _f, r in REVISIONS if code == "KLB")
    revised = Commitment.history.filter(history_change_reason=reason, year=current - 1)
    assert revised.exists() and all(h.history_date.year in (current - 1 + 621, current - 1 + 622) for h in revised)

    province = Province.objects.get(code="east-azarbaijan")
    selection = Selection(year=current, month=plan.last_month, measure=Measure.objects.get(code="person_hours"),
                                   province=province)
    found = years.province_years(selection, [r.center for r in boards.board(selection).rows])
    assert found.record_years == earlier
    assert found.record.years_met == 3  # the province habitually exceeds its commitments
    met = {ref.code: record.years_met for ref, _comparison, record in found.centers}
    assert met["MLK"] == 1 and met["SRB"] == 0 and met["VRZ"] == 0 and met["JLF"] == 2 and met["HRD"] == 2
    assert met["KLB"] == 3 and met["TBZ1"] == 3
    klb = next(record for ref, _c, record in found.centers if ref.code == "KLB")
    final = klb.finals[-1][1]
    original = 0
    for c in Commitment.objects.filter(year=current - 1, center__code="KLB", measure__code="person_hours"):
        original += c.history.order_by("history_id").first().target if c.history.exists() else c.target
    assert final.target < original and final.target <= final.actual < original  # met only on the revised target

    # allocation by last year's actuals reads the demo's real previous year
    total = ProvinceCommitment.objects.get(province=province, year=current, sector__code="public", measure__code="person_hours")
    area = TrainingArea.objects.get(code="fixed_urban")
    plan_ = allocation.plan_allocation(total, area, allocation.LAST_YEAR)
    assert not plan_.fell_back_to_even
    last_year = allocation.last_year_actuals(province, current, total.sector, area, total.measure)
    tbz1 = next(s for s in plan_.shares if s.center.code == "TBZ1")
    assert tbz1.basis == last_year[tbz1.center.pk] == actual_to_date(
        current - 1, 12, ["report__center_id"], report__center=tbz1.center, sector=total.sector, area=area,
        measure=total.measure)[(tbz1.center.pk,)] > 0
    assert all(s.basis > 0 for s in plan_.shares)
    biggest = max(plan_.shares, key=lambda s: s.basis)
    assert biggest.new == max(s.new for s in plan_.shares)  # in proportion to last year's actuals

    # copy forward starts next year from last year's confirmed (revised) commitments
    planner = get_user_model().objects.get(username="planner")
    copy = services.copy_forward(current - 1, current + 1, "1.1", planner)
    assert copy.created == Commitment.objects.filter(year=current - 1).count() and copy.skipped == 0
    klb_fixed = Commitment.objects.get(year=current - 1, center__code="KLB", sector__code="public", area__code="fixed_urban",
                                       measure__code="person_hours")
    copied = Commitment.objects.get(year=current + 1, center=klb_fixed.center, sector=klb_fixed.sector, area=klb_fixed.area,
                                    measure=klb_fixed.measure)
    assert copied.status == CommitmentStatus.DRAFT and copied.target == services.scale_target(klb_fixed.target, "1.1")
