"""DHIS2 data exchange: a month, a year or a selection of counted figures as a `dataValueSets`
JSON file, with the counted months as complete data set registrations, and such a file imported,
checked whole before anything is written. Identifiers are DHIS2 codes, and every file says so
(idScheme=CODE): DHIS2 reads UIDs otherwise. api/dhis2_push.py sends the same to a DHIS2 server.

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

Import rules are the entry page's (reports.grid.check_entries, with the month's outliers and
validation rules: the rules read once and the centers' history in one query for the whole file;
reports.editing, accounts.access);
the months are written by reports.services.save_months, so versions, history and locks hold. Values
of the same month not in the file keep what is saved. With `submit`, each month is also sent for
review and must then have every row. A month the file gives exactly as it is saved (and already
submitted, with `submit`) changes nothing: it is not written, even when locked or when a saved
figure would fail today's checks, so a file imported twice writes nothing the second time and an
approved month stays approved.
"""

import datetime
from dataclasses import dataclass, field

import jdatetime
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from centers.models import Center
from commitments.forms import known_years
from payesh import display, limits
from reports import editing, services
from reports.grid import check_entries, load_grids, missing_for_submit, with_history
from reports.models import COUNTED_STATUSES, MonthlyReport
from reports.progress.statements import counted_figures
from reports.quality.rules import active_rules

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


# The mapping holds DHIS2 codes, and every file and request says so: DHIS2 reads UIDs unless told
# otherwise (idScheme, and the narrower dataElementIdScheme, orgUnitIdScheme,
# categoryOptionComboIdScheme, dataSetIdScheme: payload attributes and query parameters alike).
ID_SCHEME = "CODE"
SCHEMES = ("idScheme", "dataElementIdScheme", "orgUnitIdScheme", "categoryOptionComboIdScheme", "dataSetIdScheme")


def id_schemes():
    return dict.fromkeys(SCHEMES, ID_SCHEME)


@dataclass
class Export:
    data_value_set: dict
    unmapped: int  # counted figures left out for want of a mapping
    registrations: dict = field(default_factory=dict)  # completeDataSetRegistrations of the counted months


def _centers_of(user, centers):
    """The centers this user may open (everyone's with no user: the directorate's push), by codes."""
    found = Center.objects.all() if user is None else access.viewable_centers(user, Center.objects.all())
    return found.filter(code__in=list(centers)) if centers else found


def registrations(user, year, months, centers=(), calendar=GREGORIAN, known=None):
    """DHIS2 complete data set registrations of the months that count (submitted or approved) of
    mapped centers, dated the day the month was submitted (Tehran), so that DHIS2's reporting
    rates (and on-time ones) read as Payesh's."""
    known = known or mapping()
    reports = MonthlyReport.objects.filter(
        year=year, month__in=list(months), status__in=COUNTED_STATUSES, center__in=_centers_of(user, centers),
    ).order_by("center__code", "month").values_list("center_id", "month", "submitted_at", "approved_at", "updated_at")
    found = []
    for center_id, month, submitted, approved, updated in reports:
        unit = known.org_units.get(center_id)
        if unit is None:
            continue
        when = timezone.localtime(submitted or approved or updated)
        found.append({"dataSet": settings.PAYESH_DHIS2_DATA_SET, "period": period_of(year, month, calendar),
                      "organisationUnit": unit, "completed": True, "date": when.date().isoformat()})
    return {"completeDataSetRegistrations": found}


def export(user, year, months, centers=(), sector=None, area=None, measure=None, calendar=GREGORIAN):
    """The counted figures (submitted and approved reports; drafts never leave) of the months of
    the year, of the centers this user may open (their province's for the directorate, every one
    for the national roles, a head's own; all with no user), narrowed by center codes, a sector,
    an area and a measure; with the complete registrations of those months."""
    known = mapping()
    months = list(months)
    figures = counted_figures().filter(report__year=year, report__month__in=months,
                                       report__center__in=_centers_of(user, centers))
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
    data_value_set = {"dataSet": settings.PAYESH_DHIS2_DATA_SET, **id_schemes(), "dataValues": values}
    return Export(data_value_set, unmapped, registrations(user, year, months, centers, calendar, known))


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
    submit: bool = True  # written as submitted (else as a draft)
    submitted_at: datetime.datetime | None = None  # when, from the file's registration (else the import's time)


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
    schemes = {name: payload.get(name) for name in SCHEMES if payload.get(name) not in (None, "")}
    other = {name: value for name, value in schemes.items() if str(value).upper() != ID_SCHEME}
    if other:
        name, value = next(iter(other.items()))
        return {}, [Problem(-1, _("The file names its objects by %(scheme)s (%(name)s); Payesh's mapping holds DHIS2 "
                                  "codes: export from DHIS2 with idScheme=CODE.") % {"scheme": str(value)[:20], "name": name})]
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
        if center is None or not access.can_view_center(user, center):  # another province's: not confirmed
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


def _same(given, saved):
    """Whether a (value, comment) of the file is the saved one: 80, "80" and " 80 " alike."""
    value, comment = given
    return str(value).strip() == saved[0] and (comment or "").strip() == saved[1]


REGISTRATIONS = "completeDataSetRegistrations"


def _registered_at(item):
    """The moment a registration's date names (noon, Tehran; None without one), or False when it
    is no date up to today."""
    date = item.get("date")
    if date in (None, ""):
        return None
    try:
        day = datetime.date.fromisoformat(str(date)[:10])
    except ValueError:
        return False
    if day > timezone.localdate():
        return False
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


def _completion(payload, calendar, known):
    """{(center id, year, month): when submitted or None} of the months the file registers complete
    (its completeDataSetRegistrations, or DHIS2's completeDate of a file of one data set, period and
    organisation unit), and problems; (None, []) when the file says nothing of completeness."""
    if not isinstance(payload, dict):
        return None, []
    items = payload.get(REGISTRATIONS)
    if items is None and payload.get("completeDate"):
        items = [{"organisationUnit": payload.get("orgUnit"), "period": payload.get("period"),
                  "date": payload.get("completeDate")}]
    if items is None:
        return None, []
    if not isinstance(items, list) or len(items) > settings.PAYESH_DHIS2_MAX_MONTHS:
        return None, [Problem(-1, _("%(name)s is a list of at most %(max)s registrations.") % {
            "name": REGISTRATIONS, "max": display.number(settings.PAYESH_DHIS2_MAX_MONTHS)})]
    found, problems = {}, []
    for i, item in enumerate(items):
        where = f"{REGISTRATIONS}[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(-1, _("%(where)s: a registration is an object with organisationUnit, period and date.")
                                    % {"where": where}))
            continue
        if item.get("completed") is False:
            continue  # DHIS2 writes an undone registration so
        center = known.centers.get(_text(item, "organisationUnit"))
        month = month_of(_text(item, "period", most=6), calendar)
        when = _registered_at(item)
        if center is None or month is None or when is False:
            problems.append(Problem(-1, _("%(where)s: an organisation unit that is mapped, a monthly period (yyyyMM) and a "
                                          "date (yyyy-MM-dd) not after today.") % {"where": where}))
            continue
        found[(center.pk, *month)] = when
    return found, problems


def _month_label(plan):
    return f"{display.month_name(plan.month)} {display.digits(plan.year)}"


def check(user, payload, calendar=GREGORIAN, submit=True):
    """The months to write, each with its checked entries; ImportInvalid with every problem found
    otherwise (nothing is written)."""
    known = mapping()
    plans, problems = _read(user, payload, calendar, known)
    completion, found = _completion(payload, calendar, known)
    problems.extend(found)
    grids = load_grids((plan.center, plan.year, plan.month) for plan in plans.values())
    with_history(grids.values())
    rules = active_rules()
    for key, plan in plans.items():
        if completion is not None:  # the file says which months are complete: those are submitted, the rest drafts
            plan.submit, plan.submitted_at = key in completion, completion.get(key)
        else:
            plan.submit = submit
        grid = plan.grid = grids[(plan.center.pk, plan.year, plan.month)]
        first = min(plan.at.values())
        rows = {(r.commitment.measure_id, r.commitment.sector_id, r.commitment.area_id): r for r in grid.rows}
        saved = {r.commitment.pk: ("" if r.saved is None else str(r.saved.value), r.saved.comment if r.saved else "")
                 for r in grid.rows}
        typed = dict(saved)
        at, unknown = {}, []
        for key, given in plan.typed.items():
            row = rows.get(key)
            if row is None:
                unknown.append(Problem(plan.at[key], _("%(center)s has no commitment of this measure, sector and area in %(year)s.")
                                       % {"center": plan.center.code, "year": display.digits(plan.year)}))
                continue
            typed[row.commitment.pk], at[row.commitment.pk] = given, plan.at[key]
        entries, errors = check_entries(grid, typed, whole_month=False)
        # a figure given as it is saved is no change, even where today's checks would refuse it
        # (a rule added since, an approved month): only a change is checked
        as_saved = all(_same(typed[pk], saved[pk]) for pk in errors)
        if not unknown and as_saved and not services.changes_month(grid, entries, plan.submit):
            plan.entries, plan.unchanged = entries, True  # the month as saved already: written again it would only make history
            continue
        entries, errors = check_entries(grid, typed, rules)  # and the month's outliers and validation rules
        plan.entries = entries
        reason = editing.lock_reason(grid.year, grid.month, grid.report, grid.year_closed)
        if reason:
            problems.append(Problem(first, _("%(center)s, %(month)s: %(reason)s")
                                    % {"center": plan.center.code, "month": _month_label(plan), "reason": reason}))
            continue
        problems.extend(unknown)
        for pk, message in errors.items():
            problems.append(Problem(at.get(pk, first), str(message)))
        if plan.submit and not errors and missing_for_submit(grid, entries):
            problems.append(Problem(first, _("%(center)s, %(month)s: every row needs a value before the month is submitted.")
                                    % {"center": plan.center.code, "month": _month_label(plan)}))
    if problems:
        raise ImportInvalid(sorted(problems, key=lambda p: p.index))
    return list(plans.values())


def import_values(user, payload, calendar=GREGORIAN, submit=True):
    """Check the whole file, then write every month it changes in one transaction (all or
    nothing). A month the file gives as it is saved (and, with submit, already submitted) is
    not written again: it makes no history and counts its values as ignored. When the file says
    which months are complete (completeDataSetRegistrations, or DHIS2's completeDate), those are
    submitted at their registration's date and the others saved as drafts, whatever `submit`."""
    plans = check(user, payload, calendar, submit)
    changed = [plan for plan in plans if not plan.unchanged]
    summary = Summary(months=len(changed))
    for plan in changed:
        created, updated, _cleared = services.figure_changes(plan.grid, plan.entries)
        summary.imported += len(created)
        summary.updated += len(updated)
    groups = {}  # months submitted at one moment (or drafts) are written together
    for plan in changed:
        groups.setdefault((plan.submit, plan.submitted_at), []).append(plan)
    with transaction.atomic():
        for (submitting, when), group in groups.items():
            services.save_months([(plan.grid, plan.entries, plan.grid.version) for plan in group], user, submit=submitting,
                                 submitted_at=when)
    summary.ignored = sum(len(p.typed) for p in plans) - summary.imported - summary.updated
    return summary
