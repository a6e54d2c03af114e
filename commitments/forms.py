from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import Center, Province
from payesh import display, jalali, limits
from payesh.display import month_name
from payesh.forms import BatchConfirmForm, DigitChoiceField, DigitsInput, JalaliDateField, WholeNumberField, WorkbookField
from payesh.i18n import LocalNameChoiceField, local_name

from .models import Commitment, FiscalYear, Measure, PhasingProfile, ProvinceCommitment, Sector, TrainingArea


def known_years():
    years = set(FiscalYear.objects.order_by().values_list("year", flat=True).union(Commitment.objects.order_by().values_list("year", flat=True)))
    years.add(jalali.today_jalali().year)
    return sorted(years, reverse=True)


def default_year():
    """This Jalali year when it has commitments, else the latest year that has."""
    this_year = jalali.today_jalali().year
    if Commitment.objects.filter(year=this_year).exists():
        return this_year
    latest = Commitment.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or this_year


class YearChoiceField(DigitChoiceField):
    def __init__(self, **kwargs):
        super().__init__(coerce=int, choices=lambda: [(y, display.digits(y)) for y in known_years()], **kwargs)


class CentersOffered:
    """A form whose center choice offers `centers` (a queryset: the user's province's) only."""

    def __init__(self, *args, centers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if centers is not None:
            self.fields["center"].queryset = centers.order_by("code")


class FilterForm(CentersOffered, forms.Form):
    year = YearChoiceField(label=_("Year"), required=False)
    center = LocalNameChoiceField(Center.objects.order_by("code"), label=_("Center"), required=False, empty_label=_("all"))
    sector = LocalNameChoiceField(Sector.objects.all(), label=_("Sector"), required=False, empty_label=_("all"))
    area = LocalNameChoiceField(TrainingArea.objects.all(), label=_("Training area"), required=False, empty_label=_("all"))
    measure = LocalNameChoiceField(Measure.objects.all(), label=_("Measure"), required=False, empty_label=_("all"))

    def valid_filters(self):
        """The filters that validated, each on its own: a bad one is left out, the others kept."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def filter(self, queryset):
        data = self.valid_filters()
        queryset = queryset.filter(year=self.selected_year())
        for field in ("center", "sector", "area", "measure"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        return queryset

    def selected_year(self):
        if not hasattr(self, "_year"):
            self._year = self.valid_filters().get("year") or default_year()
        return self._year


class UploadForm(forms.Form):
    workbook = WorkbookField(label=_("Workbook (XLSX)"))


class ReviseForm(forms.Form):
    target = WholeNumberField(label=_("Annual target"), max_value=limits.TARGET_MAX)
    letter_number = forms.CharField(label=_("Letter number"), max_length=50, required=False)
    letter_date = JalaliDateField(label=_("Letter date"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PhasingForm(forms.Form):
    """The 12 monthly targets of a commitment, typed by hand, with the letter and reason of a revision."""

    letter_number = forms.CharField(label=_("Letter number"), max_length=50, required=False)
    letter_date = JalaliDateField(label=_("Letter date"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        months = {f"phased_{m}": WholeNumberField(label=month_name(m), max_value=limits.PHASED_MAX, widget=DigitsInput(
            attrs={"class": "number"})) for m in range(1, 13)}
        self.fields = {**months, **self.fields}

    def months(self):
        return [self[f"phased_{m}"] for m in range(1, 13)]

    def others(self):
        return [self["letter_number"], self["letter_date"], self["reason"]]

    def parts(self):
        return [self.cleaned_data[f"phased_{m}"] for m in range(1, 13)]


class ProvinceTotalForm(forms.ModelForm):
    target = WholeNumberField(label=_("Province total"), max_value=limits.TARGET_MAX)
    letter_date = JalaliDateField(label=_("Letter date"), required=False)

    class Meta:
        model = ProvinceCommitment
        fields = ["sector", "measure", "target", "letter_number", "letter_date"]


class AllocateForm(BatchConfirmForm):
    EVEN = "even"
    LAST_YEAR = "last_year"
    METHODS = [(LAST_YEAR, _("in proportion to last year's actuals")), (EVEN, _("evenly"))]

    province_total = forms.ModelChoiceField(ProvinceCommitment.objects.select_related("sector", "measure"), label=_("Province total"))
    area = LocalNameChoiceField(TrainingArea.objects.filter(active=True), label=_("Training area"))
    method = forms.ChoiceField(choices=METHODS, label=_("Method"), initial=LAST_YEAR)

    def __init__(self, *args, province=None, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        totals = self.fields["province_total"].queryset
        if province is not None:
            totals = totals.filter(province=province)
        if year is not None:
            totals = totals.filter(year=year)
        self.fields["province_total"].queryset = totals
        self.fields["province_total"].label_from_instance = lambda p: f"{local_name(p.sector)} – {local_name(p.measure)} – {display.number(p.target)}"


class ProvinceChoiceForm(forms.Form):
    province = LocalNameChoiceField(Province.objects.all(), label=_("Province"), required=False, empty_label=None)
    year = YearChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, provinces=None, **kwargs):
        """`provinces`: the provinces offered (a queryset: the user's)."""
        super().__init__(*args, **kwargs)
        if provinces is not None:
            self.fields["province"].queryset = provinces


class NationalChoiceForm(forms.Form):
    """The year and measure the national allocation page shows."""

    year = YearChoiceField(label=_("Year"), required=False)
    measure = LocalNameChoiceField(Measure.objects.all(), label=_("Measure"), required=False, empty_label=None)


class ReturnAllocationForm(forms.Form):
    """A national planner returns a province's allocation of a year, with the reason."""

    province = LocalNameChoiceField(Province.objects.order_by("code"), label=_("Province"))
    year = YearChoiceField(label=_("Year"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PhasingProfileForm(forms.ModelForm):
    class Meta:
        model = PhasingProfile
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for m in range(1, 13):
            self.fields[f"w{m}"] = forms.CharField(label=month_name(m), initial=1, widget=DigitsInput(attrs={"size": 4, "inputmode": "decimal"}))

    def clean(self):
        """12 weights, each 0 or within payesh.limits' range (so none is stored as infinity or
        underflows to zero), with a positive sum."""
        from .importing import WeightOutOfRange, parse_weight, weight_range_message

        data = super().clean()
        weights = []
        for m in range(1, 13):
            try:
                weights.append(parse_weight(data.get(f"w{m}", "")))
            except WeightOutOfRange:
                self.add_error(f"w{m}", weight_range_message())
            except ValueError:
                self.add_error(f"w{m}", _("Enter a number of zero or more."))
        stored = [float(w) if w != w.to_integral_value() else int(w) for w in weights] if len(weights) == 12 else None
        self.instance.weights = stored
        if stored is not None and not self.instance.usable:
            raise forms.ValidationError(_("At least one month needs a weight."))
        return data

    def weight_fields(self):
        return [self[f"w{m}"] for m in range(1, 13)]


class ApplyProfileForm(CentersOffered, BatchConfirmForm):
    profile = forms.ModelChoiceField(PhasingProfile.objects.all(), label=_("Phasing profile"))
    year = YearChoiceField(label=_("Year"))
    center = LocalNameChoiceField(Center.objects.order_by("code"), label=_("Center"), required=False, empty_label=_("all"))
    sector = LocalNameChoiceField(Sector.objects.all(), label=_("Sector"), required=False, empty_label=_("all"))
    area = LocalNameChoiceField(TrainingArea.objects.all(), label=_("Training area"), required=False, empty_label=_("all"))
    measure = LocalNameChoiceField(Measure.objects.all(), label=_("Measure"), required=False, empty_label=_("all"))

    def clean_profile(self):
        profile = self.cleaned_data["profile"]
        if not profile.usable:
            raise forms.ValidationError(_("This profile's weights cannot phase a target; make a new profile."))
        return profile

    def commitments(self):
        data = self.cleaned_data
        queryset = Commitment.objects.filter(year=data["year"], center__in=self.fields["center"].queryset)
        for field in ("center", "sector", "area", "measure"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        return queryset


class CopyForwardForm(BatchConfirmForm):
    from_year = YearChoiceField(label=_("From year"))
    to_year = forms.IntegerField(label=_("To year"), min_value=limits.YEAR_MIN, max_value=limits.YEAR_MAX,
                                 widget=DigitsInput(separators=False))  # Python's int() reads Persian digits
    factor = forms.CharField(label=_("Factor"), initial=Decimal("1.05"), widget=DigitsInput(attrs={"inputmode": "decimal"}))

    def clean_factor(self):
        from .importing import parse_number

        try:
            factor = parse_number(self.cleaned_data["factor"])
        except ValueError:
            factor = Decimal(0)
        if not limits.FACTOR_MIN <= factor <= limits.FACTOR_MAX:
            raise forms.ValidationError(_("Enter a factor between 0.01 and 100, like 1.05."))
        return factor


class ConfirmDraftsForm(BatchConfirmForm):
    year = forms.IntegerField(label=_("Year"), widget=forms.HiddenInput, min_value=limits.YEAR_MIN, max_value=limits.YEAR_MAX)
    letter_number = forms.CharField(label=_("Letter number"), max_length=50, required=False)
    letter_date = JalaliDateField(label=_("Letter date"), required=False)
