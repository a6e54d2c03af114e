import io

from django.core.management import call_command

from commitments.models import FiscalYear
from tests.test_progress import build


def test_bench_dashboard_times_both_views_and_agrees_with_the_raw_aggregate(people, reference):
    build(people)
    FiscalYear.objects.create(year=1405)
    out = io.StringIO()
    call_command("bench_dashboard", centers=2, years=1, repeat=1, no_seed=True, stdout=out)
    lines = [ln for ln in out.getvalue().splitlines() if "centers |" in ln]
    assert [ln.split()[0] for ln in lines] == ["province", "national"]
    assert all("19 queries" in ln and "numbers agree with raw SQL: yes" in ln for ln in lines)
