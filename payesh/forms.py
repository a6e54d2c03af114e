"""Form fields every app shares: a whole number and a Jalali date, typed as people type them, a
choice of numbers in any digits, a yes-or-no switch, a choice of several rows by id, an uploaded
workbook, and a select list that renders fast."""

import re
from decimal import Decimal

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from payesh import display, jalali, limits, params, xlsx


class DigitsInput(forms.TextInput):
    """A text box for a number, showing a stored number in the page's digits (۱۶۲٬۷۰۰ on a
    Persian page, 162,700 on an English one); what someone typed comes back as they typed it.
    A browser's number box cannot show Persian digits, so numbers are typed in text boxes."""

    def __init__(self, attrs=None, separators=True):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", **(attrs or {})})
        self.separators = separators

    def format_value(self, value):
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return display.number(value, 0 if value == int(value) else 2) if self.separators else display.digits(value)
        return super().format_value(value)


class WholeNumberField(forms.CharField):
    """A whole number typed with Persian, Arabic-Indic or Latin digits and separators, up to
    `max_value` (every number has one: payesh.limits states them)."""

    widget = DigitsInput

    def __init__(self, *, max_value, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return jalali.parse_whole_number(value, maximum=self.max_value)
        except jalali.NumberError as exc:
            raise forms.ValidationError(number_message(exc.code, self.max_value), code=exc.code) from None


def number_message(code, maximum=None):
    """The Persian message (in the page's language) of a typed number refused for `code`."""
    if code == "too_large":
        return _("Enter a number of at most %(max)s.") % {"max": display.number(maximum)}
    return {"negative": _("Enter zero or more."), "fraction": _("Enter a whole number.")}.get(code, _("Enter a number."))


class JalaliDateInput(forms.TextInput):
    """A Jalali date's text box, its example in the page's digits."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", display.digits("1405/02/15"))
        context["widget"]["attrs"].setdefault("dir", "ltr")
        return context


class JalaliDateField(forms.CharField):
    """A date typed as a Jalali date (۱۴۰۵/۰۲/۱۰, 1405-2-10); cleaned to a Gregorian date and
    shown again as a Jalali one, in the page's digits."""

    widget = JalaliDateInput
    default_error_messages = {"invalid": _("Enter a Jalali date like 1405/02/10.")}

    def prepare_value(self, value):
        if hasattr(value, "year") and not isinstance(value, str):
            return display.date(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return jalali.parse_jalali_date(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class QuickSelect(forms.Select):
    """A select list built in one pass: Django's own renders each option through a template,
    which the dashboards' filters paid for on every view."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (choice, mark_safe(" selected") if str(choice) in selected else "", label) for choice, label in self.choices))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options)


class DigitChoiceField(forms.TypedChoiceField):
    """A choice of numbers (a year, a month) that may come typed or in a link with Persian or
    Arabic-Indic digits: ?month=۵ is Mordad, the same as ?month=5."""

    def to_python(self, value):
        return super().to_python(jalali.to_latin_digits(value).strip() if isinstance(value, str) else value)


class YesNoCheckbox(forms.CheckboxInput):
    """A checkbox whose value reaches its field as it was sent (Django's own reads any text but
    "false" as ticked: ?approved=maybe was a yes)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value is True or params.yes_no(value) is True)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class YesNoField(forms.Field):
    """A switch from a checkbox ("on" when ticked, left out when not) or a link (?approved=1,
    true, no...): True or False (payesh.params.yes_no); any other value is refused, so that a
    page drops it with a note and the API answers 400."""

    widget = YesNoCheckbox
    default_error_messages = {"invalid": _("Yes or no: true or false (or 1 and 0, yes and no, on and off).")}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if value is None or value is False or value == "":
            return False
        found = True if value is True else params.yes_no(value)
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return found


class ModelsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows by id, where an id beyond any a database holds is refused like an
    unknown one (Django's own field passes it to an IN query that SQLite cannot run)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            text = jalali.to_latin_digits(str(pk)).strip()
            if re.fullmatch(r"[-+]?[0-9]+", text) and (len(text) > 20 or abs(int(text)) > limits.ID_MAX):
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": Truncator(str(pk)).chars(25)})
        return super()._check_values(value)


class WorkbookField(forms.FileField):
    """An uploaded XLSX workbook, refused above PAYESH_MAX_UPLOAD_BYTES with a message that names
    that limit. Every upload form uses it; the content is read by payesh.xlsx.read_workbook."""

    default_error_messages = {"required": _("Choose an XLSX file to upload.")}

    def validate(self, value):
        super().validate(value)
        if value:
            try:
                xlsx.check_size(value)
            except xlsx.UnsafeWorkbook as problem:
                raise forms.ValidationError(str(problem), code="too_large") from None


def upload_problems(form, field="workbook"):
    """An invalid upload form's problems as (row, reason) pairs, as the upload pages list them."""
    return [(None, message) for message in form.errors.get(field, [])] or [(None, gettext("Choose an XLSX file to upload."))]


class BatchConfirmForm(forms.Form):
    """The second step of a change seen before it is made (payesh/batches.py): the reason it is
    asked for, and the fingerprint of the preview the user saw. The choices of the first step
    stay in the same form, so nothing chosen is lost between the preview and the confirmation."""

    BATCH_FIELDS = ("reason", "previewed")

    reason = forms.CharField(label=_("Reason for this change"), max_length=limits.REASON_MAX_LENGTH, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    previewed = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def choice_fields(self):
        """The fields of the first step, without the reason and the fingerprint."""
        return [f for f in self.visible_fields() if f.name not in self.BATCH_FIELDS]

    def confirm(self, write, refusals=()):
        """Call write(reason, previewed) once a reason is given (call after is_valid); a refusal
        (a batch's own, or one of `refusals`) goes on the form. Returns (done, what write
        returned)."""
        from payesh import batches

        try:
            reason = batches.require_reason(self.cleaned_data.get("reason", ""))
        except batches.BatchError as exc:
            self.add_error("reason", str(exc))
            return False, None
        try:
            return True, write(reason, self.cleaned_data.get("previewed", ""))
        except (batches.BatchError, *refusals) as exc:
            self.add_error(None, str(exc))
            return False, None


class UndoForm(forms.Form):
    reason = forms.CharField(label=_("Reason for undoing"), max_length=limits.REASON_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}))
