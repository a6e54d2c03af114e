"""The dashboards' selectors: Jalali year and as-of month, province, sector, area, measure."""

from django import forms
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from accounts import access
from commitments import reference
from payesh import jalali
from payesh.display import digits, month_name
from payesh.forms import DigitChoiceField, QuickSelect, YesNoField
from payesh.i18n import local_name
from reports.progress import as_of
from reports.progress.selection import Selection

NATIONAL = "all"
DEFAULT_MEASURE = "person_hours"


class ListChoiceField(forms.ChoiceField):
    """A choice among a reference list's objects by code (commitments.reference.lists): no query
    to validate or to draw it, and the object itself once cleaned."""

    widget = QuickSelect

    def __init__(self, *, empty_label=None, **kwargs):
        self.empty_label = empty_label
        self.objects = {}
        super().__init__(**kwargs)

    def offer(self, objects):
        self.objects = {obj.code: obj for obj in objects}
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        self.choices = empty + [(obj.code, local_name(obj)) for obj in objects]

    def clean(self, value):
        code = super().clean(value)
        return self.objects.get(code)


class DashboardFilters(forms.Form):
    year = DigitChoiceField(label=_("Year"), coerce=int, widget=QuickSelect)
    month = DigitChoiceField(label=_("As of the end of"), coerce=int, widget=QuickSelect)
    province = forms.ChoiceField(label=_("Province"), widget=QuickSelect)
    sector = ListChoiceField(label=_("Sector"), required=False, empty_label=_("all sectors"))
    area = ListChoiceField(label=_("Training area"), required=False, empty_label=_("all areas"))
    measure = ListChoiceField(label=_("Measure"))
    approved = YesNoField(label=capfirst(_("approved reports only")))

    def __init__(self, params, *, now=None, only=None, user=None):
        """`only`: the names of the selectors a page uses (the others keep their defaults).
        `user`: the provinces offered are those they read (accounts.access), their own first by
        default, and the national view only to the national roles; another province asked for
        sets `refused` (the page answers 404).

        Each selector is checked on its own: one that does not validate (an unknown area, a year
        without data, letters for a month) is dropped back to its default and named in
        `dropped`, and the others are kept. Persian and Arabic-Indic digits read as Latin ones.
        The choices come from the cached reference lists, so the form costs no query.
        """
        lists = reference.lists()
        self.now = now
        year, month = as_of.default_month(now)  # the last month whose deadline has passed
        self.provinces = {p.code: p for p in lists.provinces}
        offered, national = list(lists.provinces), True
        if user is not None:
            offered = [p for p in offered if access.can_read_province(user, p)]
            national = access.can_see_national(user)
        self.default_measure = lists.by_code("measures", DEFAULT_MEASURE)
        defaults = {
            "year": year, "month": month, "measure": DEFAULT_MEASURE,
            "province": offered[0].code if offered else (NATIONAL if national else ""),
        }
        self.given = {k: v for k, v in params.items() if v != "" or k in ("sector", "area")}
        asked = self.given.get("province")
        self.refused = (only is None or "province" in only) and asked is not None and (
            (asked in self.provinces and asked not in {p.code for p in offered}) or (asked == NATIONAL and not national))
        super().__init__({**defaults, **self.given})
        current_year = jalali.current_year_month(now)[0]
        self.fields["year"].choices = [(y, digits(y)) for y in sorted({year, current_year, *lists.years}, reverse=True)]
        self.fields["month"].choices = self.month_choices(self._asked_year(year))
        self.fields["province"].choices = [(p.code, local_name(p)) for p in offered] + (
            [(NATIONAL, _("all provinces"))] if national else [])
        self.fields["sector"].offer(lists.sectors)
        self.fields["area"].offer([a for a in lists.areas if a.active])
        self.fields["measure"].offer(lists.measures)
        for name in list(self.fields):
            if only is not None and name not in only:
                del self.fields[name]
        self.defaults = defaults
        self.dropped = []  # (selector's label, the value that was dropped, its own note or None), for a note on the page
        self._check_each()

    def _asked_year(self, default):
        """The year asked for, or the default when it is not a choice (checked again with the rest)."""
        try:
            return self.fields["year"].clean(self.data.get("year"))
        except forms.ValidationError:
            return default

    def month_choices(self, year):
        """The months a board of the year may be asked as of (reports/progress/as_of.py): up to the
        running month ("so far"), every month of a past year, the first of a year not begun (the plan)."""
        latest = as_of.latest_month(year, self.now)
        phase = as_of.as_of(year, latest, self.now).phase
        marks = {as_of.RUNNING: _("%(month)s (so far)"), as_of.PLAN: _("%(month)s (the plan)")}
        return [(m, marks[phase] % {"month": month_name(m)} if m == latest and phase in marks else month_name(m))
                for m in range(1, latest + 1)]

    def _not_begun(self, year):
        """The month asked for when it is a month after the running one (None otherwise)."""
        month = jalali.to_latin_digits(str(self.given.get("month", ""))).strip()
        if month.isdigit() and as_of.latest_month(year, self.now) < int(month) <= 12:
            return int(month)
        return None

    def _check_each(self):
        self.is_valid()  # cleaned_data keeps every selector that validated, whatever the others
        year = self.cleaned_data.get("year") or self.defaults["year"]
        later = self._not_begun(year) if "month" in self.errors else None
        if later is not None:
            self.errors["month"] = self.error_class([self.later_note(year, later)])
        for name in list(self.errors):
            if name in self.fields and name in self.given:
                self.dropped.append((self.fields[name].label, Truncator(self.given[name]).chars(40),
                                     self.later_note(year, later) if name == "month" and later else None))
            self.data[name] = self.defaults.get(name, "")
        if "month" not in self.cleaned_data or "month" not in self.given:
            # no month asked for (or a bad one): the year's last month whose deadline has passed
            self.cleaned_data["month"] = as_of.default_month_of(year, self.now)
            self.data["month"] = self.cleaned_data["month"]

    @staticmethod
    def later_note(year, month):
        return _("%(month)s %(year)s has not begun: its targets are the plan, not a result. A board is shown as of "
                 "the running month at the latest.") % {"month": month_name(month), "year": digits(year)}

    def dropped_notes(self):
        """One sentence per dropped selector, in the page's language; the value as typed, in the
        page's digits."""
        return [note or _("“%(value)s” is not a choice of “%(filter)s”; it was left out and the other filters were kept.")
                % {"value": digits(value), "filter": label} for label, value, note in self.dropped]

    def as_of(self):
        """What the selection's numbers are as of (reports/progress/as_of.py), for the page's heading."""
        selection = self.selection()
        return as_of.as_of(selection.year, selection.month, self.now)

    def selection(self):
        """The Selection asked for; a selector that does not validate falls back to its default."""
        cleaned = self.cleaned_data
        measure = cleaned.get("measure") or self.default_measure
        return Selection(
            year=cleaned.get("year") or self.defaults["year"],
            month=cleaned.get("month") or self.defaults["month"],
            measure=measure,
            sector=cleaned.get("sector"),
            area=cleaned.get("area"),
            province=self.provinces.get(cleaned.get("province", self.defaults["province"])),
            approved_only=bool(cleaned.get("approved")),
        )
