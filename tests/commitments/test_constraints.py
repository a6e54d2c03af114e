"""What must hold is enforced by the database itself, not only by forms."""

import pytest
from django.db import IntegrityError, transaction

from commitments.models import Commitment, even_phasing, phase_by_weights
from reports.models import Figure, MonthlyReport
from tests import factories


@pytest.fixture
def center(reference, province):
    return factories.center(province, "CA")


def test_month_13_is_refused(center):
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(center=center, year=1405, month=13)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(center=center, year=1405, month=0)
    assert MonthlyReport.objects.count() == 0


def test_negative_figure_is_refused(center, reference):
    report = MonthlyReport.objects.create(center=center, year=1405, month=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(report=report, sector=reference["sectors"]["public"], area=reference["areas"]["fixed_urban"],
                              measure=reference["measures"]["person_hours"], value=-1)
    assert Figure.objects.count() == 0


def test_one_report_per_center_and_month(center):
    MonthlyReport.objects.create(center=center, year=1405, month=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(center=center, year=1405, month=1)


def test_unknown_status_is_refused(center):
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(center=center, year=1405, month=1, status="lost")


def test_one_figure_per_key(center, reference):
    report = MonthlyReport.objects.create(center=center, year=1405, month=1)
    key = {"report": report, "sector": reference["sectors"]["public"], "area": reference["areas"]["fixed_urban"],
               "measure": reference["measures"]["person_hours"]}
    Figure.objects.create(value=1, **key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(value=2, **key)


def test_duplicate_commitment_is_refused(center):
    factories.commitment(center)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.commitment(center)


def test_phasing_must_add_up_to_the_target(center):
    c = factories.commitment(center, target=1200)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=c.pk).update(phased_1=0)  # the months now add up to 1100
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=c.pk).update(target=1300)
    c.refresh_from_db()
    assert (c.target, c.phased_1) == (1200, 100)


def test_negative_target_is_refused(center):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.commitment(center, target=-12, phasing=[-1] * 12)


def test_even_phasing_spreads_the_remainder():
    assert even_phasing(1200) == [100] * 12
    parts = even_phasing(1205)
    assert sum(parts) == 1205 and parts[:5] == [101] * 5 and parts[5:] == [100] * 7


def test_phasing_by_weights_never_loses_a_unit():
    parts = phase_by_weights(1000, [5, 8, 9, 8, 7, 7, 10, 10, 10, 9, 9, 8])
    assert sum(parts) == 1000
    assert parts[0] < parts[6]
    assert phase_by_weights(7, [1] * 12) == [1] * 7 + [0] * 5
    with pytest.raises(ValueError):
        phase_by_weights(10, [0] * 12)
