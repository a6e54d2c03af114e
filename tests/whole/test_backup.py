"""Backup and restore end to end, on whichever database the suite runs (SQLite or PostgreSQL):
seed, back up, restore into a new empty database, and read the same numbers back."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.early  # databases of their own, through manage.py in processes of their own

FINGERPRINT = """
from django.db.models import Sum
from centers.models import Center
from commitments.models import Commitment
from reports.models import Figure, MonthlyReport
print(Center.objects.count(), Commitment.objects.aggregate(t=Sum('target'))['t'],
      MonthlyReport.objects.filter(status='approved').count(), Figure.objects.aggregate(v=Sum('value'))['v'])
"""


def manage(database_url, *args):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DJANGO_SETTINGS_MODULE="config.test_settings", DATABASE_URL=database_url)
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def two_databases(tmp_path):
    """URLs of a source and an empty target database of the suite's vendor; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    names = [f"payesh_backup_{uuid.uuid4().hex[:8]}_{n}" for n in ("source", "target")]
    admin_url = os.environ["DATABASE_URL"]
    for name in names:
        manage(admin_url, "shell", "-c", f"from django.db import connection; connection.cursor().execute('CREATE DATABASE {name}')")
    auth = f"{base['USER']}:{base['PASSWORD']}@" if base.get("PASSWORD") else f"{base['USER']}@"
    yield tuple(f"postgres://{auth}{base['HOST']}:{base['PORT']}/{name}" for name in names)
    for name in names:
        manage(admin_url, "shell", "-c", f"from django.db import connection; connection.cursor().execute('DROP DATABASE IF EXISTS {name}')")


@pytest.mark.demo
def test_backup_then_restore_into_an_empty_database_gives_the_same_numbers(two_databases, tmp_path):
    source, target = two_databases
    manage(source, "migrate", "-v0")
    manage(source, "seed_demo", "--no-history")  # the current year is enough to compare numbers
    before = manage(source, "shell", "-v0", "-c", FINGERPRINT)
    dump = tmp_path / "payesh.dump"
    assert "Backed up" in manage(source, "backup_db", str(dump))
    assert dump.stat().st_size > 0
    assert "Restored" in manage(target, "restore_db", str(dump))
    after = manage(target, "shell", "-v0", "-c", FINGERPRINT)
    assert before == after
    assert before.split()[0] == "24"


def test_restore_refuses_a_database_that_is_not_empty(two_databases, tmp_path):
    source, _ = two_databases
    manage(source, "migrate", "-v0")
    dump = tmp_path / "payesh.dump"
    manage(source, "backup_db", str(dump))
    env = dict(os.environ.items())
    env.update(DJANGO_SETTINGS_MODULE="config.test_settings", DATABASE_URL=source)
    result = subprocess.run([sys.executable, "manage.py", "restore_db", str(dump)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "not empty" in result.stderr
