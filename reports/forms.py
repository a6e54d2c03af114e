"""Forms of the entry workflow. The month form has two fields a row (value, comment) named by
the commitment, and hands its checks to reports.grid so the spreadsheet upload obeys the same
rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from payesh import jalali
from payesh.forms import WorkbookField
from payesh.i18n import is_persian, local_name

from .grid import check_entries


class MonthForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, grid, *args, locked_because=None, **kwargs):
        self.grid, self.locked_because = grid, locked_because
        initial = {"version": grid.version}
        persian = is_persian()
        for row in grid.rows:
            if row.saved is not None:
                initial[self.value_name(row)] = jalali.format_number(row.saved.value, persian=persian)
                initial[self.comment_name(row)] = row.saved.comment
        super().__init__(*args, initial=initial, **kwargs)
        for row in grid.rows:
            self.fields[self.value_name(row)] = forms.CharField(
                required=False, max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "value",
                                              "aria-label": local_name(row.commitment.measure)}),
            )
            self.fields[self.comment_name(row)] = forms.CharField(
                required=False, max_length=300,
                widget=forms.TextInput(attrs={"class": "comment", "placeholder": _("comment")}),
            )
        self.entries = {}

    @staticmethod
    def value_name(row):
        return f"value_{row.commitment.pk}"

    @staticmethod
    def comment_name(row):
        return f"comment_{row.commitment.pk}"

    def clean(self):
        cleaned = super().clean()
        if self.locked_because:  # a locked month says so first, whatever the values (as the API)
            raise forms.ValidationError(self.locked_because)
        typed = {
            row.commitment.pk: (cleaned.get(self.value_name(row), ""), cleaned.get(self.comment_name(row), ""))
            for row in self.grid.rows
        }
        self.entries, errors = check_entries(self.grid, typed)
        by_pk = {row.commitment.pk: row for row in self.grid.rows}
        for pk, message in errors.items():
            self.add_error(self.value_name(by_pk[pk]), message)
        return cleaned

    def rows(self):
        """(row, value field, comment field) for the template."""
        for row in self.grid.rows:
            yield row, self[self.value_name(row)], self[self.comment_name(row)]


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(required=False, max_length=2000, label=_("Comment for the center"),
                              widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(max_length=2000, label=_("Reason for reopening"),
                             widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    workbook = WorkbookField(label=_("Filled-in workbook (XLSX)"))
