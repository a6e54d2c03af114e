"""Form fields every app shares: a whole number and a Jalali date, typed as people type them, and
an uploaded workbook."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from payesh import jalali, xlsx


class WholeNumberField(forms.CharField):
    """A whole number typed with Persian, Arabic-Indic or Latin digits and separators."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return jalali.parse_whole_number(value)
        except jalali.NumberError as exc:
            messages = {"negative": _("Enter zero or more."), "fraction": _("Enter a whole number.")}
            raise forms.ValidationError(messages.get(exc.code, _("Enter a number.")), code=exc.code) from None


class JalaliDateField(forms.CharField):
    """A date typed as a Jalali date (۱۴۰۵/۰۲/۱۰, 1405-2-10); cleaned to a Gregorian date and
    shown again as a Jalali one."""

    default_error_messages = {"invalid": _("Enter a Jalali date like 1405/02/10.")}

    def prepare_value(self, value):
        if hasattr(value, "year") and not isinstance(value, str):
            return jalali.format_jalali_date(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return jalali.parse_jalali_date(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


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
