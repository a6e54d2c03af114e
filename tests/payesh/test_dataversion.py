"""The data version (payesh/dataversion.py): every write of a number, whatever the door, bumps it
exactly once after its transaction commits, a rollback bumps nothing, and a value cached under the
old version is never served after a bump. These tests commit for real (transactional database)."""

import csv
import io

import jdatetime
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from centers.models import Center
from commitments import services as commitment_services
from commitments.allocation import EVEN, apply_allocation
from commitments.models import Measure, ProvinceCommitment, Sector, TrainingArea
from courses import services as course_services
from payesh import dataversion
from reports import services as report_services
from reports.grid import check_entries, load_grid
from reports.models import Figure, MonthlyReport
from reports.progress.selection import Selection
from tests import factories
from tests.course_data import course
from tests.entry_data import MONTH, YEAR, three_commitments

# With DATABASE_REPLICA_URL the dashboards may read the replica: these tests may use it too.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"] if "replica" in settings.DATABASES
                                   else ["default"])

BEFORE_1405 = jdatetime.date(1404, 12, 1)
DURING_1405 = jdatetime.date(1405, 5, 1)


@pytest.fixture
def setup(people, reference):
    commitments = three_commitments(people.center_a)
    return people, commitments


def save(people, commitments, values, version=0, submit=False):
    grid = load_grid(people.center_a, YEAR, MONTH)
    entries, errors = check_entries(grid, {c.pk: (v, "") for c, v in zip(commitments, values)})
    assert not errors
    return report_services.save_month(grid, entries, people.head_a, version, submit=submit)


def bumps_once_after_commit(write):
    """Run `write` in a transaction: the version must not move before the commit, and move by
    exactly one after it. Returns what `write` returned."""
    before = dataversion.current()
    with transaction.atomic():
        result = write()
        assert dataversion.current() == before, "bumped before the commit"
    assert dataversion.current() == before + 1
    return result


def test_a_figure_saved_through_the_entry_service(setup):
    people, commitments = setup
    bumps_once_after_commit(lambda: save(people, commitments, ["100", "200", "10"]))
    assert Figure.objects.count() == 3


def test_status_changes_submit_approve_return_reopen(setup):
    people, commitments = setup
    report = bumps_once_after_commit(lambda: save(people, commitments, ["100", "200", "10"], submit=True))
    report = bumps_once_after_commit(lambda: report_services.return_report(report, people.planner, report.version, "بازبینی"))
    assert report.status == "returned"
    report = bumps_once_after_commit(lambda: save(people, commitments, ["100", "200", "11"], report.version, submit=True))
    report = bumps_once_after_commit(lambda: report_services.approve(report, people.planner, report.version))
    assert report.status == "approved"
    report = bumps_once_after_commit(lambda: report_services.reopen(report, people.director, report.version, "خطا"))
    assert MonthlyReport.objects.get().status == "draft"


def test_a_commitment_revision_and_a_phasing_change(setup):
    people, commitments = setup
    c, letter_date = commitments[0], jdatetime.date(1405, 4, 20).togregorian()
    c, changed = bumps_once_after_commit(
        lambda: commitment_services.revise_commitment(c, people.planner, 2400, "۵۵۵", letter_date, "ابلاغ جدید", today=DURING_1405))
    assert changed and c.target == 2400
    parts = [100] * 6 + [300] * 6
    c, changed = bumps_once_after_commit(
        lambda: commitment_services.set_phasing(c, people.planner, parts, "۶۶۶", letter_date, "جابه‌جایی", today=DURING_1405))
    assert changed and c.phased == parts


def test_an_allocation_applied(people, reference):
    total = ProvinceCommitment.objects.create(
        province=people.center_a.province, year=1405, sector=Sector.objects.get(code="public"),
        measure=Measure.objects.get(code="person_hours"), target=90_000,
    )
    area = TrainingArea.objects.get(code="fixed_urban")
    bumps_once_after_commit(lambda: apply_allocation(total, area, EVEN, people.planner, today=BEFORE_1405))
    assert people.center_a.commitments.get(area=area).target == 45_000


def test_a_course_saved_through_the_course_register(people, reference):
    from tests.courses.test_courses_derive import commitments as course_commitments

    course_commitments(people.center_a)
    grid = load_grid(people.center_a, YEAR, MONTH)
    report_services.save_month(grid, {}, people.head_a, 0)
    bumps_once_after_commit(
        lambda: course_services.save_course(course(people.center_a, hours=100, completed=18, save=False), people.head_a, version=1))
    assert Figure.objects.get(area__code="fixed_urban", measure__code="person_hours").value == 1_800


def test_an_admin_edit_of_a_centers_name(setup):
    people, _ = setup
    admin = get_user_model().objects.create_superuser("root", password="x-123-long-pass")
    client = Client()
    client.force_login(admin)
    center = people.center_b
    data = {
        "province": center.province_id, "code": center.code, "name_fa": "مرکز ب تازه", "name_en": center.name_en,
        "county_fa": center.county_fa, "county_en": center.county_en, "kind": center.kind,
        "head": center.head_id or "", "active": "on", "_save": "1",
    }
    url = reverse("admin:centers_center_change", args=[center.pk])
    response = bumps_once_after_commit(lambda: client.post(url, data))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Center.objects.get(pk=center.pk).name_fa == "مرکز ب تازه"


def test_a_bulk_update_in_a_transaction_and_in_autocommit(setup):
    people, _ = setup
    bumps_once_after_commit(lambda: Center.objects.filter(pk=people.center_b.pk).update(active=False))
    before = dataversion.current()
    assert Center.objects.filter(pk=people.center_b.pk).update(active=True) == 1  # autocommit: at once
    assert dataversion.current() == before + 1


def test_several_writes_in_one_transaction_bump_once(setup):
    people, commitments = setup

    def writes():
        Center.objects.filter(pk=people.center_b.pk).update(active=False)
        report = save(people, commitments, ["100", "200", "10"], submit=True)
        Center.objects.filter(pk=people.center_b.pk).update(active=True)
        return report

    bumps_once_after_commit(writes)


def test_a_rolled_back_transaction_or_savepoint_does_not_bump(setup):
    people, commitments = setup
    before = dataversion.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        save(people, commitments, ["100", "200", "10"])
        raise RuntimeError("rolled back")
    assert dataversion.current() == before and not Figure.objects.exists()
    with transaction.atomic():
        MonthlyReport.objects.exists()
        with pytest.raises(RuntimeError), transaction.atomic():
            Center.objects.filter(pk=people.center_b.pk).update(active=False)
            raise RuntimeError("savepoint rolled back")
    assert dataversion.current() == before and Center.objects.get(pk=people.center_b.pk).active


def test_reads_and_writes_to_other_tables_do_not_bump(setup):
    people, _ = setup
    before = dataversion.current()
    with transaction.atomic():
        list(Center.objects.select_for_update().all())
        list(MonthlyReport.objects.all())
    factories.user("someone-else")
    Client().force_login(people.director)  # a session row
    assert dataversion.current() == before


@pytest.mark.parametrize("sql, writes", [
    ('INSERT INTO "reports_figure" ("report_id", "value") VALUES (%s, %s)', True),
    ('UPDATE "reports_figure" SET "value" = CASE WHEN ("id" = 1) THEN 5 END WHERE "id" IN (1)', True),
    ('DELETE FROM "commitments_commitment" WHERE "id" = 3', True),
    ('TRUNCATE "auth_user", "centers_center", "reports_historicalfigure";', True),
    ("  /* a comment */ update centers_center set active = false", True),
    ('INSERT INTO "meetings_meeting_attendees" ("meeting_id", "user_id") VALUES (1, 2)', True),
    ('SELECT "reports_figure"."id" FROM "reports_figure" FOR UPDATE', False),
    ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
    ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = 1', False),
    ('UPDATE "reports_figure_archive_elsewhere" SET x = 1', False),
    ("SAVEPOINT s1", False),
    # the dashboards' grouped reads start WITH: a read, unless one of its parts writes
    ('WITH base AS (SELECT "reports_figure"."value" AS "v" FROM "reports_figure") SELECT SUM(v) FROM base', False),
    ('WITH gone AS (DELETE FROM "reports_figure" WHERE "id" = 1 RETURNING 1) SELECT COUNT(*) FROM gone', True),
])
def test_which_statements_count_as_writes(sql, writes):
    assert dataversion.writes_data(sql) is writes


@pytest.mark.parametrize("sql, reference", [
    ('UPDATE "centers_center" SET "name_fa" = %s WHERE "id" = 1', True),
    ('INSERT INTO "commitments_sector" ("code") VALUES (%s)', True),
    ('UPDATE "reports_figure" SET "value" = 1 WHERE "id" = 1', False),
    ('UPDATE "commitments_commitment" SET "target" = 1 WHERE "id" = 1', False),
])
def test_which_writes_touch_the_reference_lists(sql, reference, db):
    assert dataversion.writes_data(sql) and dataversion.writes_reference(sql) is reference


@pytest.mark.django_db(transaction=True)
def test_a_figure_keeps_the_reference_version_and_a_center_name_moves_it(people, reference):
    data, ref = dataversion.current(), dataversion.reference_version()
    commitments = factories.commitment(people.center_a)
    factories.report(people.center_a, figures=[("public", "fixed_urban", "person_hours", 5)])
    assert dataversion.reference_version() == ref and dataversion.current() > data and commitments.pk
    Center.objects.filter(pk=people.center_a.pk).update(name_fa="مرکز تازه")
    assert dataversion.reference_version() == ref + 1


def test_a_value_cached_under_the_old_version_is_not_served_after_a_bump(setup):
    people, commitments = setup
    calls = []

    def compute():
        calls.append(1)
        return Figure.objects.count()

    assert dataversion.get_or_compute("test", ("figures",), compute) == 0
    assert dataversion.get_or_compute("test", ("figures",), compute) == 0 and len(calls) == 1  # cached
    save(people, commitments, ["100", "200", "10"])
    assert dataversion.get_or_compute("test", ("figures",), compute) == 3 and len(calls) == 2
    with transaction.atomic():  # inside a transaction nothing is read from or written to the cache
        assert dataversion.get_or_compute("test", ("figures",), compute) == 3 and len(calls) == 3


def dashboard_actual(client, center_name):
    """The center's actual to date in the province dashboard's CSV export (as of MONTH)."""
    response = client.get(reverse("dashboards:export", args=["csv"]), {"year": YEAR, "month": MONTH})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][5] == "تعهد سالانه"  # after pace and status: target, expected, actual, ...
    return int(next(r for r in rows if r[1] == center_name)[7])


def write_behind_djangos_back(sql, params):
    """A write on the database driver's own cursor: no execute wrapper sees it (like psql)."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    cursor.execute(sql.replace("%s", "?") if connection.vendor == "sqlite" else sql, params)
    cursor.close()


def test_the_dashboard_is_cached_and_a_new_figure_shows_at_once(setup):
    people, commitments = setup
    director = Client()
    director.force_login(people.director)
    report = save(people, commitments, ["100", "200", "10"], submit=True)
    assert dashboard_actual(director, "مرکز الف") == 300
    # The board is cached: a change made behind Django's back (no bump) is not seen ...
    write_behind_djangos_back("UPDATE reports_figure SET value = value + 1 WHERE report_id = %s", [report.pk])
    assert dashboard_actual(director, "مرکز الف") == 300
    # ... until the version moves on (manage.py bump_dataversion, for exactly this case)
    call_command("bump_dataversion", stdout=io.StringIO())
    assert dashboard_actual(director, "مرکز الف") == 302
    # A write through Django bumps by itself: the very next view shows it.
    report = report_services.return_report(report, people.planner, report.version, "بازبینی")
    assert dashboard_actual(director, "مرکز الف") == 0  # a returned report does not count
    report = save(people, commitments, ["150", "200", "10"], report.version, submit=True)
    assert dashboard_actual(director, "مرکز الف") == 350


def test_the_cached_board_moves_with_the_reporting_phase_not_only_with_writes(setup, monkeypatch):
    """The one part of a board that changes with the clock, not with a write: a center without a
    counted report is 'not yet due', then 'awaiting', then 'missing' (reports.deadlines)."""
    import datetime

    from django.utils import timezone

    from dashboards import caching
    from payesh import jalali
    from reports import deadlines

    people, _ = setup
    selection = Selection(year=YEAR, month=MONTH, measure=Measure.objects.get(code="person_hours"),
                                   province=people.center_a.province)
    month_over = jalali.month_end(YEAR, MONTH)
    late_from = jalali.deadline_end(YEAR, MONTH, deadlines.deadline_day())
    hour = datetime.timedelta(hours=1)

    def reporting_at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return next(r.reporting for r in caching.board(selection).rows if r.center.code == "CA")

    version = dataversion.current()
    assert reporting_at(month_over - hour) == deadlines.NOT_DUE
    assert reporting_at(late_from - hour) == deadlines.AWAITING
    assert reporting_at(late_from + hour) == deadlines.MISSING
    assert reporting_at(month_over - hour) == deadlines.NOT_DUE
    assert dataversion.current() == version  # no write in between: the same version throughout


def test_the_bump_command_moves_the_version_on(db):
    before = dataversion.current()
    out = io.StringIO()
    call_command("bump_dataversion", stdout=out)
    assert dataversion.current() == before + 1 and str(before + 1) in out.getvalue()


def test_every_connection_watches_its_writes_once():
    watchers = [w for w in connection.execute_wrappers if isinstance(w, dataversion.WriteWatcher)]
    connection.ensure_connection()
    dataversion.install(connection=connection)
    assert len([w for w in connection.execute_wrappers if isinstance(w, dataversion.WriteWatcher)]) == 1
    assert len(watchers) <= 1


def test_a_release_reads_nothing_another_release_cached(monkeypatch):
    """Cached HTML and numbers are laid out by code and templates: a deploy must not serve what
    the release before it cached at the same data version."""
    assert dataversion.code_version() in dataversion.key("board", 1)
    before = dataversion.key("board", 1)
    monkeypatch.setattr(dataversion, "_code", "another-release")
    assert dataversion.key("board", 1) != before
