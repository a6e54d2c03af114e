from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts import roles
from centers.models import Center
from commitments.models import Commitment
from demo.builder import demo_plan
from reports.models import Figure, MonthlyReport, ReportStatus


def counts():
    return (Center.objects.count(), Commitment.objects.count(), MonthlyReport.objects.count(),
            Figure.objects.count(), get_user_model().objects.count())


def test_seed_demo_builds_east_azerbaijan_and_is_idempotent(db):
    call_command("seed_demo")
    first = counts()
    assert first[0] == 24
    assert Center.objects.filter(name_fa="مرکز سراب", county_fa="سراب").exists()
    call_command("seed_demo")
    assert counts() == first


def test_seed_demo_has_the_realistic_spread(db):
    call_command("seed_demo")
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


def test_seed_demo_logins_have_their_roles(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "secret-demo-pass")
    call_command("seed_demo")
    User = get_user_model()
    director = User.objects.get(username="director")
    assert director.check_password("secret-demo-pass")
    assert roles.is_director(director)
    assert roles.is_planner(User.objects.get(username="planner"))
    assert roles.sees_all_centers(User.objects.get(username="staff"))
    head = User.objects.get(username="head-tbz1")
    assert roles.headed_center(head).code == "TBZ1"
    assert not roles.sees_all_centers(head)
    assert User.objects.filter(groups__name=roles.CENTER_HEAD).count() == 24


def test_seed_demo_synthetic_centers_and_years(db):
    call_command("seed_demo", centers=30, years=2)
    plan = demo_plan()
    assert Center.objects.count() == 30
    assert Center.objects.filter(code__startswith="SYN").exclude(province__code="east-azarbaijan").count() == 6
    previous = MonthlyReport.objects.filter(year=plan.year - 1)
    assert previous.count() == 30 * 12 and not previous.exclude(status=ReportStatus.APPROVED).exists()
    before = counts()
    call_command("seed_demo", centers=30, years=2)
    assert counts() == before


def test_demo_reports_have_a_first_history_row_by_their_head(db):
    call_command("seed_demo")
    plan = demo_plan()
    report = MonthlyReport.objects.get(center__code="TBZ1", year=plan.year, month=1)
    submitted, approved = report.history.order_by("history_date")
    assert (submitted.status, submitted.history_user.username) == ("submitted", "head-tbz1")
    assert submitted.history_date == report.submitted_at
    assert (approved.status, approved.history_user.username) == ("approved", "planner")
    assert approved.history_date == report.approved_at
    assert Figure.history.filter(report_id=report.pk).count() == report.figures.count()
