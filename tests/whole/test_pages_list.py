"""The browser sweep (tests/in_browser/test_browser_pages.py) opens every page the product has: each URL of
the URLconf is a page of tests/pages.py, or is named in its NOT_PAGES with the reason it is none
(a download, a form's POST, a redirect), or is one of the API's JSON addresses. A new URL fails
here until it is one or the other."""

from django.urls import resolve

from tests.pages import API_PAGES, ERROR_PAGES, NOT_PAGES, PAGES, urlconf


class Placeholders(dict):
    """Any id or month will do to resolve a path to its view."""

    def __missing__(self, key):
        return 1


def swept_views():
    return {resolve(path.format_map(Placeholders()).split("?")[0]).view_name for _name, _user, path in PAGES}


def test_every_url_is_a_page_of_the_sweep_or_says_why_it_is_none():
    swept = swept_views()
    unlisted = [f"{name} (/{route})" for name, route, _params in urlconf()
                if name not in swept and name not in NOT_PAGES
                and not (route.startswith("api/") and name not in API_PAGES)]
    assert unlisted == [], "add each to tests/pages.py: PAGES, or NOT_PAGES with the reason"


def test_no_page_is_listed_twice_and_no_reason_outlives_its_url():
    names = {name for name, _route, _params in urlconf()}
    assert sorted(set(NOT_PAGES) - names) == []
    assert sorted(set(NOT_PAGES) & swept_views()) == []
    assert len({name for name, _user, _path in PAGES + [e[:3] for e in ERROR_PAGES]}) == len(PAGES) + len(ERROR_PAGES)
