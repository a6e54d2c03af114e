"""The dashboards' numbers and heaviest HTML, cached at the data version (payesh/dataversion.py):
a write moves the version on after it commits, so the next view computes afresh; nothing waits
for a time-out.

A key holds what the value depends on besides the data: the selection, the page's language, and
what moves with the clock, not with a write: the reporting phase of each month shown (not yet
due, awaiting or missing for a center without a counted report: reports.deadlines' rule) and
what the numbers are as of (reports.progress.as_of: which months are open, the running month's
day). Cached HTML also holds the page's query string (sorting, paging).

A value is kept at the version of what it reads: a province's (the selection's province, or the
center's) at that province's version, so a save in another province leaves it warm; the national
view's, and anything that reads several provinces (province_ranks), at the data version, which
every save anywhere moves on.
"""

from dataclasses import replace

from django.utils import timezone
from django.utils.translation import get_language

from commitments import reference
from payesh import dataversion
from reports import deadlines
from reports.progress import as_of, boards


def _pk(obj):
    return None if obj is None else obj.pk


def selection_key(selection):
    return (selection.year, selection.month, _pk(selection.measure), _pk(selection.sector), _pk(selection.area),
            _pk(selection.province), selection.approved_only, selection.provinces)


def phases(year, months, now):
    return tuple(deadlines.reporting_status(year, month, now=now) for month in months)


NATIONAL = "national"


def numbers(name, selection, compute, *extra, months=None, province=None):
    """compute(now), cached for the selection (and `extra` key parts); `months`: those whose
    reporting phase the value shows (default: the selection's month). `province`: the province
    whose data alone the value reads (default: the selection's; NATIONAL: several provinces')."""
    now = timezone.now()
    shown = phases(selection.year, months or [selection.month], now), as_of.as_of(selection.year, selection.month, now).key
    if province is None:
        province = selection.province.pk if selection.province is not None else NATIONAL
    return dataversion.get_or_compute(name, (*selection_key(selection), get_language(), *shown, *extra),
                                      lambda: compute(now), province=None if province == NATIONAL else province)


def html(name, request, selection, render, *extra, months=None, province=None):
    """render(), cached like numbers() and for this query string (sorting and paging of tables)."""
    query = tuple(sorted(request.GET.lists()))
    return numbers(f"html:{name}", selection, lambda _now: render(), query, *extra, months=months, province=province)


def board(selection, breakdown=True):
    """boards.board of the selection, cached."""
    return numbers("board", selection, lambda now: boards.board(selection, now=now, breakdown=breakdown), breakdown)


def province_ranks(selection):
    """The provinces' rows of the national view for the selection's year, month and filters,
    ranked (boards.ranked_provinces): cached at the national version, which any save moves on.
    Recomputed, it reads each province's row cached at that province's version, so a save in one
    province computes that province's row alone (from its own board, when the page asking is that
    province's), not the country's."""
    national = replace(selection, province=None)
    return numbers("province-ranks", national, lambda now: boards.ranked_provinces(
        [row for row in _province_rows(selection, national, now).values() if row is not None]))


def _province_rows(selection, national, now):
    own = selection.province.pk if selection.province is not None else None

    def compute(missing):
        rows = {}
        if own in missing and dataversion.can_cache():
            rows[own] = boards.province_row(board(selection))  # the page's own board, cached
        others = [pk for pk in missing if pk not in rows]
        if others:
            rows.update(boards.province_rows(national, others, now=now))
        return rows

    provinces = [p.pk for p in reference.lists().provinces]
    shown = phases(national.year, [national.month], now), as_of.as_of(national.year, national.month, now).key
    return dataversion.get_or_compute_provinces("province-row", (*selection_key(national), get_language(), *shown),
                                                provinces, compute)
