from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts import access, roles, scope
from centers.models import Center, Province
from commitments import reference
from payesh import display, jalali, limits
from payesh.forms import DigitsInput, JalaliDateField, ModelsChoiceField
from payesh.i18n import local_name

from . import agenda
from .models import ActionItem, CenterRemark, Meeting


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display.person(obj)


class PeopleChoiceField(ModelsChoiceField):
    def label_from_instance(self, obj):
        return display.person(obj)


class PeopleCheckboxes(forms.CheckboxSelectMultiple):
    """A box for each person; a center head's box says so (data-head), for the "every center
    head" switch (meetings/meetings.js)."""

    heads: frozenset = frozenset()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(value, "value", value) in self.heads:
            option["attrs"]["data-head"] = "1"
        return option


def month_choices():
    return [(m, display.month_name(m)) for m in range(1, 13)]


AGENDA_ROWS = (6, 40)  # the agenda box's height in lines: enough for the whole draft, within these


class MeetingForm(forms.ModelForm):
    """A meeting's record. A new one starts drafted from the month under review: its title, the
    director in the chair, the agenda from the numbers (meetings/agenda.py), its box as tall as
    the draft; "every center head" ticks the heads among the attendees."""

    date = JalaliDateField(label=capfirst(_("date")))
    year = forms.IntegerField(label=capfirst(_("year reviewed")), widget=DigitsInput(separators=False))  # Python's int() reads Persian digits
    month = forms.TypedChoiceField(label=capfirst(_("as-of month")), coerce=int, choices=month_choices)
    chair = PersonChoiceField(label=capfirst(_("chair")), queryset=None)  # a meeting is chaired
    all_heads = forms.BooleanField(label=_("Every center head"), required=False)
    attendees = PeopleChoiceField(label=capfirst(_("attendees")), queryset=None, required=False, widget=PeopleCheckboxes)

    class Meta:
        model = Meeting
        fields = ["province", "date", "title", "chair", "year", "month", "attendees", "guests", "agenda", "minutes"]
        widgets = {
            "guests": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": AGENDA_ROWS[0], "dir": "auto"}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, by=None, **kwargs):
        """`by`: who records it; a new meeting is of a province they record meetings in, and its
        chair and attendees are that province's people (accounts.access)."""
        super().__init__(*args, **kwargs)
        self.order_fields(["province", "date", "title", "chair", "year", "month", "all_heads", "attendees"])
        found = access.recording_provinces(by) if by is not None else scope.EVERYWHERE
        if self.instance.pk:
            found = scope.of([self.instance.province_id])
        people = access.people_of(found, get_user_model().objects.filter(is_active=True)).order_by(
            "last_name", "first_name", "username")
        self.fields["chair"].queryset = people
        self.fields["attendees"].queryset = people
        self.heads = frozenset(found.filter(Center.objects.active().exclude(head=None)).values_list("head_id", flat=True))
        self.fields["attendees"].widget.heads = self.heads
        provinces = found.filter(Province.objects.all(), "pk")
        self.fields["province"].queryset = provinces
        if not self.instance.pk:
            year, month = jalali.last_complete_month()
            self.initial.setdefault("year", year)
            self.initial.setdefault("month", month)
            self.initial.setdefault("date", jalali.today_jalali().togregorian())
            self.initial.setdefault("title", agenda.title(year, month))
            # the province's director (a meeting is one province's): the form's only province, if one
            director = roles.people_with(roles.DIRECTOR, province=provinces[0] if len(provinces) == 1 else None).filter(
                pk__in=people.values("pk")).first()
            if director is not None:
                self.initial.setdefault("chair", director.pk)
        if not self.instance.pk and len(provinces) == 1:
            self.initial.setdefault("agenda", agenda.draft(provinces[0], *jalali.last_complete_month()))
            self.fields["province"].initial = provinces[0].pk
            self.fields["province"].widget = forms.HiddenInput()
        elif self.instance.pk:
            self.fields["province"].disabled = True
            self.initial.setdefault("all_heads", bool(self.heads) and self.heads <= set(
                self.instance.attendees.values_list("pk", flat=True)))
        drafted = self.initial.get("agenda", self.instance.agenda) or ""
        lines = len(drafted.splitlines()) + 1
        self.fields["agenda"].widget.attrs["rows"] = min(AGENDA_ROWS[1], max(AGENDA_ROWS[0], lines))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not limits.YEAR_MIN <= year <= limits.YEAR_MAX:
            raise forms.ValidationError(_("Enter a Jalali year like 1405."))
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("all_heads") and "attendees" in cleaned:
            chosen = {person.pk for person in cleaned["attendees"]} | self.heads
            cleaned["attendees"] = self.fields["attendees"].queryset.filter(pk__in=chosen)
        return cleaned


class CenterRemarkForm(forms.ModelForm):
    class Meta:
        model = CenterRemark
        fields = ["challenges", "opportunities", "suggestions"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class ActionItemForm(forms.ModelForm):
    due_date = JalaliDateField(label=capfirst(_("due date")))

    class Meta:
        model = ActionItem
        fields = ["text", "responsible_center", "responsible_person", "due_date", "sector", "area", "measure"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"measure": _("Optional, with a center: what the decision should move; its page then shows the pace at "
                                   "this meeting and now (person-hours when no measure is chosen).")}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_center"].queryset = Center.objects.active().filter(province=meeting.province).order_by("code")
        self.fields["responsible_center"].label_from_instance = local_name
        lists = reference.lists()  # cached: the meeting page's form costs no query for them
        for name, objects in (("sector", lists.sectors), ("area", [a for a in lists.areas if a.active]),
                              ("measure", lists.measures)):
            self.fields[name].choices = [("", "---------")] + [(obj.pk, local_name(obj)) for obj in objects]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("responsible_center") and not cleaned.get("responsible_person", "").strip():
            raise forms.ValidationError(_("Name the responsible center or person."))
        if not cleaned.get("responsible_center") and any(cleaned.get(n) for n in ("sector", "area", "measure")):
            raise forms.ValidationError(_("Choose the responsible center to point the decision at a sector, area or measure."))
        return cleaned
