"""The DHIS2 exchange page (/api/dhis2/): download a month, a year or a selection as
dataValueSets JSON, and upload such a file, checked whole like the workbooks (api/dhis2.py);
the API's /api/dhis2/dataValueSets/ does the same for programs. A planner also sends a month or
a year to the configured DHIS2 server (/api/dhis2/push/): a dry run first, its import summary
shown, then for real (api/dhis2_push.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from accounts.roles import is_planner
from payesh import display, inputs, jalali, limits, xlsx

from . import dhis2, dhis2_push
from .models import Dhis2Push

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


class PushForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=limits.YEAR_MIN, max_value=limits.YEAR_MAX)
    month = forms.IntegerField(label=gettext_lazy("Month"), min_value=1, max_value=12, required=False)


def _export_defaults():
    year, month = jalali.last_complete_month()
    return {"year": year, "month": month}


def _page(request, form=None, problems=(), **extra):
    problems = list(problems)
    planner = is_planner(request.user)
    return render(request, "api/dhis2.html", {
        "form": form or ImportForm(initial={"calendar": dhis2.GREGORIAN, "submit": True}), "problems": problems[:500],
        "more": max(0, len(problems) - 500), "can_import": access.can_import_figures(request.user),
        "can_push": planner, "push_configured": dhis2_push.configured(),
        "pushes": list(Dhis2Push.objects.select_related("user")[:10]) if planner else [],
        "calendars": CALENDAR_CHOICES, "months": range(1, 13), **_export_defaults(), **extra,
    })


@login_required
def exchange(request):
    form, problems = None, []
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
    return _page(request, form, problems)


@login_required
def push(request):
    """POST year, month (empty: the year) and `send`: without it a dry run, whose summary the
    page shows with a button to send the same for real; with it, for real."""
    access.require(is_planner(request.user))
    if request.method != "POST":
        return redirect("api:dhis2_page")
    form = PushForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year and, for one month, a month."))
        return redirect("api:dhis2_page")
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    dry_run = "send" not in request.POST
    log = dhis2_push.push(request.user, year, month, dry_run=dry_run)
    if log.status == Dhis2Push.FAILED:
        messages.error(request, log.error)
        return redirect("api:dhis2_page")
    if dry_run:
        return _page(request, checked=log)
    messages.success(request, _("Sent to DHIS2: %(imported)s values imported, %(updated)s updated, %(ignored)s ignored, "
                                "%(conflicts)s conflicts.") % {
        "imported": display.number(log.imported), "updated": display.number(log.updated),
        "ignored": display.number(log.ignored), "conflicts": display.number(len(log.conflicts))})
    return redirect("api:dhis2_page")
