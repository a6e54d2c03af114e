"""The DHIS2 exchange page (/api/dhis2/): download a month, a year or a selection as
dataValueSets JSON, and upload such a file, checked whole like the workbooks (api/dhis2.py);
the API's /api/dhis2/dataValueSets/ does the same for programs."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from payesh import display, inputs, jalali, xlsx

from . import dhis2

CALENDAR_CHOICES = [(dhis2.GREGORIAN, gettext_lazy("Gregorian (the month holding the Jalali 15th)")),
                    (dhis2.JALALI, gettext_lazy("Jalali (a DHIS2 set to the Persian calendar)"))]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("dataValueSets file (JSON)"))
    calendar = forms.ChoiceField(label=gettext_lazy("Periods are written in"), choices=CALENDAR_CHOICES)
    submit = forms.BooleanField(label=gettext_lazy("Submit each month for review"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            xlsx.check_size(upload)
        except xlsx.UnsafeWorkbook as problem:
            raise forms.ValidationError(str(problem)) from None
        try:
            return inputs.load_json(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not JSON (UTF-8).")) from None
        except inputs.Refused as refused:
            if refused.code == "not_json":
                raise forms.ValidationError(_("The file is not JSON (UTF-8).")) from None
            raise forms.ValidationError(f"{refused.where}: {refused.message}" if refused.where else refused.message) from None


def _export_defaults():
    year, month = jalali.last_complete_month()
    return {"year": year, "month": month}


@login_required
def exchange(request):
    can_import = access.can_import_figures(request.user)
    form, problems = ImportForm(initial={"calendar": dhis2.GREGORIAN, "submit": True}), []
    if request.method == "POST":
        access.require_enters_figures(request.user)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                summary = dhis2.import_values(request.user, data["file"], data["calendar"], data["submit"])
            except dhis2.ImportInvalid as bad:
                problems = bad.problems
            else:
                messages.success(request, _("The file was imported: %(imported)s new values and %(updated)s changed, in %(months)s months.")
                                 % {"imported": display.number(summary.imported), "updated": display.number(summary.updated),
                                    "months": display.number(summary.months)})
                return redirect("api:dhis2_page")
    return render(request, "api/dhis2.html", {
        "form": form, "problems": problems[:500], "more": max(0, len(problems) - 500), "can_import": can_import,
        "calendars": CALENDAR_CHOICES, "months": range(1, 13), **_export_defaults(),
    })
