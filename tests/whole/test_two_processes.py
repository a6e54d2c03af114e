"""Zero lag across processes sharing Redis: two gunicorn servers, A and B, on one database and one
Redis, in production mode (DEBUG off). B serves the province dashboard from its cache; a figure
saved, submitted, returned and approved through A, with real HTTP requests, shows on B's very next
view. A change made behind Django's back is not seen until the data version moves on, which shows
that B really serves cached numbers and that a bump from a third process reaches it. And when
Redis misses A's bump (stopped during the save and started again from its snapshot, or refusing
writes for a while), B never goes on showing the numbers of before the save.

Runs on the suite's database vendor: a fresh SQLite file, or a fresh PostgreSQL database next to the
test database (in CI's PostgreSQL pass, with DATABASE_REPLICA_URL set, the servers also read the
dashboards from the replica when it has caught up). Redis is REDIS_URL's, or a redis-server started
here on a free loopback port; skipped without redis-server, except under CI=true."""

import contextlib
import csv
import hashlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from httpclient import Client  # noqa: E402
from redisserver import REDIS_SERVER, RedisServer  # noqa: E402

from tests.support import free_port  # noqa: E402

pytestmark = [pytest.mark.two_processes, pytest.mark.early]

YEAR, MONTH = 1405, 2
SEED = """
from tests import factories
from tests.entry_data import three_commitments
factories.reference()
people = factories.people(factories.province())
three_commitments(people.center_a)
factories.report(people.center_a, month=1, status="approved", figures=[("public", "fixed_urban", "person_hours", 100)])
"""


def wait_for(check, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # not answering yet (OSError, redis' ConnectionError)
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    need_redis_server()
    server = RedisServer(free_port(), tmp_path_factory.mktemp("redis"))
    try:
        yield server.url
    finally:
        server.stop()


def need_redis_server():
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{REDIS_SERVER} is missing under CI=true: the two-process test must run in CI")
        pytest.skip(f"{REDIS_SERVER} is not installed (apt-get install redis-server); two-process test skipped")


@pytest.fixture
def database_url(tmp_path):
    """A fresh, empty database of the suite's vendor; dropped afterwards."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'payesh.sqlite3'}"
        return
    import psycopg2

    base = dj_database_url.parse(suite)
    name = f"payesh_twoproc_{uuid.uuid4().hex[:8]}"

    def admin(sql):
        conn = psycopg2.connect(dbname="postgres", user=base["USER"], password=base["PASSWORD"] or None,
                                host=base["HOST"], port=base["PORT"])
        conn.autocommit = True
        try:
            conn.cursor().execute(sql)
        finally:
            conn.close()

    admin(f"CREATE DATABASE {name}")
    auth = f"{base['USER']}:{base['PASSWORD']}@" if base.get("PASSWORD") else f"{base['USER']}@"
    yield f"postgres://{auth}{base['HOST']}:{base['PORT']}/{name}"
    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def environment(database_url, redis_url, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE",
                                                           "STATICFILES_BACKEND", "DEBUG", "PAYESH_SINGLE_PROCESS")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="false", SECRET_KEY="two-processes-" + "k" * 50,
               DATABASE_URL=database_url, REDIS_URL=redis_url, ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", LOG_LEVEL="WARNING",
               STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage", **extra)
    return env


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def servers(database_url, redis_url, tmp_path):
    with running(environment(database_url, redis_url), tmp_path) as found:
        yield found


@contextlib.contextmanager
def running(env, tmp_path):
    """Gunicorn servers A and B on a seeded database: (env, [base address of A, of B])."""
    manage(env, "shell", "-v0", "-c", "from django.core.management import call_command; call_command('migrate', verbosity=0)\n" + SEED)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with contextlib.ExitStack() as stack:
        processes, bases = [], []
        for name in ("a", "b"):
            port = free_port()
            log = stack.enter_context(open(tmp_path / f"gunicorn-{name}.log", "w"))
            processes.append(subprocess.Popen([gunicorn, "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                                               "--workers", "1", "--threads", "2", "--worker-class", "gthread"],
                                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
            bases.append(f"http://127.0.0.1:{port}")

        @stack.callback
        def stop():
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(10)

        for name, base in zip("AB", bases):
            wait_for(lambda base=base: Client(base).request("/healthz")[0] == 200, f"gunicorn {name}")
        yield env, bases


def logged_in(base, username):
    client = Client(base)
    client.login(username, "test-pass-123")
    return client


def actual(client):
    """Center A's actual to date on the province dashboard (its CSV export), as of MONTH."""
    status, body = client.request(f"/dashboard/export.csv?year={YEAR}&month={MONTH}")
    assert status == 200, body[:500]
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][5] == "تعهد سالانه"  # after pace and status: target, expected, actual, ...
    return int(next(r for r in rows if r[1] == "مرکز الف")[7])


def month_path():
    return f"/reports/centers/CA/{YEAR}/{MONTH}/"


def submit(head, values):
    """Save and submit the month; `values` in the order of the commitments' keys (a fresh database:
    person-hours fixed urban, person-hours rural, person-courses fixed urban)."""
    version, fields = head.month_form(month_path())
    fields.sort(key=lambda name: int(name.split("_")[1]))
    data = {"csrfmiddlewaretoken": head.csrf(), "version": version, "submit": "1"}
    for name, value in zip(fields, values):
        data[name] = str(value)
        data[name.replace("value_", "comment_")] = ""
    status, body = head.request(month_path(), data)
    assert status == 302, body[:3000]


def review(planner, **action):
    status, html = planner.request(month_path())
    form = html[html.index('id="review-form"'):]
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    status, body = planner.request(f"{month_path()}review/", {"csrfmiddlewaretoken": planner.csrf(), "version": version,
                                                               **action})
    assert status == 302, body[:3000]


def write_behind_djangos_back(database_url, sql):
    db = dj_database_url.parse(database_url)
    if db["ENGINE"].endswith("sqlite3"):
        conn = sqlite3.connect(db["NAME"])
    else:
        import psycopg2

        conn = psycopg2.connect(dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None,
                                host=db["HOST"], port=db["PORT"])
    try:
        conn.cursor().execute(sql)
        conn.commit()
    finally:
        conn.close()


def board_keys(redis_url, database_url):
    """The province boards cached in Redis for this database (keys carry its name's tag)."""
    import redis

    tag = hashlib.sha1(str(dj_database_url.parse(database_url)["NAME"]).encode()).hexdigest()[:10]
    return [k.decode() for k in redis.Redis.from_url(redis_url).scan_iter(match=f"*:{tag}:*payesh-data:*:board:*")]


@pytest.mark.skipif(not shutil.which("gunicorn", path=str(Path(sys.executable).parent)), reason="gunicorn missing")
def test_a_change_saved_through_one_server_shows_at_once_on_another(servers, redis_url, database_url):
    env, (a, b) = servers
    director_b = logged_in(b, "director")
    assert actual(director_b) == 100  # Farvardin's approved 100
    assert actual(director_b) == 100
    assert board_keys(redis_url, database_url), "B did not cache the board in Redis"
    status, html = director_b.request(f"/dashboard/?year={YEAR}&month={MONTH}")
    assert status == 200 and "مرکز الف" in html

    # B serves from the cache: a change behind Django's back (as psql would make) is not seen ...
    write_behind_djangos_back(database_url, "UPDATE reports_figure SET value = 120")
    assert actual(director_b) == 100
    # ... until the data version moves on, here from a third process
    manage(env, "bump_dataversion")
    assert actual(director_b) == 120

    head_a, planner_a = logged_in(a, "head-a"), logged_in(a, "planner")
    submit(head_a, [250, 30, 9])
    assert actual(director_b) == 120 + 280  # submitted counts, read through B at once
    review(planner_a, **{"return": "1", "comment": "نفرساعت روستایی را بازبینی کنید"})
    assert actual(director_b) == 120  # a returned report does not count
    submit(head_a, [250, 50, 9])
    review(planner_a, approve="1")
    assert actual(director_b) == 120 + 300
    status, html = director_b.request(f"/dashboard/?year={YEAR}&month={MONTH}")
    assert status == 200 and "۴۲۰" in html


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own (it is stopped and made to refuse writes), saving to disk."""
    need_redis_server()
    (tmp_path / "redis-data").mkdir()
    server = RedisServer(free_port(), tmp_path / "redis-data", snapshot=True)
    yield server
    server.stop()


def pending_bumps(env):
    return int(manage(env, "shell", "-v0", "-c", "from payesh.models import PendingBump; print(PendingBump.objects.count())"))


@pytest.mark.skipif(not shutil.which("gunicorn", path=str(Path(sys.executable).parent)), reason="gunicorn missing")
def test_a_bump_redis_misses_never_leaves_the_other_server_on_old_numbers(own_redis, database_url, tmp_path):
    trust = 2  # PAYESH_CACHE_TRUST_SECONDS: how long a process that saw nothing may trust the cache
    env = environment(database_url, own_redis.url, PAYESH_CACHE_TRUST_SECONDS=str(trust))
    with running(env, tmp_path) as (env, (a, b)):
        director_b = logged_in(b, "director")
        assert actual(director_b) == 100
        assert actual(director_b) == 100  # cached in Redis
        head_a, planner_a = logged_in(a, "head-a"), logged_in(a, "planner")

        # Redis stops during a save through A (A's bump fails) and starts again from its snapshot,
        # with the version and B's cached board of before the save: B shows the save at once.
        own_redis.stop()
        submit(head_a, [250, 30, 9])
        own_redis.start()
        assert actual(director_b) == 100 + 280
        assert pending_bumps(env) == 0  # B delivered A's bump

        # Redis refuses writes (out of memory, a failed snapshot) while it answers reads, and B sees
        # nothing of it: within PAYESH_CACHE_TRUST_SECONDS B looks in the database and stops
        # serving the cached board; when Redis accepts writes again, the bump is delivered.
        assert actual(director_b) == 380
        own_redis.refuse_writes()
        review(planner_a, **{"return": "1", "comment": "نفرساعت روستایی را بازبینی کنید"})
        assert pending_bumps(env) == 1
        wait_for(lambda: actual(director_b) == 100, "B to stop serving the board of before the return", seconds=trust + 3)
        assert actual(director_b) == 100
        own_redis.refuse_writes(False)
        assert actual(director_b) == 100
        assert pending_bumps(env) == 0
        assert actual(director_b) == 100
