"""Redis holds what it needs, within a limit: every place the project starts redis-server gives it
a maxmemory and an eviction policy that spares the data version (volatile-lru: only keys with a
time-out, the cached numbers, are evicted), and `check --deploy` warns about a Redis without a
limit (Debian's redis-server has none by default)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from payesh import checks

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from redisserver import REDIS_SERVER, RedisServer  # noqa: E402

# A redis-server started with options: a shell or compose command line, or the Python helper's.
STARTS_REDIS = re.compile(r"""redis-server["']?[ ,]+["']?--|\[REDIS_SERVER,""")


def files_that_start_redis():
    tracked = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    found = {}
    for name in tracked:
        path = ROOT / name
        # prose (the docs say what to run) and this file's own pattern are not commands
        if path.suffix == ".md" or not path.is_file() or path == Path(__file__).resolve():
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        if STARTS_REDIS.search(text):
            found[name] = text
    return found


def test_every_place_that_starts_redis_gives_it_a_memory_limit_and_volatile_lru():
    found = files_that_start_redis()
    assert {".ci/run", "docker-compose.yml", "scripts/loadtest", "scripts/redisserver.py"} <= set(found), sorted(found)
    for name, text in found.items():
        assert re.search(r"""--maxmemory["']?[ ,]+["']?\d+mb""", text), f"{name} starts Redis without --maxmemory"
        assert re.search(r"""--maxmemory-policy["']?[ ,]+["']?volatile-lru""", text), f"{name}: no volatile-lru"


@pytest.fixture
def redis_without_a_limit(tmp_path, settings):
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = RedisServer(port, tmp_path)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": server.url,
                                   "KEY_FUNCTION": "payesh.dataversion.make_key"}}
    server.client.config_set("maxmemory", 0)
    yield server
    server.stop()


def test_check_deploy_warns_about_a_redis_without_a_memory_limit(redis_without_a_limit):
    assert [w.id for w in checks.redis_memory()] == ["payesh.W004"]
    redis_without_a_limit.client.config_set("maxmemory", "256mb")
    assert checks.redis_memory() == []


def test_check_deploy_says_nothing_of_a_redis_it_cannot_reach(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0", "OPTIONS": {"socket_connect_timeout": 1}}}
    assert checks.redis_memory() == []
