"""Caches per province (issue 24 §3, payesh/dataversion.py "Versions per province"): a save through
the services moves its province's version and the national one only, so every other province's
cached pages stay warm while the saving province's pages, the national view and every province's
rank among the provinces show the save at once; a write no service scoped (the admin, the shell)
shows everywhere at once. These tests commit for real (transactional database); with REDIS_URL
the versions live in Redis."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import transaction

from centers.models import Center, Province
from commitments import services as commitment_services
from commitments.models import Measure
from courses import services as course_services
from dashboards import caching
from meetings import services as meeting_services
from payesh import dataversion
from reports import services as report_services
from reports.grid import check_entries, load_grid
from reports.models import Figure, MonthlyReport
from reports.progress import boards
from reports.progress.selection import Selection
from tests.country import YEAR, ranked_country
from tests.course_data import course
from tests.support import client_for

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"] if "replica" in settings.DATABASES
                                   else ["default"])

MONTH = 3
PAGE = f"/?year={YEAR}&month={MONTH}&measure=person_hours"
NATIONAL = PAGE + "&province=all"


@pytest.fixture
def world(reference):
    return ranked_country()


@pytest.fixture
def computed(monkeypatch):
    """The provinces (codes; "national"; "rows:" and the codes for the rows of a few provinces in
    the national view; "each:" and the codes for several provinces' boards computed together)
    whose board was computed, not served from the cache."""
    calls = []
    real = boards.board
    codes = {p.pk: p.code for p in Province.objects.all()}

    def counting(selection, **kwargs):
        if selection.province is not None:
            calls.append(selection.province.code)
        else:
            calls.append("rows:" + "+".join(sorted(codes[pk] for pk in selection.provinces)) if selection.provinces
                         else "national")
        return real(selection, **kwargs)

    def counting_each(selection, provinces, **kwargs):
        calls.append("each:" + "+".join(sorted(codes[pk] for pk in provinces)))
        return real_each(selection, provinces, **kwargs)

    real_each = boards.province_boards
    monkeypatch.setattr(boards, "board", counting)
    monkeypatch.setattr(boards, "province_boards", counting_each)
    return calls


def page(client, path=PAGE):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def actual(province=None):
    """The selection's total actual as its dashboard shows it (the cached board)."""
    selection = Selection(year=YEAR, month=MONTH, measure=Measure.objects.get(code="person_hours"), province=province)
    return caching.board(selection).total.actual


def rank_card(html):
    return re.search(r'id="rank-among-provinces".*?</div>', html, re.S).group(0)


def save_month3(center, user, value, submit=False):
    """The center's head saves month 3 (a draft in the test country) with one figure; with
    submit, sends it for review (then it counts)."""
    grid = load_grid(center, YEAR, MONTH)
    [row] = grid.rows
    entries, errors = check_entries(grid, {row.commitment.pk: (value, "a large course")})
    assert not errors
    return report_services.save_month(grid, entries, user, grid.version, submit=submit)


def test_a_save_in_one_province_leaves_the_others_warm_and_shows_at_once_in_its_own_and_the_national(world, computed):
    alpha, beta, gamma = world.provinces
    national, beta_director, gamma_director = (client_for(u) for u in (world.national_observer, beta.director, gamma.director))
    page(client_for(alpha.director)), page(national, NATIONAL), page(gamma_director)
    assert "<strong>۲ <small>از ۳</small></strong>" in rank_card(page(beta_director))
    alpha_before, national_before = actual(alpha.province), actual()
    computed.clear()

    save_month3(alpha.center_1, alpha.head, 5000, submit=True)

    # Beta's and Gamma's pages come from the cache: neither province's board is computed, only
    # Alpha's row among the provinces (over Alpha's data alone), once for both ...
    beta_page = page(beta_director)
    page(gamma_director)
    assert computed == ["rows:east-azarbaijan"]
    # ... and that rank already counts Alpha's save
    assert "<strong>۳ <small>از ۳</small></strong>" in rank_card(beta_page)
    # Alpha's page and the national view are current at once: the national board is put together
    # from the provinces' boards, Alpha's computed (for its page) and the others' still cached
    page(client_for(alpha.director)), page(national, NATIONAL)
    assert computed[1:] == ["east-azarbaijan"]
    assert actual(alpha.province) == alpha_before + 5000  # its month 3 was a draft: not counted
    assert actual() == national_before + 5000
    assert actual(beta.province) == actual(beta.province)  # served, and unchanged


def test_after_its_own_save_a_provinces_page_computes_its_own_board_alone_and_ranks_the_save(world, computed):
    """The rank among the provinces is put together from each province's row, cached at that
    province's version: the saving province's row comes from the board its page computes anyway."""
    alpha, beta, gamma = world.provinces
    alpha_director = client_for(alpha.director)
    for client in (alpha_director, client_for(beta.director), client_for(gamma.director)):
        page(client)
    assert "<strong>۳ <small>از ۳</small></strong>" in rank_card(page(alpha_director))
    computed.clear()

    save_month3(alpha.center_1, alpha.head, 5000, submit=True)

    assert "<strong>۱ <small>از ۳</small></strong>" in rank_card(page(alpha_director))
    assert computed == ["east-azarbaijan"]


def test_the_national_page_after_saves_computes_the_changed_provinces_boards_only(world, computed):
    """After saves in one province or a few, the national board computes those provinces' boards
    alone, together, and caches them for the provinces' pages too; with none of the provinces'
    boards cached, it computes them all together."""
    alpha, beta, gamma = world.provinces
    national = client_for(world.national_observer)
    page(national, NATIONAL)
    assert computed == ["each:east-azarbaijan+fars+tehran"]  # nothing cached yet
    national_before = actual()
    computed.clear()

    save_month3(beta.center_1, beta.head, 4000, submit=True)
    page(national, NATIONAL)
    assert computed == ["each:tehran"]
    assert actual() == national_before + 4000
    page(client_for(beta.director))
    assert computed == ["each:tehran"]  # Beta's page found the board the national view computed

    computed.clear()
    save_month3(gamma.center_1, gamma.head, 3000, submit=True)
    save_month3(alpha.center_1, alpha.head, 1000, submit=True)
    page(national, NATIONAL)
    assert computed == ["each:east-azarbaijan+fars"]
    assert actual() == national_before + 8000


def test_the_national_focus_after_a_save_computes_that_provinces_focus_only(world, monkeypatch):
    from reports.progress import focus

    calls, real = [], focus.by_province
    monkeypatch.setattr(focus, "by_province", lambda selection, areas, provinces, **kw: calls.append(
        sorted(provinces)) or real(selection, areas, provinces, **kw))
    alpha, beta, gamma = world.provinces
    national = client_for(world.national_observer)
    for client in (client_for(p.director) for p in world.provinces):
        page(client, "/dashboard/focus/")
    page(national, "/dashboard/focus/?province=all")
    assert calls == []  # every province's focus was cached by its own page
    save_month3(gamma.center_1, gamma.head, 2500, submit=True)
    page(national, "/dashboard/focus/?province=all")
    assert calls == [[gamma.province.pk]]


def test_the_national_reporting_grid_after_a_save_lays_out_that_provinces_rows_only(world, monkeypatch):
    """The national reporting grid is put together from the provinces' grids, each cached at its
    province's version under the key its own page uses; a submission shows on it at once."""
    from reports.progress import reporting_grid

    calls, real = [], reporting_grid.grids_by_province
    monkeypatch.setattr(reporting_grid, "grids_by_province", lambda year, month, provinces, **kw: calls.append(
        sorted(provinces)) or real(year, month, provinces, **kw))
    alpha, beta, gamma = world.provinces
    national = client_for(world.national_observer)
    grid_page = f"/dashboard/reporting/?year={YEAR}&month={MONTH}"
    for client in (client_for(p.director) for p in world.provinces):
        page(client, grid_page)
    before = page(national, grid_page + "&province=all")
    assert calls == []  # every province's grid was cached by its own page
    save_month3(gamma.center_1, gamma.head, 2500, submit=True)
    after = page(national, grid_page + "&province=all")
    assert calls == [[gamma.province.pk]]
    assert before != after  # the submission is on it at once
    page(client_for(gamma.director), grid_page)
    assert calls == [[gamma.province.pk]]  # Gamma's page found the grid the national view laid out


def test_the_apis_national_reporting_shows_a_submission_at_once(world):
    """The API's reporting grid is the dashboards' (caching.reporting), put together from the
    provinces' grids: a submission in one province is in the next answer."""
    from tests.api_helpers import ApiClient, token_for

    gamma = world.provinces[2]
    api = ApiClient(token_for(world.national_observer))

    def month3_of(center):
        rows = api.get("/api/reporting/", year=YEAR, month=MONTH, province="all").json()["rows"]
        return next(r["months"][MONTH - 1]["report_status"] for r in rows if r["center"] == center.code)

    assert month3_of(gamma.center_1) == "draft"
    save_month3(gamma.center_1, gamma.head, 2500, submit=True)
    assert month3_of(gamma.center_1) == "submitted"


def test_a_write_outside_the_services_shows_in_every_province_at_once(world, computed):
    """The admin, the shell, a migration: no service names the province, so every province's
    cached pages and the national view are computed afresh (the watcher's safety net)."""
    alpha, beta, gamma = world.provinces
    clients = [client_for(p.director) for p in world.provinces]
    for client in clients:
        page(client)
    page(client_for(world.national_observer), NATIONAL)
    before = {p.tag: actual(p.province) for p in world.provinces}
    computed.clear()

    Figure.objects.filter(report__center=beta.center_1, report__month=1).update(value=700)  # as the shell would

    for client in clients:
        page(client)
    page(client_for(world.national_observer), NATIONAL)
    # every province's board and once (for the first province's page) the rows among the provinces
    # of the two provinces whose own board was not at hand; the national board is put together
    # from the provinces' boards, each computed afresh for its page
    assert sorted(computed) == ["east-azarbaijan", "fars", "rows:fars+tehran", "tehran"]
    assert actual(beta.province) == before["bet"] + 600
    assert actual(alpha.province) == before["alf"] and actual(gamma.province) == before["gam"]


def versions(world):
    return {p.tag: dataversion.province_version(p.province.pk) for p in world.provinces}


def moved(world, write):
    """The provinces (tags) whose version `write` moved; the national (data) version must move."""
    before, national = versions(world), dataversion.current()
    write()
    after = versions(world)
    assert dataversion.current() > national
    return sorted(tag for tag in before if after[tag] != before[tag])


def test_each_service_moves_its_province_only(world):
    alpha, beta, gamma = world.provinces
    submitted = MonthlyReport.objects.get(center=beta.center_1, month=2)
    assert moved(world, lambda: report_services.approve(submitted, beta.planner, submitted.version)) == ["bet"]
    approved = MonthlyReport.objects.get(center=beta.center_1, month=2)
    assert moved(world, lambda: report_services.reopen(approved, beta.director, approved.version, "a figure was wrong")) == ["bet"]
    other = MonthlyReport.objects.get(center=gamma.center_2, month=1)
    assert moved(world, lambda: report_services.return_report(other, gamma.planner, other.version, "check")) == ["gam"]
    assert moved(world, lambda: save_month3(alpha.center_1, alpha.head, 300)) == ["alf"]
    month3 = MonthlyReport.objects.get(center=alpha.center_1, month=MONTH)
    new_course = course(alpha.center_1, start="1405/03/02", end="1405/03/20", save=False)
    assert moved(world, lambda: course_services.save_course(new_course, alpha.head, month3.version)) == ["alf"]
    commitment_services.open_year(YEAR)  # a new fiscal year is a reference list's write: every province
    assert moved(world, lambda: commitment_services.revise_commitment(gamma.commitment, gamma.planner, 1300, "۱۲", datetime.date(2026, 5, 1), "a new letter")) == ["gam"]
    assert moved(world, lambda: meeting_services.set_action_item_status(beta.item_of_center, "done", beta.director)) == ["bet"]


def test_a_write_to_a_reference_list_inside_a_service_moves_every_province(world):
    alpha = world.provinces[0]

    def rename():
        with dataversion.writes_for(alpha.province.pk):
            Center.objects.filter(pk=alpha.center_1.pk).update(name_en="Renamed")

    assert moved(world, rename) == ["alf", "bet", "gam"]


def test_a_scoped_write_bumps_once_after_the_commit_and_a_rollback_bumps_nothing(world):
    alpha = world.provinces[0]
    before, national = versions(world), dataversion.current()
    with transaction.atomic(), dataversion.writes_for(alpha.province.pk):
        Figure.objects.filter(report__center=alpha.center_1).update(value=5)
        Figure.objects.filter(report__center=alpha.center_1).update(value=6)
        assert versions(world) == before and dataversion.current() == national, "bumped before the commit"
    assert dataversion.current() == national + 1
    assert versions(world)["alf"][1] == before["alf"][1] + 1
    with pytest.raises(RuntimeError), transaction.atomic(), dataversion.writes_for(alpha.province.pk):
        Figure.objects.filter(report__center=alpha.center_1).update(value=7)
        raise RuntimeError
    assert dataversion.current() == national + 1 and versions(world)["alf"][1] == before["alf"][1] + 1


def test_a_transaction_with_a_write_no_service_scoped_moves_every_province(world):
    alpha, beta, _gamma = world.provinces

    def mixed():
        with transaction.atomic():
            with dataversion.writes_for(alpha.province.pk):
                Figure.objects.filter(report__center=alpha.center_1).update(value=5)
            Figure.objects.filter(report__center=beta.center_1).update(value=5)

    assert moved(world, mixed) == ["alf", "bet", "gam"]


def test_a_request_on_the_replica_caches_a_province_only_at_the_version_it_pinned(world):
    """A dashboard request on the replica pins the data version the replica has replayed: a
    province's version read after a later save (anywhere) may count writes the replica lacks, so
    the request computes that province's numbers without caching them; on the primary it may."""
    alpha, beta, _gamma = world.provinces
    for exact, expected in ((True, None), (False, dataversion.province_version(alpha.province.pk))):
        with dataversion.pinned(dataversion.current(), exact=exact):
            dataversion.bump(provinces=[beta.province.pk])  # committed after the request began
            assert dataversion.province_version(alpha.province.pk) == expected


def test_a_save_in_one_province_leaves_the_others_center_pages_warm(world, monkeypatch):
    from dashboards import views

    alpha, beta, _gamma = world.provinces
    computed, real = [], views.center_board
    monkeypatch.setattr(views, "center_board", lambda selection, center, **kwargs: computed.append(center.code)
                        or real(selection, center, **kwargs))
    director = client_for(beta.director)
    pages = [f"/dashboard/center/{code}/?year={YEAR}&month={MONTH}" for code in (alpha.center_1.code, beta.center_1.code)]
    head = client_for(alpha.head)
    before = page(head, pages[0])
    page(director, pages[1])
    assert "۷۷۷" not in before
    computed.clear()

    save_month3(alpha.center_1, alpha.head, 777, submit=True)

    page(director, pages[1])
    assert computed == []  # Beta's center page from the cache
    assert "۷۷۷" in page(head, pages[0]) and computed == [alpha.center_1.code]  # Alpha's at once
