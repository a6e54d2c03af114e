"""A province's dashboard shows its rank among the provinces (issue 24 §2): every province's
totals, ranked by pace as on the national view, and no other province's centers."""

import re

import pytest
from django.test import Client

from payesh import dataversion
from tests import factories
from tests.country import country, ranked_country

PAGE = "/?year=1405&month=3&measure=person_hours"


@pytest.fixture
def world(reference):
    return ranked_country()


def page_of(user, path=PAGE):
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_directors_dashboard_shows_the_provinces_rank_among_the_provinces(world):
    alpha, beta, gamma = world.provinces
    page = page_of(beta.director)
    card = re.search(r'id="rank-among-provinces".*?</div>', page, re.S).group(0)
    assert re.search(r"<strong>۲ <small>از ۳</small></strong>", card)
    ranks = re.search(r'id="province-ranks".*?</section>', page, re.S).group(0)
    names = re.findall(r"<td>(?:<strong>)?([^<]+)(?:</strong>)?</td>", ranks)
    assert names == ["فارس", "تهران", "آذربایجان شرقی"]
    assert re.search(r'class="own" aria-current="true">\s*<td class="num">۲</td>\s*<td><strong>تهران', ranks)
    # the provinces' totals, never another province's centers
    assert not [m for m in world.foreign_markers(beta) if m in page]
    assert "?province=" not in ranks


def test_the_rank_follows_the_filters_and_each_province_sees_its_own(world):
    alpha, beta, gamma = world.provinces
    first = re.search(r'id="rank-among-provinces".*?</div>', page_of(gamma.director), re.S).group(0)
    assert "<strong>۱ <small>از ۳</small></strong>" in first
    # the approved-only filter: Alpha's and Beta's submitted months no longer count
    approved = page_of(alpha.planner, PAGE + "&approved=1")
    assert 'id="province-ranks"' in approved


def test_the_national_view_and_a_country_of_one_province_show_no_rank(reference):
    one = country(count=1)
    assert 'id="rank-among-provinces"' not in page_of(one.provinces[0].director)
    assert 'id="rank-among-provinces"' not in page_of(one.national_observer, PAGE + "&province=all")


def test_the_rank_costs_the_province_page_three_queries_whatever_the_number_of_centers(world, django_assert_max_num_queries):
    """The provinces' totals: the national board's 3 queries (cached at the data version). Cold
    here, with the reference lists (cached in production, where bench_dashboard counts 10)."""
    client = Client()
    client.force_login(world.provinces[0].director)
    client.get(PAGE)
    dataversion.bump()
    with django_assert_max_num_queries(11) as few:
        client.get(PAGE)
    for p in world.provinces:
        for i in range(3, 9):
            factories.commitment(factories.center(p.province, f"{p.tag.upper()}{i}"), target=600)
    dataversion.bump()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PAGE)
