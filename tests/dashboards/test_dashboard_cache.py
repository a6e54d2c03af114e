"""The dashboards as they run between commits: numbers and HTML cached at the data version. After
a change, every dashboard page reads at most 10 queries, the same at 24 and at 200 centers; a
repeated view reads only the session, the user and what is asked of the page itself; the change
shows on the very next view; and the cache keeps one copy of each page, not one per version."""

from contextlib import ExitStack

import pytest
from django.conf import settings
from django.db import connections
from django.db.models import F
from django.test import Client
from django.urls import reverse

from accounts import roles
from payesh import cachesize
from reports.models import Figure
from tests import factories
from tests.dashboards.test_dashboard_pages import KHORDAD, dashboard_urls, many_centers, table_rows
from tests.reports.test_progress import build

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


# With a read replica (the PostgreSQL pass of CI) each dashboard request also asks the replica,
# in one query, whether it has every write (payesh/routers.py).
REPLICA_CHECK = 1 if "replica" in settings.DATABASES else 0


def counts(client):
    """Queries of each dashboard page, on every database (the primary and a replica)."""
    found = {}
    for url in [*dashboard_urls(), f"{reverse('dashboards:province')}?province=all"]:
        sent = []

        def record(execute, sql, *rest, sent=sent):
            sent.append(sql)
            return execute(sql, *rest)

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(record))
            assert client.get(url, KHORDAD).status_code == 200, url
        found[url] = len(sent)
    return found


def change_a_figure():
    """A write outside any page, in autocommit: the version moves on at once."""
    figure = Figure.objects.filter(report__center__code="CA", report__month=1, measure__code="person_hours").first()
    Figure.objects.filter(pk=figure.pk).update(value=F("value") + 1)


@pytest.fixture
def director(people, reference):
    build(people)
    client = Client()
    client.force_login(people.director)
    return client


def test_after_a_change_each_page_reads_at_most_ten_queries_whatever_the_number_of_centers(director, people, province):
    many_centers(province, 22, "N")  # 24 centers
    counts(director)  # warm: templates, reference lists
    change_a_figure()
    at_24 = counts(director)
    many_centers(province, 176, "M")  # 200 centers
    counts(director)
    change_a_figure()
    at_200 = counts(director)
    assert at_24 == at_200
    assert max(at_200.values()) <= 10, at_200
    # session and user, the numbers' 3 queries (commitments, figures with the centers' months the
    # heatmap draws, centers with their month) and last year to the same month (a change no
    # service scoped may have changed last year too)
    assert at_200[reverse("dashboards:province")] == 6 + REPLICA_CHECK


def test_a_repeated_view_reads_only_the_session_and_the_user(director):
    counts(director)
    repeated = counts(director)
    two = 2 + REPLICA_CHECK
    assert repeated[reverse("dashboards:province")] == two
    assert repeated[f"{reverse('dashboards:province')}?province=all"] == two
    assert repeated[reverse("dashboards:focus")] == two and repeated[reverse("dashboards:reporting")] == two
    assert max(repeated.values()) <= 5 + REPLICA_CHECK, repeated  # a center's pages also read the center and its reports


def test_a_change_shows_on_the_very_next_view_of_the_cached_page(director):
    before = table_rows(director.get(reverse("dashboards:province"), KHORDAD).content.decode())
    assert "۳۲۰" in before  # center A's actual to date (tests/reports/test_progress.py)
    director.get(reverse("dashboards:province"), KHORDAD)  # served from the cache
    change_a_figure()
    after = table_rows(director.get(reverse("dashboards:province"), KHORDAD).content.decode())
    assert "۳۲۱" in after and "۳۲۰" not in after


def test_a_save_and_a_view_leave_one_lasting_copy_of_each_page_in_the_cache(director, people):
    """Each save followed by a view used to add a day-long copy of every value the page cached,
    under the new version (issue 22: +119 KB for the province page, +521 KB for the national page
    and +333 KB for the national API board at 24 centers). Now a new version overwrites the copy
    before it, and what lives only minutes (a version's WAL position) is not lasting."""
    pages = [(reverse("dashboards:province"), KHORDAD), (reverse("dashboards:province"), {**KHORDAD, "province": "all"}),
             (reverse("api:board"), {**KHORDAD, "province": "all"})]

    director.force_login(factories.user("observer", roles.NATIONAL_OBSERVER))  # who reads the national pages

    def view():
        for url, query in pages:
            assert director.get(url, query).status_code == 200, url

    view()
    before = cachesize.lasting_entries()
    assert len(before) >= len(pages)  # the pages are cached
    saves = 3
    for _ in range(saves):
        change_a_figure()
        view()
    after = cachesize.lasting_entries()
    assert set(after) <= set(before), sorted(set(after) - set(before))
    assert sum(after.values()) - sum(before.values()) <= saves * 50_000
