import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def run_check(**env):
    full = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    full.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=full, capture_output=True, text=True)


def test_missing_secret_key_in_production_fails_loudly():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_start_with_a_secret_key():
    assert run_check(DEBUG="false", SECRET_KEY="x" * 50).returncode == 0


def test_bad_boolean_fails_loudly():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_database_url_selects_postgresql():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = dict(os.environ.items())
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="true", DATABASE_URL="postgres://u:p@127.0.0.1:5432/payesh")
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert "postgresql" in out.stdout
