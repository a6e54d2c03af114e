"""A month's figures written through the API: the entry page's rules and service, keyed by codes.

The API names a row by its sector, area and measure codes instead of the form's field names; the
rest is the page's: reports.grid.check_entries (the same messages), reports.editing (the same
locks), reports.services.save_month (the version compare-and-set, the history naming the user).
Rows not sent keep their saved values and comments; a blank or null value clears a row.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports import deadlines, editing, services
from reports.grid import check_entries, load_grid

from .errors import Conflict, Invalid
from .serializers import MonthSerializer


@dataclass
class MonthState:
    """A month as the entry page shows it, for MonthSerializer."""

    grid: object
    reporting: str
    editable: bool
    locked_because: str


def state(user, center, year, month):
    grid = load_grid(center, year, month)
    can = editing.of_grid(user, grid)
    return MonthState(grid, deadlines.of_report(grid.report, year, month), can.allowed, can.reason)


def _typed(grid, figures):
    """({commitment pk: (text, comment)} for every row, {pk: where it was sent}, field errors)."""
    by_key = {(r.commitment.sector.code, r.commitment.area.code, r.commitment.measure.code): r for r in grid.rows}
    typed = {r.commitment.pk: ("" if r.saved is None else str(r.saved.value), r.saved.comment if r.saved else "")
             for r in grid.rows}
    sent_at, errors = {}, {}
    for i, figure in enumerate(figures):
        row = by_key.get((figure["sector"], figure["area"], figure["measure"]))
        if row is None:
            errors[f"figures[{i}]"] = [_("The center has no commitment of this sector, area and measure in the year.")]
        elif row.commitment.pk in sent_at:
            errors[f"figures[{i}]"] = [_("This row is given twice.")]
        else:
            sent_at[row.commitment.pk] = i
            value = figure.get("value")
            typed[row.commitment.pk] = ("" if value is None else value, figure.get("comment") or "")
    return typed, sent_at, errors


def write(user, center, year, month, version, figures, submit=False):
    """Check and save; raises Invalid (400), Conflict (409 with the newer values) or
    services.WorkflowError (409: the month is locked, or incomplete for a submission)."""
    grid = load_grid(center, year, month)
    services.check_editable(grid)  # a locked month says so first, whatever the values
    typed, sent_at, errors = _typed(grid, figures)
    entries, problems = check_entries(grid, typed)
    rows = {r.commitment.pk: r for r in grid.rows}
    for pk, message in problems.items():
        where = f"figures[{sent_at[pk]}].value" if pk in sent_at else _row_name(rows[pk])
        errors.setdefault(where, []).append(str(message))
    if errors:
        raise Invalid(_("Some values were not accepted; see fields."), errors)
    try:
        services.save_month(grid, entries, user, version, submit=submit)
    except services.StaleReport as stale:
        raise Conflict(str(stale), MonthSerializer(state(user, center, year, month)).data) from None
    return state(user, center, year, month)


def _row_name(row):
    c = row.commitment
    return f"{c.sector.code}/{c.area.code}/{c.measure.code}"
