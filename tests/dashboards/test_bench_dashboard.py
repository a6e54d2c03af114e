import io
import re

import pytest
from django.core.management import call_command

from accounts import roles
from commitments.models import FiscalYear
from tests import factories
from tests.country import country
from tests.reports.test_progress import build


def test_bench_dashboard_times_both_views_and_agrees_with_the_raw_aggregate(people, reference):
    build(people)
    factories.user("observer", roles.NATIONAL_OBSERVER)  # who reads the national page
    FiscalYear.objects.create(year=1405)
    out = io.StringIO()
    call_command("bench_dashboard", centers=2, years=1, repeat=1, no_seed=True, stdout=out)
    text = out.getvalue()
    lines = [ln for ln in text.splitlines() if "centers |" in ln]
    assert [ln.split()[0] for ln in lines] == ["province", "national"]
    assert all("numbers agree with raw SQL: yes" in ln for ln in lines)
    # inside a test's transaction nothing is cached: the counts of a view with every cache cold
    assert all(int(re.search(r"first view after a save +[\d.]+ ms, (\d+) queries", ln).group(1)) <= 10 for ln in lines)
    targets = text[text.index("Targets:"):].splitlines()[1:]
    assert len(targets) == 9 and all(t.endswith(("holds", "DOES NOT HOLD")) for t in targets)
    assert re.search(r"lasting cache growth per save and view <= 50.0 KB: province page -?[\d.]+ KB, national page "
                     r"-?[\d.]+ KB, national API board -?[\d.]+ KB -- ", text)
    assert "zero lag" in text and [t for t in targets if "zero lag" in t][0].endswith("-- holds")
    assert [t for t in targets if "agree with the raw aggregate" in t][0].endswith("-- holds")


def test_bench_dashboard_reads_the_province_as_its_director_and_prints_each_pages_size(people, reference):
    build(people)
    factories.user("observer", roles.NATIONAL_OBSERVER)
    FiscalYear.objects.create(year=1405)
    out = io.StringIO()
    call_command("bench_dashboard", centers=2, years=1, repeat=1, no_seed=True, stdout=out)
    text = out.getvalue()
    assert "page read as director, the national page as observer" in text
    sizes = dict(re.findall(r"(national review queue|national reporting|national focus|province) ([\d.]+) KB", text))
    assert set(sizes) == {"national review queue", "national reporting", "national focus", "province"}
    assert re.search(r"national focus, first view after a save in one province: [\d.]+ ms \(median of 1\)", text)
    assert [t for t in text.splitlines() if "every page <= 300.0 KB of HTML" in t][0].endswith("-- holds")


@pytest.mark.django_db(transaction=True)
def test_bench_dashboard_shows_a_save_in_another_province_leaves_the_page_warm_and_the_national_current(reference):
    """Caches per province (issue 24 §3), with values cached for real (a transactional test)."""
    country()
    FiscalYear.objects.get_or_create(year=1405)
    out = io.StringIO()
    call_command("bench_dashboard", centers=2, years=1, repeat=2, no_seed=True, stdout=out)
    text = out.getvalue()
    assert re.search(r"a save in تهران \(2 saves\): آذربایجان شرقی's page next [\d.]+ ms \(median\), at most \d+ queries, "
                     r"its board computed 0 times; the national page showed each save at once: yes", text)
    targets = text[text.index("Targets:"):].splitlines()[1:]
    assert [t for t in targets if "leaves this province's page warm" in t][0].endswith("-- holds")
    assert [t for t in targets if "national page is current at once" in t][0].endswith("-- holds")
