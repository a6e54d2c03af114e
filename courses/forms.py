"""The course form: the one place the rules of a course are checked, for the page and for each
row of an uploaded workbook (courses/spreadsheet.py). The database constraints (models.py) are
the backstop for what must hold whatever the path."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from payesh import display, jalali, limits
from payesh.forms import DigitsInput, JalaliDateField, JalaliDateInput, WholeNumberField, WorkbookField
from payesh.i18n import is_persian, local_name

from .models import Cluster, Course, GroupGender

DATE_WIDGET = JalaliDateInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
NUMBER_WIDGET = DigitsInput(attrs={"class": "number"})


def register_areas(center, year):
    """(sector, area) pairs the center has commitments for in the year: where its courses can go."""
    pairs = (Commitment.objects.confirmed().for_year(year).filter(center=center).order_by("sector__order", "area__order")
             .values("sector_id", "area_id", "sector__name_fa", "sector__name_en", "area__name_fa", "area__name_en").distinct())
    return [(f"{p['sector_id']}:{p['area_id']}", f"{local_name(p, 'sector__name')} – {local_name(p, 'area__name')}") for p in pairs]


class CourseForm(forms.Form):
    area_key = forms.ChoiceField(label=_("Sector and training area"))
    cluster = forms.ChoiceField(label=_("Cluster"), choices=Cluster.choices)
    title = forms.CharField(label=_("Trade or title"), max_length=200)
    standard_code = forms.CharField(label=_("Training standard code"), max_length=40, required=False)
    start_date = JalaliDateField(label=_("Start date"), widget=DATE_WIDGET)
    end_date = JalaliDateField(label=_("End date"), widget=DATE_WIDGET)
    hours = WholeNumberField(label=_("Hours"), max_value=limits.COURSE_HOURS_MAX, widget=NUMBER_WIDGET)
    gender = forms.ChoiceField(label=_("Group"), choices=GroupGender.choices)
    enrolled = WholeNumberField(label=_("Enrolled"), max_value=limits.COURSE_TRAINEES_MAX, widget=NUMBER_WIDGET)
    completed = WholeNumberField(label=_("Completed"), max_value=limits.COURSE_TRAINEES_MAX, widget=NUMBER_WIDGET)
    certified = WholeNumberField(label=_("Certified (passed the skill test)"), max_value=limits.COURSE_TRAINEES_MAX, widget=NUMBER_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200,
                            help_text=_("e.g. the village, the workplace or the prison where it was held"))
    trainer = forms.CharField(label=_("Trainer"), max_length=120, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, center, year, month, *args, course=None, areas=None, **kwargs):
        self.center, self.year, self.month = center, year, month
        self.course = course or Course(center=center)
        if course is not None and course.pk:
            kwargs.setdefault("initial", {}).update(self._initial_of(course))
        super().__init__(*args, **kwargs)
        self.fields["area_key"].choices = [("", "—")] + (areas if areas is not None else register_areas(center, year))
        example = display.digits(f"{year}/{month:02d}/15")
        for name in ("start_date", "end_date"):
            self.fields[name].widget.attrs["placeholder"] = example

    @staticmethod
    def _initial_of(course):
        persian = is_persian()
        initial = {name: getattr(course, name) for name in ("cluster", "title", "standard_code", "gender", "place", "trainer")}
        initial["area_key"] = f"{course.sector_id}:{course.area_id}"
        for name in ("start_date", "end_date"):
            initial[name] = jalali.format_jalali_date(getattr(course, name), persian=persian)
        for name in ("hours", "enrolled", "completed", "certified"):
            initial[name] = jalali.format_number(getattr(course, name), persian=persian)
        return initial

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("A course has more than zero hours."))
        return hours

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start is not None and jalali.to_jalali(start).year != self.year:
            raise forms.ValidationError(_("The start date must be in the year %(year)s.") % {"year": display.digits(self.year)})
        return start

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end is None:
            return end
        j = jalali.to_jalali(end)
        if (j.year, j.month) != (self.year, self.month):
            raise forms.ValidationError(_(
                "A course counts in the month it ends: this is the register of %(month)s %(year)s, so the "
                "end date must be in that month."
            ) % {"month": display.month_name(self.month), "year": display.digits(self.year)})
        if end > jalali.today_jalali().togregorian():
            raise forms.ValidationError(_("This course has not ended yet; register it once it has ended."))
        return end

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        enrolled, completed, certified = data.get("enrolled"), data.get("completed"), data.get("certified")
        if enrolled is not None and completed is not None and completed > enrolled:
            self.add_error("completed", _("Completed trainees (%(completed)s) cannot be more than enrolled (%(enrolled)s).") % {
                "completed": display.number(completed), "enrolled": display.number(enrolled)})
        elif completed is not None and certified is not None and certified > completed:
            self.add_error("certified", _("Certified trainees (%(certified)s) cannot be more than those who completed (%(completed)s).") % {
                "certified": display.number(certified), "completed": display.number(completed)})
        return data

    def apply(self):
        """The course with the checked values (not saved: courses.services saves it)."""
        data, course = self.cleaned_data, self.course
        course.center = self.center
        course.sector_id, course.area_id = (int(x) for x in data["area_key"].split(":"))
        for name in ("cluster", "title", "standard_code", "start_date", "end_date", "hours", "gender",
                     "enrolled", "completed", "certified", "place", "trainer"):
            setattr(course, name, data[name].strip() if isinstance(data[name], str) else data[name])
        return course

    def problems(self):
        """Each error as 'label: message', for a workbook row."""
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                yield f"{label}: {error}" if label else error


class UploadForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    workbook = WorkbookField(label=_("Workbook of courses (XLSX)"))


class RemoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def no_register_message():
    return gettext("This center has no commitments this year, so there is nowhere to count a course.")
