"""The data-quality page and the validation rules' pages (list, add, change, retire, restore,
their history). Each view: an access check, a form, a service call, a message, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from centers.models import Center
from commitments.models import FiscalYear
from payesh import jalali, limits
from payesh.i18n import local_name
from payesh.params import requested_month, requested_year
from reports.models import ValidationRule

from . import rules as rule_services
from .board import quality_board
from .forms import ReasonForm, RuleForm
from .history_of_rules import rule_changes


def requested_period(request):
    """(year, month) of ?year=&month=, month None for ?month=all (the whole year); by default the
    last complete month."""
    if request.GET.get("month") == "all":
        return requested_year(request, default=jalali.last_complete_month()[0]), None
    return requested_month(request)


@login_required
def data_quality(request):
    """Every rule broken and every outlier of the counted months of a month or a year, by center."""
    access.require_quality(request.user)
    year, month = requested_period(request)
    board = quality_board(year, month, access.viewable_centers(request.user, Center.objects.all()))
    years = sorted({*FiscalYear.objects.values_list("year", flat=True), year}, reverse=True)
    previous, following = (jalali.previous_month(year, month), jalali.next_month(year, month)) if month else (None, None)
    return render(request, "reports/quality.html", {
        "board": board, "year": year, "month": month, "years": years, "months": range(1, 13),
        "previous": previous, "next": following,
        "rows": [(m, issue) for m in board.months for issue in m.issues],
    })


@login_required
def rule_list(request):
    access.require_quality(request.user)
    rules = list(ValidationRule.objects.all())
    return render(request, "reports/rules.html", {
        "rules": [(rule, rule_services.describe(rule), rule_services.scope(rule)) for rule in rules],
        "can_manage": access.can_manage_rules(request.user), "reason_form": ReasonForm(),
    })


@login_required
def rule_edit(request, pk=None):
    access.require_manage_rules(request.user)
    rule = None if pk is None else _rule(pk)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        saved = rule_services.save_rule(form.save(commit=False), request.user, form.cleaned_data["reason"])
        messages.success(request, (_("The rule “%(rule)s” was changed.") if rule else _("The rule “%(rule)s” was added."))
                         % {"rule": local_name(saved)})
        return redirect("entry:rules")
    return render(request, "reports/rule_form.html", {"form": form, "rule": rule})


@login_required
@require_POST
def rule_retire(request, pk):
    access.require_manage_rules(request.user)
    rule = _rule(pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if "restore" in request.POST:
        rule_services.restore_rule(rule, request.user, reason)
        messages.success(request, _("The rule “%(rule)s” is in force again.") % {"rule": local_name(rule)})
    else:
        rule_services.retire_rule(rule, request.user, reason)
        messages.success(request, _("The rule “%(rule)s” was retired; it is kept with its history and may be put back in force.")
                         % {"rule": local_name(rule)})
    return redirect("entry:rules")


@login_required
def rule_history(request):
    access.require_quality(request.user)
    return render(request, "reports/rule_history.html", {"changes": rule_changes()})


def _rule(pk):
    if pk > limits.ID_MAX:
        raise Http404("no such rule")
    return get_object_or_404(ValidationRule, pk=pk)
