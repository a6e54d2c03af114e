"""The dashboards' selectors: Jalali year and as-of month, province, sector, area, measure."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from centers.models import Province
from commitments.models import FiscalYear, Measure, Sector, TrainingArea
from payesh import jalali
from payesh.display import digits, month_name
from payesh.forms import DigitChoiceField
from payesh.i18n import LocalNameChoiceField, local_name
from reports.progress import Selection

NATIONAL = "all"
DEFAULT_MEASURE = "person_hours"


class DashboardFilters(forms.Form):
    year = DigitChoiceField(label=_("Year"), coerce=int)
    month = DigitChoiceField(label=_("As of the end of"), coerce=int)
    province = forms.ChoiceField(label=_("Province"))
    sector = LocalNameChoiceField(
        Sector.objects.all(), label=_("Sector"), to_field_name="code", required=False, empty_label=_("all sectors")
    )
    area = LocalNameChoiceField(
        TrainingArea.objects.filter(active=True), label=_("Training area"), to_field_name="code", required=False,
        empty_label=_("all areas"),
    )
    measure = LocalNameChoiceField(Measure.objects.all(), label=_("Measure"), to_field_name="code", empty_label=None)
    approved = forms.BooleanField(label=_("approved reports only"), required=False)

    def __init__(self, params, *, now=None, only=None):
        """`only`: the names of the selectors a page uses (the others keep their defaults).

        Each selector is checked on its own: one that does not validate (an unknown area, a year
        without data, letters for a month) is dropped back to its default and named in
        `dropped`, and the others are kept. Persian and Arabic-Indic digits read as Latin ones.
        """
        year, month = jalali.last_complete_month(now)
        provinces = list(Province.objects.order_by("pk"))
        self.provinces = {p.code: p for p in provinces}
        defaults = {
            "year": year, "month": month, "measure": DEFAULT_MEASURE,
            "province": provinces[0].code if provinces else NATIONAL,
        }
        self.given = {k: v for k, v in params.items() if v != "" or k in ("sector", "area")}
        super().__init__({**defaults, **self.given})
        years = sorted({year, *FiscalYear.objects.values_list("year", flat=True)}, reverse=True)
        self.fields["year"].choices = [(y, digits(y)) for y in years]
        self.fields["month"].choices = [(m, month_name(m)) for m in range(1, 13)]
        self.fields["province"].choices = [(p.code, local_name(p)) for p in provinces] + [(NATIONAL, _("all provinces"))]
        for name in list(self.fields):
            if only is not None and name not in only:
                del self.fields[name]
        self.defaults = defaults
        self.dropped = []  # (selector's label, the value that was dropped), for a note on the page
        self._check_each()

    def _check_each(self):
        self.is_valid()  # cleaned_data keeps every selector that validated, whatever the others
        for name in list(self.errors):
            if name in self.fields and name in self.given:
                self.dropped.append((self.fields[name].label, Truncator(self.given[name]).chars(40)))
            self.data[name] = self.defaults.get(name, "")
        year = self.cleaned_data.get("year") or self.defaults["year"]
        if "month" not in self.cleaned_data or "month" not in self.given:
            # no month asked for (or a bad one): this year's last complete month; a past year's end
            self.cleaned_data["month"] = self.defaults["month"] if year == self.defaults["year"] else 12
            self.data["month"] = self.cleaned_data["month"]

    def dropped_notes(self):
        """One Persian sentence per dropped selector."""
        return [_("“%(value)s” is not a choice of “%(filter)s”; it was left out and the other filters were kept.")
                % {"value": value, "filter": label} for label, value in self.dropped]

    def selection(self):
        """The Selection asked for; a selector that does not validate falls back to its default."""
        cleaned = self.cleaned_data
        measure = cleaned.get("measure") or Measure.objects.filter(code=DEFAULT_MEASURE).first()
        return Selection(
            year=cleaned.get("year") or self.defaults["year"],
            month=cleaned.get("month") or self.defaults["month"],
            measure=measure,
            sector=cleaned.get("sector"),
            area=cleaned.get("area"),
            province=self.provinces.get(cleaned.get("province", self.defaults["province"])),
            approved_only=bool(cleaned.get("approved")),
        )
