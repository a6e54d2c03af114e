"""The fault drill (scripts/faults) as part of the PostgreSQL run: a gunicorn worker killed
mid-save, PostgreSQL crashed mid-request, twenty clients saving one month at once, Redis stopped
mid-save and started again from its snapshot. It needs root (PostgreSQL runs as the postgres
user), PostgreSQL 15's binaries and redis-server, as CI has."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CAN_RUN = (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.geteuid() == 0
           and os.path.exists("/usr/lib/postgresql/15/bin/initdb"))


@pytest.mark.early
@pytest.mark.skipif(not CAN_RUN, reason="runs in the PostgreSQL pass, as root, with PostgreSQL 15 installed")
def test_fault_drill_leaves_no_half_saved_month_and_recovers():
    result = subprocess.run([sys.executable, str(ROOT / "scripts/faults")], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failed" in result.stdout
    assert "exactly one save was applied" in result.stdout
    assert "[ok] B's dashboard shows the submitted figures at once" in result.stdout
