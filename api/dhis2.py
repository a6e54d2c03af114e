"""DHIS2 data exchange: a month, a year or a selection of counted figures as a `dataValueSets`
JSON file, and such a file imported, checked whole before anything is written.

Mapping (api.models, editable configuration): a center is an organisation unit (OrgUnitMapping);
a measure in a sector and training area is a data element with a category option combo
(DataElementMapping). Figures without a mapping are left out of an export (and counted).

Periods: DHIS2 writes a monthly period as yyyyMM. A Jalali month straddles two Gregorian ones, so:
- calendar "gregorian" (the default, for a DHIS2 on the ISO calendar): the Gregorian month that
  holds the Jalali month's 15th day. Farvardin -> April, Ordibehesht -> May, ... Azar -> December,
  Dey -> January (of the next Gregorian year), Bahman -> February, Esfand -> March. Each Jalali
  month gets its own Gregorian month, so the file reads back into the same month: a period yyyyMM
  is the Jalali month holding the 10th of that Gregorian month (past the 15th of the Jalali month
  that began in the month before, and before its end, the 19th at the earliest).
- calendar "jalali" (a DHIS2 set to the Persian calendar): yyyyMM of the Jalali year and month,
  e.g. 140503 for Khordad 1405.

An import is bounded (config/settings.py): at most PAYESH_DHIS2_MAX_VALUES values and
PAYESH_DHIS2_MAX_MONTHS months of centers a file, periods only of the years Payesh knows
(commitments.forms.known_years), and the grids of all its months loaded together (reports.grid.load_grids).

Import rules are the entry page's (reports.grid.check_entries, reports.editing, accounts.access);
the months are written by reports.services.save_months, so versions, history and locks hold. Values
of the same month not in the file keep what is saved. With `submit`, each month is also sent for
review and must then have every row. A month the file gives exactly as it is saved (and already
submitted, with `submit`) changes nothing: it is not written, even when locked, so a file
imported twice writes nothing the second time.
"""

import datetime
from dataclasses import dataclass, field

import jdatetime
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access
from centers.models import Center
from commitments.forms import known_years
from payesh import display, limits
from reports import editing, services
from reports.grid import check_entries, load_grids, missing_for_submit
from reports.progress.statements import counted_figures

from .models import DataElementMapping, OrgUnitMapping

GREGORIAN, JALALI = "gregorian", "jalali"
CALENDARS = (GREGORIAN, JALALI)


# --- periods ---------------------------------------------------------------------------------------


def period_of(year, month, calendar=GREGORIAN):
    """The DHIS2 monthly period (yyyyMM) of a Jalali month."""
    if calendar == JALALI:
        return f"{year:04d}{month:02d}"
    middle = jdatetime.date(year, month, 15).togregorian()
    return f"{middle.year:04d}{middle.month:02d}"


def month_of(period, calendar=GREGORIAN):
    """(Jalali year, month) of a DHIS2 monthly period, or None when it is not one Payesh knows."""
    if not isinstance(period, str) or len(period) != 6 or not period.isascii() or not period.isdigit():
        return None
    year, month = int(period[:4]), int(period[4:])
    if not 1 <= month <= 12:
        return None
    if calendar == JALALI:
        found = (year, month)
    else:
        try:
            day = jdatetime.date.fromgregorian(date=datetime.date(year, month, 10))
        except (ValueError, OverflowError):
            return None
        found = (day.year, day.month)
    return found if limits.YEAR_MIN <= found[0] <= limits.YEAR_MAX else None


# --- mapping -------------------------------------------------------------------------------------


@dataclass
class Mapping:
    org_units: dict  # center id -> org unit
    centers: dict  # org unit -> Center
    elements: dict  # (measure id, sector id, area id) -> (data element, category option combo)
    keys: dict  # (data element, category option combo) -> (measure id, sector id, area id)


def mapping():
    units = list(OrgUnitMapping.objects.select_related("center"))
    elements = list(DataElementMapping.objects.values_list("measure_id", "sector_id", "area_id", "data_element",
                                                           "category_option_combo"))
    return Mapping(
        org_units={u.center_id: u.org_unit for u in units}, centers={u.org_unit: u.center for u in units},
        elements={(m, s, a): (de, coc) for m, s, a, de, coc in elements},
        keys={(de, coc): (m, s, a) for m, s, a, de, coc in elements},
    )


def seed_mapping(centers=None):
    """A starting mapping for every center and every measure x sector x area with a commitment:
    org unit = the center's code in capitals, data element = PAYESH_<MEASURE>, category option
    combo = <SECTOR>_<AREA>. Planners replace them with their DHIS2's codes (admin); existing
    rows are kept."""
    from commitments.models import Commitment

    for center in centers if centers is not None else Center.objects.all():
        OrgUnitMapping.objects.get_or_create(center=center, defaults={"org_unit": center.code.upper()})
    keys = Commitment.objects.values_list("measure_id", "measure__code", "sector_id", "sector__code", "area_id",
                                          "area__code").order_by().distinct()  # not the model's ordering: one row a key
    for measure_id, measure, sector_id, sector, area_id, area in keys:
        DataElementMapping.objects.get_or_create(measure_id=measure_id, sector_id=sector_id, area_id=area_id, defaults={
            "data_element": f"PAYESH_{measure}".upper()[:50], "category_option_combo": f"{sector}_{area}".upper()[:50]})


# --- export --------------------------------------------------------------------------------------


@dataclass
class Export:
    data_value_set: dict
    unmapped: int  # counted figures left out for want of a mapping


def export(user, year, months, centers=(), sector=None, area=None, measure=None, calendar=GREGORIAN):
    """The counted figures (submitted and approved reports; drafts never leave) of the months of
    the year, of the centers this user may open (all for the directorate, a head's own), narrowed
    by center codes, a sector, an area and a measure."""
    known = mapping()
    figures = counted_figures().filter(
        report__year=year, report__month__in=list(months),
        report__center__in=access.viewable_centers(user, Center.objects.all()))
    if centers:
        figures = figures.filter(report__center__code__in=list(centers))
    for name, value in (("sector", sector), ("area", area), ("measure", measure)):
        if value is not None:
            figures = figures.filter(**{name: value})
    rows = figures.order_by("report__center__code", "report__month", "measure__order", "sector__order", "area__order").values_list(
        "report__center_id", "report__month", "measure_id", "sector_id", "area_id", "value", "comment")
    values, unmapped = [], 0
    for center_id, month, measure_id, sector_id, area_id, value, comment in rows:
        unit, element = known.org_units.get(center_id), known.elements.get((measure_id, sector_id, area_id))
        if unit is None or element is None:
            unmapped += 1
            continue
        item = {"dataElement": element[0], "period": period_of(year, month, calendar), "orgUnit": unit, "value": str(value)}
        if element[1]:
            item["categoryOptionCombo"] = element[1]
        if comment:
            item["comment"] = comment
        values.append(item)
    return Export({"dataValues": values}, unmapped)


# --- import --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    index: int  # position of the value in dataValues, from 0; -1 for the whole file
    message: str

    @property
    def where(self):
        return "dataValues" if self.index < 0 else f"dataValues[{self.index}]"


class ImportInvalid(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass
class MonthPlan:
    center: Center
    year: int
    month: int
    typed: dict = field(default_factory=dict)  # commitment pk -> (text, comment)
    at: dict = field(default_factory=dict)  # commitment pk -> index in the file
    grid: object = None
    entries: dict = field(default_factory=dict)
    unchanged: bool = False  # every value as saved, the status as it would be: nothing to write


@dataclass
class Summary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    months: int = 0


def _text(item, name, most=50, required=True):
    value = item.get(name)
    if value is None or value == "":
        return None if required else ""
    if not isinstance(value, str) or len(value) > most:
        return None
    return value.strip()


def _read(user, payload, calendar, known):
    """{(center id, year, month): MonthPlan} and problems, from the file's values."""
    problems, plans, seen = [], {}, set()
    values = payload.get("dataValues") if isinstance(payload, dict) else None
    if not isinstance(values, list):
        return {}, [Problem(-1, _("The file is not a DHIS2 dataValueSets JSON: it needs a list “dataValues”."))]
    if len(values) > settings.PAYESH_DHIS2_MAX_VALUES:
        return {}, [Problem(-1, _("At most %(count)s values in one file.") % {
            "count": display.number(settings.PAYESH_DHIS2_MAX_VALUES)})]
    years, months = set(known_years()), {}
    for i, item in enumerate(values):
        if not isinstance(item, dict):
            problems.append(Problem(i, _("Each value is an object with dataElement, period, orgUnit and value.")))
            continue
        unit, element, period = _text(item, "orgUnit"), _text(item, "dataElement"), _text(item, "period", most=6)
        combo = _text(item, "categoryOptionCombo", required=False)
        center = known.centers.get(unit)
        key = known.keys.get((element, combo or ""))
        if period not in months:  # a file names a few periods, each many times
            found = month_of(period, calendar)
            months[period] = found if found is not None and found[0] in years else None
        month = months[period]
        if center is None:
            problems.append(Problem(i, _("Unknown organisation unit “%(unit)s”: map it to a center first.") % {"unit": str(unit)[:50]}))
            continue
        if not access.can_enter(user, center):
            problems.append(Problem(i, _("You do not enter the figures of %(center)s.") % {"center": center.code}))
            continue
        if key is None:
            problems.append(Problem(i, _("Unknown data element and category option combo “%(element)s/%(combo)s”: map them first.")
                                    % {"element": str(element)[:50], "combo": str(combo)[:50]}))
            continue
        if month is None:
            problems.append(Problem(i, _("“%(period)s” is not a monthly period (yyyyMM) of a year Payesh knows.")
                                    % {"period": str(item.get("period"))[:20]}))
            continue
        value, comment = item.get("value"), item.get("comment") or ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not isinstance(comment, str):
            problems.append(Problem(i, _("A value is a whole number and a comment is text.")))
            continue
        if len(comment) > 300 or (isinstance(value, str) and len(value) > 40):
            problems.append(Problem(i, _("A value is at most 40 characters and a comment at most 300.")))
            continue
        if (center.pk, month, key) in seen:
            problems.append(Problem(i, _("This value is in the file twice.")))
            continue
        seen.add((center.pk, month, key))
        plan = plans.setdefault((center.pk, *month), MonthPlan(center, *month))
        plan.typed[key] = (value, comment)
        plan.at[key] = i
    if len(plans) > settings.PAYESH_DHIS2_MAX_MONTHS:
        return {}, [Problem(-1, _("This file holds values of %(found)s months of centers (one center's one month counts "
                                  "once); a file may hold at most %(max)s: split it by year or by center.") % {
            "found": display.number(len(plans)), "max": display.number(settings.PAYESH_DHIS2_MAX_MONTHS)})]
    return plans, problems


def _month_label(plan):
    return f"{display.month_name(plan.month)} {display.digits(plan.year)}"


def check(user, payload, calendar=GREGORIAN, submit=True):
    """The months to write, each with its checked entries; ImportInvalid with every problem found
    otherwise (nothing is written)."""
    known = mapping()
    plans, problems = _read(user, payload, calendar, known)
    grids = load_grids((plan.center, plan.year, plan.month) for plan in plans.values())
    for plan in plans.values():
        grid = plan.grid = grids[(plan.center.pk, plan.year, plan.month)]
        first = min(plan.at.values())
        rows = {(r.commitment.measure_id, r.commitment.sector_id, r.commitment.area_id): r for r in grid.rows}
        typed = {r.commitment.pk: ("" if r.saved is None else str(r.saved.value), r.saved.comment if r.saved else "")
                 for r in grid.rows}
        at, unknown = {}, []
        for key, given in plan.typed.items():
            row = rows.get(key)
            if row is None:
                unknown.append(Problem(plan.at[key], _("%(center)s has no commitment of this measure, sector and area in %(year)s.")
                                       % {"center": plan.center.code, "year": display.digits(plan.year)}))
                continue
            typed[row.commitment.pk], at[row.commitment.pk] = given, plan.at[key]
        entries, errors = check_entries(grid, typed)
        plan.entries = entries
        if not unknown and not errors and not services.changes_month(grid, entries, submit):
            plan.unchanged = True  # the month as saved already: written again it would only make history
            continue
        reason = editing.lock_reason(grid.year, grid.month, grid.report, grid.year_closed)
        if reason:
            problems.append(Problem(first, f"{plan.center.code} · {_month_label(plan)}: {reason}"))
            continue
        problems.extend(unknown)
        for pk, message in errors.items():
            problems.append(Problem(at.get(pk, first), str(message)))
        if submit and not errors and missing_for_submit(grid, entries):
            problems.append(Problem(first, _("%(center)s · %(month)s: every row needs a value before the month is submitted.")
                                    % {"center": plan.center.code, "month": _month_label(plan)}))
    if problems:
        raise ImportInvalid(sorted(problems, key=lambda p: p.index))
    return list(plans.values())


def import_values(user, payload, calendar=GREGORIAN, submit=True):
    """Check the whole file, then write every month it changes in one transaction (all or
    nothing). A month the file gives as it is saved (and, with submit, already submitted) is
    not written again: it makes no history and counts its values as ignored."""
    plans = check(user, payload, calendar, submit)
    changed = [plan for plan in plans if not plan.unchanged]
    summary = Summary(months=len(changed))
    for plan in changed:
        created, updated, _cleared = services.figure_changes(plan.grid, plan.entries)
        summary.imported += len(created)
        summary.updated += len(updated)
    with transaction.atomic():
        services.save_months([(plan.grid, plan.entries, plan.grid.version) for plan in changed], user, submit=submit)
    summary.ignored = sum(len(p.typed) for p in plans) - summary.imported - summary.updated
    return summary
