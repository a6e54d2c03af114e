"""payesh.bulk: many rows written with their history in a few statements, the history rows what
simple_history writes for a save() or a delete(): the row's values, the type, the user."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Measure, Sector, TrainingArea
from payesh import bulk
from reports.models import Figure, MonthlyReport
from tests import factories

FIELDS = ("report", "sector", "area", "measure", "value", "comment")


@pytest.fixture
def month(people, reference):
    return factories.report(people.center_a, status="draft")


def every_key():
    return [(s.pk, a.pk, m.pk) for s in Sector.objects.all() for a in TrainingArea.objects.all() for m in Measure.objects.all()]


def test_created_rows_have_their_created_history_by_the_user(month, people):
    sector, area, measure = every_key()[0]
    pks = bulk.create(Figure, FIELDS, [(month.pk, sector, area, measure, 42, "یادداشت")], people.planner)
    figure = Figure.objects.get(pk__in=pks)
    assert (figure.value, figure.comment) == (42, "یادداشت")
    row = figure.history.get()
    assert (row.history_type, row.history_user, row.value, row.comment, row.report_id, row.history_change_reason) == (
        "+", people.planner, 42, "یادداشت", month.pk, None)
    assert row.history_date is not None


def test_changed_and_deleted_rows_are_recorded_as_they_are_in_the_table(month, people):
    sector, area, measure = every_key()[0]
    figure = Figure.objects.create(report=month, sector_id=sector, area_id=area, measure_id=measure, value=5)
    Figure.objects.filter(pk=figure.pk).update(value=6)
    bulk.history(Figure, [figure.pk], people.head_a, bulk.CHANGED)
    bulk.delete(Figure, [figure.pk], people.planner)
    assert not Figure.objects.filter(pk=figure.pk).exists()
    assert [(r.history_type, r.value, r.history_user) for r in Figure.history.filter(id=figure.pk).order_by("history_id")] == [
        ("+", 5, None), ("~", 6, people.head_a), ("-", 6, people.planner)]


def test_rows_past_a_statements_parameters_go_in_batches(people, reference):
    reports = [factories.report(people.center_a, month=m, status="draft") for m in range(1, 13)]
    rows = [(r.pk, *key, n, "") for r in reports for n, key in enumerate(every_key())]
    with CaptureQueriesContext(connection) as queries:
        pks = bulk.create(Figure, FIELDS, rows, people.planner)
    assert len(pks) == len(rows) == Figure.objects.count() == Figure.history.filter(history_type="+").count()
    assert sorted(Figure.objects.values_list("report_id", "sector_id", "area_id", "measure_id", "value", "comment")) == sorted(rows)
    most = min(connection.features.max_query_params or bulk.PARAMS, bulk.PARAMS)
    inserts, copies = -(-len(rows) // (most // len(FIELDS))), -(-len(rows) // (most - 4))
    assert len(queries) == inserts + copies and len(rows) * len(FIELDS) > 999  # more than one batch on SQLite


def test_rows_that_others_refer_to_are_not_deleted_around_the_orm(month, people):
    with pytest.raises(ValueError):
        bulk.delete(MonthlyReport, [month.pk], people.planner)
    assert MonthlyReport.objects.filter(pk=month.pk).exists()
