"""A data version bump that does not reach the cache (payesh/dataversion.py, "When a bump does not
reach the cache"): Redis refuses the bump after a write commits, or is down and comes back with
the old version. No page then shows the numbers of before the write: not in the process that
wrote, not in a process that saw Redis fail, and not, after PAYESH_CACHE_TRUST_SECONDS, in a
process that saw nothing (the writer died); the bump is delivered as soon as Redis accepts writes.

The cache here is tests/flaky_cache.py: shared like Redis, and taken down or made to refuse writes
by the test. Another process is played by forgetting what this one knows (`another_process`);
what it shares with the writer is the database and the cache. These tests commit for real."""

import socket
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from payesh import dataversion
from payesh.models import PendingBump
from reports import services as report_services
from tests.entry_data import three_commitments
from tests.flaky_cache import SETTINGS, FlakyCache
from tests.payesh.test_dataversion import dashboard_actual, save

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "scripts"))
from redisserver import REDIS_SERVER, RedisServer  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"]
                                   if "replica" in django_settings.DATABASES else ["default"])

CENTER = "مرکز الف"


def another_process():
    """What a process that neither wrote nor saw the cache fail knows: nothing (it has just looked)."""
    with dataversion._Owed.lock:
        dataversion._Owed.data = dataversion._Owed.reference = dataversion._Owed.suspect = False
        dataversion._Owed.failures = 0
        dataversion._Owed.looked = time.monotonic()


def seconds_pass(seconds):
    with dataversion._Owed.lock:
        dataversion._Owed.looked -= seconds


@pytest.fixture
def flaky(settings):
    settings.CACHES = SETTINGS
    FlakyCache.heal()
    another_process()
    yield FlakyCache
    FlakyCache.heal()
    another_process()


@pytest.fixture
def submitted(flaky, people, reference):
    return submit_and_view(people)


def submit_and_view(people):
    """Center A's month submitted with 300 person-hours, on the director's dashboard (and cached)."""
    commitments = three_commitments(people.center_a)
    report = save(people, commitments, ["100", "200", "10"], submit=True)
    director = Client()
    director.force_login(people.director)
    assert dashboard_actual(director, CENTER) == 300
    assert dashboard_actual(director, CENTER) == 300  # from the cache
    return people, report, director


def return_the_month(people, report):
    """A planner returns the month: it no longer counts (the dashboard's actual falls to 0)."""
    return report_services.return_report(report, people.planner, report.version, "نفرساعت را بازبینی کنید")


def test_the_writer_shows_its_write_while_redis_refuses_the_bump_and_delivers_it_when_redis_accepts(submitted, flaky):
    people, report, director = submitted
    flaky.refuse_writes = True
    return_the_month(people, report)
    assert dashboard_actual(director, CENTER) == 0  # computed without the cache, which still refuses
    assert dashboard_actual(director, CENTER) == 0
    assert PendingBump.objects.count() == 1  # recorded for the other processes
    flaky.refuse_writes = False
    assert dashboard_actual(director, CENTER) == 0  # the bump delivered: a new version
    assert not PendingBump.objects.exists()
    assert dashboard_actual(director, CENTER) == 0  # and cached again at it


def test_a_process_that_saw_nothing_looks_in_the_database_within_the_trust_seconds(submitted, flaky, settings):
    """The hard case: Redis refused one write and recovered, and the writer is gone. Redis answers
    every read with the old version; only the database knows."""
    settings.PAYESH_CACHE_TRUST_SECONDS = 5
    people, report, director = submitted
    flaky.refuse_writes = True
    return_the_month(people, report)
    flaky.refuse_writes = False
    another_process()
    seconds_pass(5)
    assert dashboard_actual(director, CENTER) == 0
    assert not PendingBump.objects.exists()  # delivered by this process


def test_while_redis_still_refuses_every_process_computes_without_the_cache(submitted, flaky, settings):
    settings.PAYESH_CACHE_TRUST_SECONDS = 5
    people, report, director = submitted
    flaky.refuse_writes = True
    return_the_month(people, report)
    another_process()
    seconds_pass(5)
    assert dashboard_actual(director, CENTER) == 0
    assert dashboard_actual(director, CENTER) == 0
    assert PendingBump.objects.count() == 1  # not delivered yet: Redis refuses
    flaky.refuse_writes = False
    assert dashboard_actual(director, CENTER) == 0
    assert not PendingBump.objects.exists()


def test_redis_down_then_back_with_the_old_version(submitted, flaky):
    """Redis stopped during the save and started again from its snapshot (Debian's redis-server
    saves to disk): the version and the cached board of before the save come back. A process that
    served a request while Redis was down looks in the database before trusting it again."""
    people, report, director = submitted
    flaky.down = True
    return_the_month(people, report)
    another_process()  # the writer is gone; this process did not write
    assert dashboard_actual(director, CENTER) == 0  # Redis down: computed (and this process saw it fail)
    flaky.down = False  # back, holding everything it held before
    assert dashboard_actual(director, CENTER) == 0
    assert not PendingBump.objects.exists()


def test_the_look_costs_one_query_once_in_the_trust_seconds(submitted, flaky, settings):
    settings.PAYESH_CACHE_TRUST_SECONDS = 5
    _people, _report, director = submitted

    def queries_of_a_view():
        with CaptureQueriesContext(connection) as queries:
            dashboard_actual(director, CENTER)
        return len(queries)

    cached = queries_of_a_view()
    seconds_pass(5)
    assert queries_of_a_view() == cached + 1  # the look, with nothing owed
    assert queries_of_a_view() == cached


def test_the_bump_command_says_the_bump_is_recorded_when_redis_refuses_it(submitted, flaky):
    flaky.refuse_writes = True
    with pytest.raises(CommandError, match="recorded in the database"):
        call_command("bump_dataversion")
    assert PendingBump.objects.count() == 1
    flaky.refuse_writes = False
    before = dataversion._read_version()
    _people, _report, director = submitted
    assert dashboard_actual(director, CENTER) == 300
    assert dataversion._read_version() == before + 1 and not PendingBump.objects.exists()


@pytest.fixture
def redis_with_a_snapshot(tmp_path, settings):
    """A real Redis of this test's own that comes back from its snapshot, as the cache (with the
    settings' connection pool); the process would not look by the clock."""
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = RedisServer(port, tmp_path, snapshot=True)
    settings.CACHES = {"default": {**django_settings.CACHES["default"], "BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": server.url, "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1,
                                                                       "pool_class": "payesh.redispool.WatchedConnectionPool"}}}
    settings.PAYESH_CACHE_TRUST_SECONDS = 3600
    another_process()
    yield server
    server.stop()
    another_process()


def test_after_redis_restarted_a_process_that_saw_nothing_looks_at_once(redis_with_a_snapshot, people, reference):
    """redis-py reconnects without an error; the new connection is what tells the process that
    Redis may be back with the version of before a save (payesh/redispool.py)."""
    people, report, director = submit_and_view(people)
    redis_with_a_snapshot.stop()  # saves its snapshot: the version and the cached board
    return_the_month(people, report)
    another_process()  # the writer is gone; this process served no request while Redis was down
    redis_with_a_snapshot.start()
    assert dashboard_actual(director, CENTER) == 0
    assert not PendingBump.objects.exists()
