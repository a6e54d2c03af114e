"""Login lockouts count each client, directly on the network or behind trusted proxies
(PAYESH_TRUSTED_PROXIES): five wrong passwords from one client never lock the account out for
everyone behind the same proxy, and an X-Forwarded-For a client writes itself is never believed.
The language cookie is Secure in production, HttpOnly and SameSite=Lax."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from payesh.proxies import client_address
from tests import factories

ROOT = Path(__file__).resolve().parent.parent.parent


def attempt(password, remote, forwarded=None, username="director"):
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client(**headers).post(reverse("login"), {"username": username, "password": password}).status_code


def lock_out(remote, forwarded=None, settings=None):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("wrong", remote, forwarded)


def test_direct_a_client_is_locked_out_alone_whatever_header_it_writes(people, settings):
    settings.PAYESH_TRUSTED_PROXIES = 0
    lock_out("198.51.100.7", "203.0.113.9", settings=settings)
    assert attempt(factories.PASSWORD, "198.51.100.7") == 429
    assert attempt(factories.PASSWORD, "198.51.100.7", forwarded="192.0.2.44") == 429  # a header changes nothing
    assert attempt(factories.PASSWORD, "203.0.113.9") == 302  # the address it wrote is not locked


def test_behind_one_proxy_each_client_is_counted_not_the_proxy(people, settings):
    settings.PAYESH_TRUSTED_PROXIES = 1
    proxy = "127.0.0.1"
    lock_out(proxy, "198.51.100.7", settings=settings)  # one client's five wrong passwords
    assert attempt(factories.PASSWORD, proxy, "198.51.100.7") == 429
    assert attempt(factories.PASSWORD, proxy, "203.0.113.9") == 302  # the director logs in from elsewhere
    # the locked client writes another address: the proxy appends the one it saw, which is believed
    assert attempt(factories.PASSWORD, proxy, "203.0.113.9, 198.51.100.7") == 429


@pytest.mark.parametrize("proxies, remote, forwarded, expected", [
    (0, "198.51.100.7", "203.0.113.9", "198.51.100.7"),
    (1, "127.0.0.1", "203.0.113.9", "203.0.113.9"),
    (1, "127.0.0.1", "192.0.2.1, 203.0.113.9", "203.0.113.9"),
    (2, "127.0.0.1", "192.0.2.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
    (1, "127.0.0.1", "2001:db8::5", "2001:db8::5"),
    (1, "127.0.0.1", "", "127.0.0.1"),  # the proxy sent no header: its own address
    (2, "127.0.0.1", "203.0.113.9", "127.0.0.1"),  # fewer hops than proxies: not believed
    (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
    (1, "127.0.0.1", "203.0.113.9\x00", "127.0.0.1"),
])
def test_the_client_address(settings, proxies, remote, forwarded, expected):
    settings.PAYESH_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def production(code, **env):
    full = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URL")}
    full.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="false", SECRET_KEY="k" * 50, **env)
    return subprocess.run([sys.executable, "manage.py", *code], cwd=ROOT, env=full, capture_output=True, text=True)


def test_check_deploy_warns_behind_a_proxy_without_trusted_proxies():
    args = ["check", "--deploy", "--fail-level", "WARNING"]
    warned = production(args, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO", REDIS_URL="redis://127.0.0.1:1/0")
    assert warned.returncode != 0 and "accounts.W001" in warned.stderr
    clean = production(args, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO", PAYESH_TRUSTED_PROXIES="1",
                       REDIS_URL="redis://127.0.0.1:1/0")
    assert "accounts.W001" not in clean.stderr


def test_the_language_cookie_is_secure_in_production_httponly_and_lax():
    shown = production(["shell", "-c", "from django.conf import settings as s; "
                        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE)"])
    assert shown.stdout.splitlines()[-1].split() == ["True", "True", "Lax"], shown.stderr


def test_the_language_switch_sets_an_httponly_lax_cookie(db):
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en" and cookie["httponly"] and cookie["samesite"] == "Lax"
