"""The national tier's commitments pages: the organization's yearly letter of every province's
totals (imported whole, from a template), and the national allocation page, where each
province's totals meet the sum allocated to its centers and its progress, and a national planner
returns a province's allocation with a reason. National planners and superusers only
(accounts.access.can_plan_nationally); everyone else gets 403."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from payesh import params, spreadsheets
from payesh.i18n import local_name

from . import forms, letter, national, returns, services
from .importing import WorkbookInvalid
from .models import Measure
from .views import _province_choice, fmt, require_changes


def national_planner_required(view):
    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        access.require(access.can_plan_nationally(request.user))
        return view(request, *args, **kwargs)

    return wrapper


@national_planner_required
def letter_template(request):
    """The letter's layout, with the totals of `?year=` as they stand when one is given."""
    year = params.whole_number(request.GET.get("year"))
    return spreadsheets.xlsx_response(letter.template_bytes(year if year in forms.known_years() else None),
                                      "national-letter.xlsx")


@national_planner_required
def letter_import(request):
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_province_totals(form.cleaned_data["workbook"].read(), request.user)
        except WorkbookInvalid as exc:
            problems = exc.problems
        except services.CommitmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Imported: %(created)s province totals created, %(changed)s changed, %(unchanged)s unchanged.") % {
                "created": fmt(result.created), "changed": fmt(result.changed), "unchanged": fmt(result.unchanged)})
            return redirect("commitments:national")
    return render(request, "commitments/letter.html", {
        "form": form, "problems": problems, "columns": letter.COLUMNS, "year": forms.default_year()})


@national_planner_required
def national_allocation(request):
    choice = forms.NationalChoiceForm(request.GET)
    choice.is_valid()
    year = choice.cleaned_data.get("year") or forms.default_year()
    measure = choice.cleaned_data.get("measure") or Measure.objects.first()
    asked = params.whole_number(request.GET.get("return"))
    return_form = forms.ReturnAllocationForm(initial={"year": year, "province": asked})
    return render(request, "commitments/national.html", {
        "choice": choice, "year": year, "measure": measure, "return_form": return_form,
        "provinces": national.provinces_allocation(year, measure) if measure else [],
    })


@national_planner_required
@require_POST
def return_allocation(request):
    form = forms.ReturnAllocationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            returns.return_allocation(data["province"], data["year"], data["reason"], request.user)
        except services.CommitmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The allocation of %(province)s was returned; its director and planners were told.") % {
                "province": local_name(data["province"])})
            return redirect(f"{reverse('commitments:national')}?year={data['year']}")
    else:
        messages.error(request, _("The allocation was not returned: %(errors)s") % {
            "errors": " ".join(f"{form.fields[name].label}: {m}" if name in form.fields else m
                               for name, errors in form.errors.items() for m in errors)})
    return redirect("commitments:national")


@login_required
@require_POST
def return_addressed(request):
    """The province's planners say its returned allocation is addressed (without allocating)."""
    _choice, province, year = _province_choice(request)
    access.require(province is not None)
    require_changes(request.user, province)
    if returns.mark_addressed(province, year, request.user, _("marked addressed")):
        messages.success(request, _("The returned allocation is marked addressed."))
    return redirect(f"{reverse('commitments:allocation')}?{request.GET.urlencode()}")
