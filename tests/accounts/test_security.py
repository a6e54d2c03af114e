"""Production safety: deploy checks, headers, login throttling, CSRF, health, request logs."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests import factories

ROOT = Path(__file__).resolve().parent.parent.parent


def check_deploy(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DATABASE_REPLICA_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="false",
               SECRET_KEY="k3J!x9#pQ2@vL7$wR4^tZ8&nB1*mC6(dF0)hG5_jS3+yU7=eA2-iO9", ALLOWED_HOSTS="payesh.example", **extra)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def test_check_deploy_is_clean_with_debug_off():
    # Redis holds the data version every app server shares (checked below; no connection is made)
    result = check_deploy(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_the_cache_is_local_memory():
    result = check_deploy()
    assert result.returncode != 0 and "payesh.W001" in result.stderr and "REDIS_URL" in result.stderr


def test_content_security_policy_allows_only_our_origin(db):
    response = Client().get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "http" not in csp  # no outside host is allowed anywhere
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_is_throttled_per_user_and_address_with_a_persian_message(people, settings):
    client = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "director", "password": "wrong"})
    # now even the right password is refused, in Persian
    response = client.post(reverse("login"), {"username": "Director", "password": factories.PASSWORD})
    assert response.status_code == 429
    assert "تلاش ناموفق" in response.content.decode()
    # another address may still log in as the same user, and the locked address as another user
    assert Client(REMOTE_ADDR="10.2.2.2").post(
        reverse("login"), {"username": "director", "password": factories.PASSWORD}).status_code == 302
    assert client.post(reverse("login"), {"username": "planner", "password": factories.PASSWORD}).status_code == 302


def test_state_changing_requests_need_csrf(people):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "director", "password": factories.PASSWORD})
    assert response.status_code == 403
    client.force_login(people.director)
    assert client.post(reverse("logout")).status_code == 403


def test_passwords_use_djangos_validators(settings):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
    with pytest.raises(ValidationError):
        validate_password("short")
    validate_password("a-long-and-unusual-passphrase-1405")


class UnreachableDatabase:
    def cursor(self):
        raise connection.Database.OperationalError("could not connect to server")


def test_healthz_is_503_when_the_database_is_unreachable(db, monkeypatch):
    monkeypatch.setattr("config.views.connection", UnreachableDatabase())
    response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_every_request_is_logged_on_one_line(people, caplog):
    client = Client()
    client.force_login(people.planner)
    with caplog.at_level(logging.INFO, logger="payesh.requests"):
        client.get(reverse("home"))
    lines = [r.getMessage() for r in caplog.records if r.name == "payesh.requests"]
    assert len(lines) == 1
    assert "user=planner" in lines[0] and "path=/ " in lines[0] and "status=200" in lines[0]
    assert "duration_ms=" in lines[0]


def test_no_template_has_an_inline_script_the_csp_would_block():
    """Scripts come from static files (or carry the CSP nonce); inline handlers are blocked too."""
    import re

    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.relative_to(ROOT)}: {tag}")
        if re.search(r"\son(click|change|submit|load|input)=", text):
            offenders.append(f"{path.relative_to(ROOT)}: inline event handler")
    assert offenders == []
