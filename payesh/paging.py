"""A list shown a page at a time: `?page=` (any digits) picks the page, anything else (or a
number past the end) the nearest one, never an error. Pages whose lists grow with the country
(the review queue, the national reporting grid and focus lists) show one page of them."""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator

from . import params


def page_of(request: Any, items: Sequence[Any], per_page: int) -> Page:
    """The page of `items` (a list or a queryset) the request asks for."""
    return Paginator(items, per_page).get_page(params.whole_number(request.GET.get("page"), 1))


def same_page(page: Page, items: Sequence[Any]) -> Sequence[Any]:
    """The part of another list that stands on the same page as `page` (several lists paged
    together, by one page number)."""
    start = (page.number - 1) * page.paginator.per_page
    return items[start:start + page.paginator.per_page]


def query_without_page(request: Any) -> str:
    """The page's query string without its page number, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
