"""What can be checked of the image without a Docker engine: the compose file, the Dockerfile's
stages, and its gunicorn command line serving the app, health and compressed, cached static files.
Nothing here reads the suite's database: CI runs these in one pass (db_independent)."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()

pytestmark = [pytest.mark.image, pytest.mark.db_independent]


def test_compose_runs_payesh_on_postgresql_15_with_a_named_volume():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    db, web = compose["services"]["db"], compose["services"]["web"]
    assert db["image"] == "postgres:15"
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert "@db:5432/" in web["environment"]["DATABASE_URL"]
    assert web["environment"]["DEBUG"] == "false" and "SECRET_KEY" in web["environment"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_gives_the_web_service_a_shared_redis_that_keeps_the_data_version():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    redis, web = compose["services"]["redis"], compose["services"]["web"]
    assert redis["image"] == "redis:7"
    assert web["environment"]["REDIS_URL"].startswith("redis://redis:6379/")
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "redis-cli" in redis["healthcheck"]["test"]
    # eviction may drop cached numbers (they have a time-out) but never the data version (it has none)
    command = redis["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"


def test_dockerfile_is_multi_stage_non_root_with_a_healthcheck():
    stages = re.findall(r"^FROM (\S+)", DOCKERFILE, re.M)
    assert len(stages) == 2 and all(s.startswith("python:3.11") for s in stages)
    final = DOCKERFILE[DOCKERFILE.rindex("\nFROM "):]
    assert "build-essential" not in final and "libpq-dev" not in final  # no compilers in the image
    assert re.search(r"^USER payesh$", final, re.M)
    assert "HEALTHCHECK" in final and "/healthz" in final
    assert "collectstatic" in final


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_images_gunicorn_command_serves_health_and_compressed_cached_static_files(tmp_path):
    command = json.loads(re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.M).group(1))[-1]
    port = free_port()
    command = command.replace("exec gunicorn", f"exec {Path(sys.executable).parent / 'gunicorn'}")
    command = command.replace("0.0.0.0:8000", f"127.0.0.1:{port}")
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE",
                                                           "STATICFILES_BACKEND", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="image-test-" + "k" * 50, DEBUG="false",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", STATIC_ROOT=str(tmp_path / "static"),
               ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false", WEB_CONCURRENCY="2", GUNICORN_THREADS="2")
    # the image's storage, collected here by a subclass with only the compression checked below
    production = subprocess.run([sys.executable, "-c", "from django.conf import settings; "
                                 "print(settings.STORAGES['staticfiles']['BACKEND'])"],
                                cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout.strip()
    assert production == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True,
                   env={**env, "STATICFILES_BACKEND": "tests.image_storage.StylesheetsGzipped"})
    server = subprocess.Popen(["sh", "-c", command], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not answer /healthz")
        with urllib.request.urlopen(base + "/accounts/login/", timeout=5) as response:
            css = re.search(r'href="(/static/css/payesh\.[0-9a-f]{12}\.css)"', response.read().decode()).group(1)
        request = urllib.request.Request(base + css, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert "immutable" in response.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(10)
