"""Dashboard reads on a real streaming replica (DATABASE_REPLICA_URL; in CI's PostgreSQL pass a
second PostgreSQL 15 made by `scripts/pg-throwaway start-replica`), and the router's settings.

With replay paused on the replica, a figure written on the primary shows on the dashboard at once:
the router asked the replica once, saw it behind, and read the primary. Once replay resumes and
catches up, the dashboards' reads go to the replica, and nothing of the numbers is read on the
primary. Queries are counted per database alias with execute wrappers."""

import csv
import io
import os
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from payesh import dataversion, routers
from reports import services as report_services
from reports.grid import check_entries, load_grid
from reports.models import Figure
from tests.entry_data import MONTH, YEAR, three_commitments

ROOT = Path(__file__).resolve().parent.parent.parent
HAS_REPLICA = "replica" in settings.DATABASES
MUST_RUN = os.environ.get("CI") == "true" and os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture
def replica():
    if not HAS_REPLICA:
        if MUST_RUN:
            pytest.fail("DATABASE_REPLICA_URL is not set in CI's PostgreSQL pass: the replica test must run there")
        pytest.skip("needs DATABASE_REPLICA_URL, a streaming replica (scripts/pg-throwaway start-replica)")
    routers._replica_down_until = 0.0
    yield connections["replica"]
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")


def replica_query(sql, params=()):
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_until_replica_caught_up(seconds=60):
    lsn = dataversion.primary_lsn()
    deadline = time.monotonic() + seconds
    while not replica_query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]):
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


class Recorder:
    def __init__(self):
        self.sql = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)

    def data_reads(self):
        """Statements that read the tables of the apps the dashboards show (the signed-in user's
        lookup, which brings the center they head, is the user's, read on the primary)."""
        pattern = dataversion._table_pattern()
        return [sql for sql in self.sql if pattern.search(sql) and not sql.startswith('SELECT "auth_user"')]


@contextmanager
def queries_per_alias():
    recorders = {alias: Recorder() for alias in ("default", "replica")}
    with ExitStack() as stack:
        for alias, recorder in recorders.items():
            stack.enter_context(connections[alias].execute_wrapper(recorder))
        yield recorders


def save(people, commitments, values, version=0):
    grid = load_grid(people.center_a, YEAR, MONTH)
    entries, errors = check_entries(grid, {c.pk: (v, "") for c, v in zip(commitments, values)})
    assert not errors
    return report_services.save_month(grid, entries, people.head_a, version, submit=True)


def actual(client, month=MONTH):
    response = client.get(reverse("dashboards:export", args=["csv"]), {"year": YEAR, "month": month})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return int(next(r for r in rows if r[1] == "مرکز الف")[7])  # after pace and status: actual to date


@pytest.mark.django_db(transaction=True, databases=["default", "replica"] if HAS_REPLICA else ["default"])
def test_dashboards_read_the_replica_only_when_it_has_every_write(replica, people, reference):
    commitments = three_commitments(people.center_a)
    report = save(people, commitments, ["100", "200", "10"])
    director = Client()
    director.force_login(people.director)
    wait_until_replica_caught_up()

    # Caught up: the numbers are read on the replica, none on the primary.
    with queries_per_alias() as q:
        assert actual(director) == 300
    assert q["replica"].data_reads() and not q["default"].data_reads()

    # Replay paused: a new figure on the primary still shows at once, read on the primary; the
    # replica was asked one question.
    replica_query("SELECT pg_wal_replay_pause()::text")
    deadline, tries = time.monotonic() + 60, 0
    while replica_query("SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, replica_query("SELECT pg_get_wal_replay_pause_state()")
        # recovery pauses before the next record it replays: with nothing written on the primary
        # it may stay "pause requested", so write a record (a transaction id's commit); now and
        # then a switch to a new WAL file, which is sent whatever is buffered (once the suite's
        # other process had finished, a commit record alone once left it waiting 30 s)
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT txid_current()")
            tries += 1
            if tries % 20 == 0:
                cursor.execute("SELECT pg_switch_wal()::text")
        time.sleep(0.05)
    report = report_services.return_report(report, people.planner, report.version, "بازبینی")
    save(people, commitments, ["400", "200", "10"], report.version)
    with queries_per_alias() as q:
        assert actual(director) == 600
    assert q["replica"].sql == [routers.REPLAYED_SQL]
    assert q["default"].data_reads()
    # (the replica really is behind: it still has the old figure)
    assert Figure.objects.using("replica").filter(value=400).count() == 0
    with queries_per_alias() as q:  # a center's page too
        html = director.get(reverse("dashboards:center", args=["CA"]), {"year": YEAR, "month": MONTH}).content.decode()
    assert "۶۰۰" in html and len(q["replica"].sql) == 1 and q["default"].data_reads()

    # Replay resumed and caught up: the dashboards' reads go to the replica again.
    replica_query("SELECT pg_wal_replay_resume()::text")
    wait_until_replica_caught_up()
    assert Figure.objects.using("replica").filter(value=400).count() == 1
    with queries_per_alias() as q:
        html = director.get(reverse("dashboards:center", args=["CA"]), {"year": YEAR, "month": MONTH}).content.decode()
        assert actual(director, month=MONTH + 1) == 600  # a selection not cached yet
    assert "۶۰۰" in html
    assert q["replica"].data_reads() and not q["default"].data_reads()
    # The province board of MONTH was cached (from the primary) at this version: served from the
    # cache; only the filter form's lookups (year, province, measure) are read, on the replica.
    with queries_per_alias() as q:
        assert actual(director) == 600
    assert q["replica"].sql[0] == routers.REPLAYED_SQL
    assert not q["default"].data_reads()
    assert not [sql for recorder in q.values() for sql in recorder.sql if '"reports_figure"' in sql]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"] if HAS_REPLICA else ["default"])
def test_an_unreachable_replica_sends_dashboards_to_the_primary(replica, people, reference, monkeypatch):
    commitments = three_commitments(people.center_a)
    save(people, commitments, ["100", "200", "10"])
    wait_until_replica_caught_up()
    monkeypatch.setitem(connections["replica"].settings_dict, "PORT", "1")  # nothing listens there
    connections["replica"].close()
    director = Client()
    director.force_login(people.director)
    with queries_per_alias() as q:
        assert actual(director) == 300
    assert q["default"].data_reads()
    assert routers._replica_down_until > time.monotonic()  # not asked again for a while
    monkeypatch.undo()
    connections["replica"].close()
    routers._replica_down_until = 0.0


@pytest.mark.django_db(transaction=True, databases=["default", "replica"] if HAS_REPLICA else ["default"])
def test_a_replica_of_another_cluster_is_never_read(replica, people, reference, monkeypatch, caplog):
    commitments = three_commitments(people.center_a)
    save(people, commitments, ["100", "200", "10"])
    wait_until_replica_caught_up()
    routers.primary_system_identifier()
    monkeypatch.setattr(routers, "_primary_ids", {k: v + 1 for k, v in routers._primary_ids.items()})
    director = Client()
    director.force_login(people.director)
    with queries_per_alias() as q:
        assert actual(director) == 300
    assert q["replica"].sql == [routers.REPLAYED_SQL] and q["default"].data_reads()
    assert "is not a replica of DATABASE_URL" in caplog.text


def test_the_router_sends_only_dashboard_reads_of_our_apps_to_the_replica():
    from django.contrib.auth import get_user_model

    from centers.models import Center

    router = routers.ReplicaRouter()
    assert router.db_for_read(Center) == "default"
    token = routers._read_alias.set("replica")
    try:
        assert router.db_for_read(Center) == "replica"
        assert router.db_for_read(get_user_model()) == "default"  # sessions and users: the primary
        assert router.db_for_write(Center) == "default"
    finally:
        routers._read_alias.reset(token)
    assert router.allow_migrate("default", "centers") and not router.allow_migrate("replica", "centers")


def settings_of(**env):
    full = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL")}
    full.update(env, DJANGO_SETTINGS_MODULE="config.settings", DEBUG="true")
    code = ("from django.conf import settings; r = settings.DATABASES.get('replica') or {}; "
            "print(settings.CACHES['default']['BACKEND'], r.get('HOST'), r.get('NAME'), r.get('TEST', {}).get('MIRROR'), "
            "getattr(settings, 'DATABASE_ROUTERS', []))")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT, env=full,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip(), result.stderr


def test_settings_without_redis_or_replica_change_nothing():
    out, _ = settings_of()
    assert out == "django.core.cache.backends.locmem.LocMemCache None None None []"


def test_settings_read_redis_url_and_database_replica_url():
    out, _ = settings_of(DATABASE_URL="postgres://u:p@10.0.0.1:5432/payesh", REDIS_URL="redis://127.0.0.1:6379/0",
                         DATABASE_REPLICA_URL="postgres://u:p@10.0.0.2:5432/other")
    assert out == ("django.core.cache.backends.redis.RedisCache 10.0.0.2 payesh default "
                   "['payesh.routers.ReplicaRouter']")


def test_a_replica_of_a_sqlite_database_is_ignored_with_a_warning():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="true", DATABASE_REPLICA_URL="postgres://u@10.0.0.2/payesh")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "payesh.W002" in result.stderr + result.stdout
