"""Each token's budget (PAYESH_API_RATE) holds: at most that many answers in any moving period,
however many connections share the token, because the count is changed atomically where every
process sees it (Redis with REDIS_URL, as CI's PostgreSQL run has; this process's memory
without). A Redis that cannot be reached lets requests through instead of failing them."""

import secrets
import threading
import time
from types import SimpleNamespace

import pytest

from api import throttles
from api.models import ApiToken
from api.throttles import PerTokenThrottle
from tests.api_helpers import ApiClient, token_for

CONNECTIONS, CALLS = 16, 12


def calls_of_a_token():
    return SimpleNamespace(auth=ApiToken(prefix=secrets.token_hex(6)), user=None, META={})


def test_one_token_on_sixteen_connections_gets_its_budget_and_no_more(settings):
    settings.PAYESH_API_RATE = "100/min"
    request, answered = calls_of_a_token(), []
    start = threading.Barrier(CONNECTIONS)

    def connection():
        throttle = PerTokenThrottle()
        start.wait()
        answered.append(sum(throttle.allow_request(request, None) for _ in range(CALLS)))

    threads = [threading.Thread(target=connection) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(answered) == 100  # of 192 asked


def test_the_budget_counts_a_moving_minute_not_the_clocks_minutes(settings, monkeypatch):
    settings.PAYESH_API_RATE = "10/min"
    request, throttle = calls_of_a_token(), PerTokenThrottle()
    minute = time.time() // 60 * 60
    now = [minute + 50]
    monkeypatch.setattr(time, "time", lambda: now[0])
    assert all(throttle.allow_request(request, None) for _ in range(10))
    now[0] = minute + 70  # a new minute on the clock, but ten answers in the last sixty seconds
    assert not throttle.allow_request(request, None)
    assert 30 <= throttle.wait() <= 41  # Retry-After: when the first of the ten leaves the window
    now[0] = minute + 111
    assert throttle.allow_request(request, None)


def test_an_unreachable_redis_lets_the_api_answer(people, settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    built, throttles._limiter = throttles._limiter, None
    try:
        api = ApiClient(token_for(people.planner))
        assert [api.get("/api/sectors/").status_code for _ in range(3)] == [200] * 3
        assert "cannot reach Redis" in caplog.text
    finally:
        throttles._limiter, throttles._redis_down_until = built, 0.0


@pytest.fixture(autouse=True)
def forget_the_counts():
    yield
    throttles.reset()
