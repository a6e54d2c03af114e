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
from reports.progress import as_of, boards, years
from reports.progress import focus as focus_numbers
from reports.progress import reporting_grid as grid


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
    if province is None:
        province = selection.province.pk if selection.province is not None else NATIONAL
    return dataversion.get_or_compute(name, key_parts(selection, now, extra, months=months), lambda: compute(now),
                                      province=None if province == NATIONAL else province)


def key_parts(selection, now, extra=(), months=None):
    """What a value of the selection is cached under besides its name: the selection, the page's
    language, the reporting phase of the months it shows and what it is as of, and `extra`."""
    shown = phases(selection.year, months or [selection.month], now), as_of.as_of(selection.year, selection.month, now).key
    return (*selection_key(selection), get_language(), *shown, *extra)


def html(name, request, selection, render, *extra, months=None, province=None):
    """render(), cached like numbers() and for this query string (sorting and paging of tables)."""
    query = tuple(sorted(request.GET.lists()))
    return numbers(f"html:{name}", selection, lambda _now: render(), query, *extra, months=months, province=province)


def board(selection, breakdown=True):
    """boards.board of the selection, cached; the national board put together from the provinces'
    (national_board)."""
    if selection.province is None:
        return numbers("board", selection, lambda now: national_board(selection, breakdown, now), breakdown)
    return numbers("board", selection, lambda now: boards.board(selection, now=now, breakdown=breakdown), breakdown)


def national_board(selection, breakdown, now):
    """The national board of the selection, from the provinces' boards (from_provinces)."""
    return from_provinces("board", selection, now, (breakdown,), lambda missing: boards.province_boards(
        selection, missing, now=now), lambda parts: boards.combined(selection, parts, now=now))


def against_last_year(selection, this_total):
    """years.against_last_year of a province's selection, last year's total cached at the version
    of that year of the province (dataversion.province_year_version): a save of this year's
    months (reports.services says its years) leaves it, any write that may change last year
    there (one of last year's, one that does not say its years, one no service scoped) does not."""
    now = timezone.now()
    last = dataversion.get_or_compute(
        "last-year", (*key_parts(selection, now), years.last_year_clock(selection, now)),
        lambda: years.last_year_total(selection, now=now), province=selection.province.pk, year=selection.year - 1)
    return years.against_last_year(selection, this_total, now=now, last=last)


def focus(selection, areas):
    """focus.focus of the selection and areas, cached; the national one put together from the
    provinces' (from_provinces)."""
    if selection.province is None:
        return numbers("focus", selection, lambda now: from_provinces(
            "focus", selection, now, (), lambda missing: focus_numbers.by_province(selection, areas, missing, now=now),
            lambda parts: focus_numbers.combined(selection, areas, parts, now=now)))
    return numbers("focus", selection, lambda now: focus_numbers.focus(selection, areas, now=now))


def reporting(selection):
    """reporting_grid of the selection up to its month, cached; the national one put together from
    the provinces' (from_provinces), so a save in one province lays out that province's rows only."""
    months = range(1, selection.month + 1)
    if selection.province is None:
        return numbers("reporting-grid", selection, lambda now: from_provinces(
            "reporting-grid", selection, now, (), lambda missing: grid.grids_by_province(
                selection.year, selection.month, missing, now=now), grid.combined, months=months), months=months)
    return numbers("reporting-grid", selection, lambda now: grid.reporting_grid(
        selection.year, selection.month, selection.province, now=now), months=months)


def from_provinces(name, selection, now, extra, of_provinces, combine, months=None):
    """A national value (`name`: a board, the focus) put together from the provinces' values of the
    same selection, each cached at its province's version under the key the province's own page
    caches it at: combine(the provinces' values). Those not cached (a save moved their province's
    version on) are computed together, of_provinces(their pks), and cached for the national view
    and the provinces' pages alike; so a save in one province computes that province's value, not
    the country's."""
    selections = {p.pk: replace(selection, province=p) for p in reference.lists().provinces}
    parts, store = dataversion.cached_of_provinces(name, {pk: key_parts(s, now, extra, months=months)
                                                          for pk, s in selections.items()})
    missing = [pk for pk in selections if pk not in parts]
    if missing:
        computed = of_provinces(missing)
        store(computed)
        parts.update(computed)
    return combine(list(parts.values()))


def province_ranks(selection):
    """The provinces' rows of the national view for the selection's year, month and filters,
    ranked (boards.ranked_provinces): cached at the national version, which any save moves on.
    Recomputed, it reads each province's row cached at that province's version, so a save in one
    province computes that province's row alone, from that province's board where it is cached
    (by its page or the national view's), not the country's."""
    national = replace(selection, province=None)
    return numbers("province-ranks", national, lambda now: boards.ranked_provinces(
        [row for row in _province_rows(national, now).values() if row is not None]))


def province_ranks_html(selection, render):
    """render(province_ranks(selection)): the selection's province's rank among the provinces, as
    HTML for its page, cached with the ranks at the national version (and for that province), so
    a repeated view neither unpickles nor lays out every province's row again."""
    national = replace(selection, province=None)
    return numbers("html:province-ranks", national, lambda now: render(province_ranks(selection)),
                   selection.province.pk)


def _province_rows(national, now):
    named = {p.pk: p for p in reference.lists().provinces}

    def compute(missing):
        # from the provinces' boards cached by their pages (the asking page's among them: it has
        # just cached its own) or by the national view; the others' rows computed together
        cached, _store = dataversion.cached_of_provinces("board", {
            pk: key_parts(replace(national, province=named[pk]), now, (True,)) for pk in missing})
        rows = {pk: boards.province_row(found) for pk, found in cached.items()}
        rows.update(boards.province_rows(national, [pk for pk in missing if pk not in rows], now=now))
        return rows

    return dataversion.get_or_compute_provinces("province-row", key_parts(national, now), list(named), compute)
