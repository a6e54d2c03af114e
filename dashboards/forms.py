"""The dashboards' selectors: Jalali year and as-of month, province, sector, area, measure."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import Province
from commitments.models import FiscalYear, Measure, Sector, TrainingArea
from payesh import jalali
from payesh.display import digits, month_name
from payesh.i18n import LocalNameChoiceField, local_name
from reports.progress import Selection

NATIONAL = "all"
DEFAULT_MEASURE = "person_hours"


class DashboardFilters(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    month = forms.TypedChoiceField(label=_("As of the end of"), coerce=int)
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
        """`only`: the names of the selectors a page uses (the others keep their defaults)."""
        year, month = jalali.last_complete_month(now)
        provinces = list(Province.objects.order_by("pk"))
        self.provinces = {p.code: p for p in provinces}
        defaults = {
            "year": year, "month": month, "measure": DEFAULT_MEASURE,
            "province": provinces[0].code if provinces else NATIONAL,
        }
        data = {**defaults, **{k: v for k, v in params.items() if v != "" or k in ("sector", "area")}}
        if "year" in params and "month" not in params and int_or(params["year"]) not in (None, year):
            data["month"] = 12  # a past year is shown as of its end
        super().__init__(data)
        years = sorted({year, *FiscalYear.objects.values_list("year", flat=True)}, reverse=True)
        self.fields["year"].choices = [(y, digits(y)) for y in years]
        self.fields["month"].choices = [(m, month_name(m)) for m in range(1, 13)]
        self.fields["province"].choices = [(p.code, local_name(p)) for p in provinces] + [(NATIONAL, _("all provinces"))]
        for name in list(self.fields):
            if only is not None and name not in only:
                del self.fields[name]
        self.defaults = defaults

    def selection(self):
        """The Selection asked for; any value that does not validate falls back to its default."""
        cleaned = self.cleaned_data if self.is_valid() else {}
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


def int_or(value, default=None):
    try:
        return int(jalali.to_latin_digits(value))
    except (TypeError, ValueError):
        return default
