import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts import roles
from centers.models import Center
from commitments.models import Commitment
from demo.builder import demo_plan
from reports.models import Figure, MonthlyReport, ReportStatus
from tests import factories
from tests.factories import seed_demo
from tests.snapshots import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def counts():
    return (Center.objects.count(), Commitment.objects.count(), MonthlyReport.objects.count(),
            Figure.objects.count(), get_user_model().objects.count())


def test_seed_demo_builds_east_azerbaijan_and_is_idempotent(demo):
    first = counts()
    assert first[0] == 24
    assert Center.objects.filter(name_fa="مرکز سراب", county_fa="سراب").exists()
    seed_demo()
    assert counts() == first


def test_seed_demo_has_the_realistic_spread(demo):
    plan = demo_plan()
    last = MonthlyReport.objects.filter(year=plan.year, month=plan.last_month)
    assert last.filter(status=ReportStatus.RETURNED).count() == 1
    assert last.get(status=ReportStatus.RETURNED).return_comment
    assert last.count() == 24 - len(plan.not_yet_reported)  # some centers have not reported yet
    code, month = plan.missing_month
    assert not MonthlyReport.objects.filter(center__code=code, year=plan.year, month=month).exists()
    # every center has commitments in every sector, and a month in the future has no report
    assert Commitment.objects.filter(year=plan.year).values("center").distinct().count() == 24
    assert Commitment.objects.filter(year=plan.year).values("sector").distinct().count() == 3
    assert not MonthlyReport.objects.filter(year=plan.year, month__gt=plan.last_month).exists()
    # Tabriz No. 1 enters 60 or more figures a month
    assert Commitment.objects.filter(year=plan.year, center__code="TBZ1").count() >= 60


def test_seed_demo_logins_have_their_roles(demo):
    User = get_user_model()
    director = User.objects.get(username="director")
    assert director.check_password(DEMO_PASSWORD)  # the demo is seeded with DEMO_PASSWORD set to it
    assert roles.is_director(director)
    assert roles.is_planner(User.objects.get(username="planner"))
    assert roles.sees_all_centers(User.objects.get(username="staff"))
    head = User.objects.get(username="head-tbz1")
    assert roles.headed_center(head).code == "TBZ1"
    assert not roles.sees_all_centers(head)
    assert User.objects.filter(groups__name=roles.CENTER_HEAD).count() == 24


def test_seed_demo_synthetic_centers_and_years(demo):
    seed_demo(centers=30, years=2)
    plan = demo_plan()
    assert Center.objects.count() == 30
    assert Center.objects.filter(code__startswith="SYN").exclude(province__code="east-azarbaijan").count() == 6
    previous = MonthlyReport.objects.filter(year=plan.year - 1)
    assert previous.count() == 30 * 12 and not previous.exclude(status=ReportStatus.APPROVED).exists()
    before = counts()
    seed_demo(centers=30, years=2)
    assert counts() == before


def test_demo_reports_have_a_first_history_row_by_their_head(demo):
    plan = demo_plan()
    report = MonthlyReport.objects.get(center__code="TBZ1", year=plan.year, month=1)
    submitted, approved = report.history.order_by("history_date")
    assert (submitted.status, submitted.history_user.username) == ("submitted", "head-tbz1")
    assert submitted.history_date == report.submitted_at
    assert (approved.status, approved.history_user.username) == ("approved", "planner")
    assert approved.history_date == report.approved_at
    assert Figure.history.filter(report_id=report.pk).count() == report.figures.count()


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="runs only with DEBUG=true"):
        call_command("seed_demo")
    assert counts() == (0, 0, 0, 0, 0)


def test_seed_demo_exits_non_zero_in_production_and_says_why(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="false", SECRET_KEY="seed-test-" + "k" * 50,
               DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}")
    result = subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "runs only with DEBUG=true" in result.stderr and "Nothing was changed" in result.stderr


@pytest.mark.demo
def test_seed_demo_leaves_existing_users_exactly_as_they_were(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "secret-demo-pass")
    staff_group = Group.objects.get_or_create(name=roles.STAFF)[0]
    director = factories.user("Director", roles.STAFF, first_name="Real", last_name="Person")
    director.set_password("the-directors-own-passphrase")
    director.save()
    head = factories.user("head-tbz1", first_name="Someone")
    head.set_password("the-heads-own-passphrase")
    head.save()

    seed_demo(history=False)  # the users are the point: the current year is enough

    User = get_user_model()
    # an existing user, in any case, keeps their password, name and roles, and gets no twin
    assert User.objects.filter(username__iexact="director").count() == 1
    director = User.objects.get(username__iexact="director")
    assert director.check_password("the-directors-own-passphrase")
    assert (director.username, director.first_name, director.last_name, director.is_staff) == ("Director", "Real", "Person", False)
    assert list(director.groups.all()) == [staff_group]
    head.refresh_from_db()
    assert head.check_password("the-heads-own-passphrase")
    assert not head.groups.exists() and roles.headed_center(head) is None
    # missing users are created with the demo password
    planner = User.objects.get(username="planner")
    assert planner.check_password("secret-demo-pass") and roles.is_planner(planner)
    assert User.objects.get(username="head-mrg1").check_password("secret-demo-pass")

    # a second run with another demo password changes no one's password
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-pass")
    seed_demo(history=False)
    assert User.objects.get(username="planner").check_password("secret-demo-pass")
    assert User.objects.get(username__iexact="director").check_password("the-directors-own-passphrase")
