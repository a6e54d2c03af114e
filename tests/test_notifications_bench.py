"""`manage.py bench_cycle`: it gives each headless center a head, plays the cycle twice and prints
the figures against issue 24's target, and leaves no notification behind."""

import io
import re

import pytest
from django.core.management import call_command

from notifications.models import Notification
from tests import factories
from tests.notifications_helpers import month_data

pytestmark = pytest.mark.django_db


def test_bench_cycle_prints_both_runs_against_the_target_and_rolls_them_back(people, reference, settings):
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    month_data(people)
    headless = factories.center(people.center_a.province, "CC", "مرکز ج")
    factories.commitment(headless)
    out = io.StringIO()
    call_command("bench_cycle", centers=3, today="1405/05/06", repeat=1, stdout=out)
    text = out.getvalue()
    headless.refresh_from_db()
    assert "centers given a head (bench-head-<code>): 1" in text and headless.head.username == "bench-head-cc"
    assert "3 centers owe reports (3 with a head)" in text
    first = re.search(r"first run: (\d+) notifications made \(.*late 2.*\) \| (\d+) queries", text)
    assert first and int(first.group(1)) >= 6
    nothing_new = re.search(r"nothing new, mail included: 0 made \| (\d+) queries \(target <= 50\): holds \| "
                            r"[\d.]+ s \(target <= 2 s\): (holds|DOES NOT HOLD)", text)
    assert nothing_new and int(nothing_new.group(1)) <= 12
    assert Notification.objects.count() == 0


def test_bench_cycle_without_seeding_refuses_when_there_are_too_few_centers(people):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="fewer than 1000 active centers"):
        call_command("bench_cycle", no_seed=True, stdout=io.StringIO())
