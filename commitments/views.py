"""Commitments pages for planners and the director of a province, on their province's
commitments (a national planner reads every province's and changes none); everyone else gets
403, and a commitment or province of another province 404 (accounts.access)."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from centers.models import Center, Province
from payesh import charts, display, params, spreadsheets
from payesh.batches import BatchError
from payesh.forms import UndoForm
from payesh.i18n import local_name

from . import allocation as allocating
from . import batches as batch_view
from . import forms, returns, services, workbook
from .importing import WorkbookInvalid
from .models import PHASED_FIELDS, Commitment, Measure, PhasingProfile, ProvinceCommitment, year_has_started

PAGE_SIZE = 100


def planner_required(view):
    """Only those who plan commitments (accounts.access.can_plan_commitments) reach the view; a
    center head (or anyone else) gets 403."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.can_plan_commitments(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def read_centers(user):
    """The centers whose commitments the user reads on these pages."""
    return access.commitments_provinces(user).filter(Center.objects.all())


def planned_centers(user):
    """The centers whose commitments the user changes (accounts.access.planning_provinces)."""
    return access.planning_provinces(user).filter(Center.objects.all())


def require_changes(user, province=None):
    """403 unless the user changes commitments (of `province` when given)."""
    access.require(access.can_change_commitments(user, province) if province is not None
                   else bool(access.planning_provinces(user)))


def fmt(number, separators=True):
    """A number for a message, in the digits of the page's language."""
    return display.number(number) if separators else display.digits(number)


def month_names():
    return [display.month_name(m) for m in range(1, 13)]


def totals_by_center(queryset):
    """Target sums as rows of (center, [sum per measure]) and the province row, one query."""
    sums = queryset.order_by().values("center", "center__code", "center__name_fa", "center__name_en", "measure").annotate(total=Sum("target"))
    measures = list(Measure.objects.filter(pk__in={s["measure"] for s in sums}))
    centers = {}
    for s in sums:
        centers.setdefault((s["center__code"], local_name(s, "center__name")), {})[s["measure"]] = s["total"]
    rows = [(code, name, [by_measure.get(m.pk) for m in measures]) for (code, name), by_measure in sorted(centers.items())]
    province = [sum(r[2][i] or 0 for r in rows) for i in range(len(measures))]
    return measures, rows, province


@planner_required
def commitment_list(request):
    form = forms.FilterForm(request.GET or None, centers=read_centers(request.user))
    queryset = form.filter(access.visible_commitments(request.user, Commitment.objects.all()))
    measures, center_totals, province_totals = totals_by_center(queryset)
    rows = queryset.select_related("center", "sector", "area", "measure").with_original_target().order_by(
        "center__code", "sector__order", "area__order", "measure__order"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    year = form.selected_year()
    return render(request, "commitments/list.html", {
        "form": form, "page": page, "year": year, "query": query.urlencode(),
        "measures": measures, "center_totals": center_totals, "province_totals": province_totals,
        "drafts": queryset.drafts().count(), "confirm_form": forms.ConfirmDraftsForm(initial={"year": year}),
    })


@planner_required
def commitment_export(request):
    form = forms.FilterForm(request.GET or None, centers=read_centers(request.user))
    queryset = form.filter(access.visible_commitments(request.user, Commitment.objects.select_related(
        "center", "sector", "area", "measure"))).order_by(
        "center__code", "sector__order", "area__order", "measure__order"
    )
    return spreadsheets.xlsx_response(workbook.export_bytes(queryset), f"commitments-{form.selected_year()}.xlsx")


@planner_required
def import_template(request):
    return spreadsheets.xlsx_response(workbook.template_bytes(), "commitments-template.xlsx")


@planner_required
def import_workbook(request):
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST":
        require_changes(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_commitments(form.cleaned_data["workbook"].read(), request.user,
                                                 centers=planned_centers(request.user))
        except WorkbookInvalid as exc:
            problems = exc.problems
        except services.CommitmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Imported: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.") % {
                "created": fmt(result.created), "changed": fmt(result.changed),
                "unchanged": fmt(result.unchanged),
            })
            return redirect("commitments:list")
    return render(request, "commitments/import.html", {"form": form, "problems": problems, "columns": workbook.COLUMNS})


@planner_required
def commitment_detail(request, pk):
    commitment = get_object_or_404(access.visible_commitments(request.user, Commitment.objects.select_related(
        "center", "sector", "area", "measure")), pk=pk)
    if request.method == "POST":
        require_changes(request.user, commitment.center.province_id)
    phasing = "phasing" in request.POST
    form = forms.ReviseForm(request.POST if request.method == "POST" and not phasing else None, initial={"target": commitment.target})
    phasing_form = forms.PhasingForm(request.POST if phasing else None,
                                     initial={f"phased_{m}": v for m, v in enumerate(commitment.phased, start=1)})
    if phasing and phasing_form.is_valid():
        data = phasing_form.cleaned_data
        try:
            _c, changed = services.set_phasing(commitment, request.user, phasing_form.parts(), data["letter_number"],
                                               data["letter_date"], data["reason"])
        except services.CommitmentError as exc:
            phasing_form.add_error(None, str(exc))
        else:
            messages.success(request, _("The monthly targets were saved.") if changed else _("Nothing changed."))
            return redirect("commitments:detail", pk=pk)
    if request.method == "POST" and not phasing and form.is_valid():
        data = form.cleaned_data
        try:
            _c, changed = services.revise_commitment(commitment, request.user, data["target"], data["letter_number"],
                                                     data["letter_date"], data["reason"])
        except services.CommitmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The target was revised.") if changed else _("Nothing changed."))
            return redirect("commitments:detail", pk=pk)
    history = list(commitment.history.select_related("history_user").order_by("-history_date", "-history_id"))
    original = history[-1] if history else None
    return render(request, "commitments/detail.html", {
        "commitment": commitment, "form": form, "phasing_form": phasing_form, "history": with_phasing_changes(history),
        "original": original,
        "started": year_has_started(commitment.year),
        "chart": charts.bar_spec(month_names(), [(_("Monthly target"), commitment.phased)]),
    })


def with_phasing_changes(history):
    """[(version, its 12 monthly targets where they differ from the version before, else None)],
    newest first."""
    rows = []
    for version, older in zip(history, [*history[1:], None]):
        phased = [getattr(version, f) for f in PHASED_FIELDS]
        changed = older is not None and phased != [getattr(older, f) for f in PHASED_FIELDS]
        rows.append((version, phased if changed else None))
    return rows


def _province_choice(request):
    """(the form, province, year) the allocation page shows: each as chosen in the query when
    it is valid, else the user's first province and the default year; another province than
    theirs is 404."""
    provinces = access.commitments_provinces(request.user).filter(Province.objects.all(), "pk")
    choice = forms.ProvinceChoiceForm(request.GET, provinces=provinces)
    choice.is_valid()
    asked = request.GET.get("province")
    if "province" in choice.errors and Province.objects.filter(pk=params.whole_number(asked)).exists():
        raise Http404("no such province")
    province = choice.cleaned_data.get("province") or provinces.first()
    year = choice.cleaned_data.get("year") or forms.default_year()
    return choice, province, year


@planner_required
def allocation_page(request):
    choice, province, year = _province_choice(request)
    total_form = forms.ProvinceTotalForm(prefix="total")
    allocate_form = forms.AllocateForm(request.POST or None, province=province, year=year)
    plan = None
    if request.method == "POST":
        require_changes(request.user, province)
    if request.method == "POST" and allocate_form.is_valid():
        data = allocate_form.cleaned_data
        if "apply" in request.POST:
            done, allocation = allocate_form.confirm(lambda reason, previewed: allocating.apply_allocation(
                data["province_total"], data["area"], data["method"], request.user, reason, previewed=previewed),
                refusals=(services.CommitmentError,))
            if done:
                return _batch_done(request, allocation.batch, _("Allocated %(amount)s to %(count)s centers.") % {
                    "amount": fmt(allocation.amount), "count": fmt(len(allocation.shares))},
                    f"{reverse('commitments:allocation')}?{request.GET.urlencode()}")
        try:
            plan = allocating.plan_allocation(data["province_total"], data["area"], data["method"])
        except services.CommitmentError as exc:
            allocate_form.add_error(None, str(exc))
    return render(request, "commitments/allocation.html", {
        "choice": choice, "province": province, "year": year, "rows": allocating.overview(province, year) if province else [],
        "total_form": total_form, "allocate_form": allocate_form, "plan": plan,
        "returns": list(returns.open_returns(province, year)) if province else [],
        "changes": province is not None and access.can_change_commitments(request.user, province),
    })


def _batch_done(request, batch, message, nothing_url):
    """After a batch change: its record (what changed, and the undo), or back when nothing changed."""
    if batch is None:
        messages.info(request, _("Nothing changed."))
        return redirect(nothing_url)
    messages.success(request, message)
    return redirect("commitments:batch", pk=batch.pk)


@planner_required
@require_POST
def province_total_save(request):
    _choice, province, year = _province_choice(request)
    if province is None:
        raise Http404("no province")
    require_changes(request.user, province)
    existing = ProvinceCommitment.objects.filter(
        province=province, year=year, sector=params.whole_number(request.POST.get("total-sector")),
        measure=params.whole_number(request.POST.get("total-measure")),
    ).first()
    form = forms.ProvinceTotalForm(request.POST, prefix="total", instance=existing or ProvinceCommitment(province=province, year=year))
    if form.is_valid():
        try:
            services.save_province_total(form.save(commit=False), request.user)
        except services.CommitmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The province total was saved."))
    else:
        messages.error(request, _("The province total was not saved: %(errors)s") % {"errors": " ".join(m for e in form.errors.values() for m in e)})
    return redirect(f"{reverse('commitments:allocation')}?{request.GET.urlencode()}")


@planner_required
def phasing_page(request):
    applying = "preview" in request.POST or "apply" in request.POST
    profile_form = forms.PhasingProfileForm(request.POST if "create" in request.POST else None)
    apply_form = forms.ApplyProfileForm(request.POST if applying else None, initial={"year": forms.default_year()},
                                        centers=planned_centers(request.user))
    plan = None
    if request.method == "POST":
        require_changes(request.user)
        if "create" in request.POST and profile_form.is_valid():
            services.save_phasing_profile(profile_form.save(commit=False), request.user)
            messages.success(request, _("The phasing profile was saved."))
            return redirect("commitments:phasing")
        if applying and apply_form.is_valid():
            profile, commitments = apply_form.cleaned_data["profile"], apply_form.commitments()
            if "apply" in request.POST:
                done, batch = apply_form.confirm(lambda reason, previewed: services.apply_profile(
                    profile, commitments, request.user, reason, previewed), refusals=(services.CommitmentError,))
                if done:
                    return _batch_done(request, batch, _("%(count)s commitments were phased by the profile.") % {
                        "count": fmt(batch.rows.count() if batch else 0)}, reverse("commitments:phasing"))
            plan = services.plan_profile(profile, commitments)
    profiles = list(PhasingProfile.objects.all())
    return render(request, "commitments/phasing.html", {
        "profiles": profiles, "profile_form": profile_form, "apply_form": apply_form,
        "plan": plan, "summary": batch_view.summarize(plan.changes) if plan else None,
        "shares": [(p.name, p.shares) for p in profiles],  # None for an unusable profile
        "chart": charts.bar_spec(month_names(), [(p.name, p.shares if p.usable else [None] * 12) for p in profiles],
                                 ratio=True),
    })


@planner_required
def copy_forward(request):
    last = forms.default_year()
    form = forms.CopyForwardForm(request.POST or None, initial={"from_year": last, "to_year": last + 1})
    copy = None
    if request.method == "POST":
        require_changes(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "apply" in request.POST:
            done, made = form.confirm(lambda reason, previewed: services.copy_forward(
                data["from_year"], data["to_year"], data["factor"], request.user, reason, previewed,
                centers=planned_centers(request.user)),
                refusals=(services.CommitmentError,))
            if done:
                return _batch_done(request, made.batch, _("%(created)s draft commitments were created for %(year)s (%(skipped)s already existed).") % {
                    "created": fmt(made.created), "year": fmt(data["to_year"], separators=False), "skipped": fmt(made.skipped)},
                    f"{reverse('commitments:list')}?year={data['to_year']}")
        try:
            copy = services.plan_copy_forward(data["from_year"], data["to_year"], data["factor"], planned_centers(request.user))
        except services.CommitmentError as exc:
            form.add_error(None, str(exc))
    return render(request, "commitments/copy_forward.html", {
        "form": form, "copy": copy, "summary": batch_view.summarize(copy.plan.changes) if copy else None,
    })


@planner_required
@require_POST
def confirm_drafts(request):
    """Confirming every draft of a year: a preview (the drafts, their centers and totals), then
    the confirmation with a reason."""
    require_changes(request.user)
    form = forms.ConfirmDraftsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The drafts were not confirmed: %(errors)s") % {
            "errors": " ".join(f"{form.fields[name].label or name}: {m}" if name in form.fields else m
                               for name, errors in form.errors.items() for m in errors)})
        return redirect("commitments:list")
    data = form.cleaned_data
    year = data["year"]
    if "apply" in request.POST:
        done, batch = form.confirm(lambda reason, previewed: services.confirm_drafts(
            year, request.user, data["letter_number"], data["letter_date"], reason, previewed,
            centers=planned_centers(request.user)),
            refusals=(services.CommitmentError,))
        if done:
            return _batch_done(request, batch, _("%(count)s draft commitments were confirmed.") % {
                "count": fmt(batch.rows.count() if batch else 0)}, f"{reverse('commitments:list')}?year={year}")
    plan = services.plan_confirm_drafts(year, data["letter_number"], data["letter_date"], planned_centers(request.user))
    return render(request, "commitments/confirm_drafts.html", {
        "form": form, "year": year, "plan": plan, "summary": batch_view.summarize(plan.changes),
    })


BATCHES_PER_PAGE = 50
BATCH_ROWS_PER_PAGE = 100


def _batch_centers(user):
    """The centers whose commitments' batch changes the user sees: None for every one."""
    return None if access.commitments_provinces(user).everywhere else read_centers(user)


@planner_required
def batch_list(request):
    """The record of batch changes of commitments, newest first, each opening its page."""
    page = Paginator(batch_view.of_commitments(_batch_centers(request.user)), BATCHES_PER_PAGE).get_page(params.whole_number(request.GET.get("page"), 1))
    return render(request, "commitments/batches.html", {"page": page})


@planner_required
def batch_detail(request, pk):
    """One batch change: who, when, why, what it changed (counts, totals before and after, each
    commitment), and its undo."""
    batch = get_object_or_404(batch_view.of_commitments(_batch_centers(request.user)), pk=pk)
    if request.method == "POST":
        require_changes(request.user)
    form = UndoForm(request.POST or None)
    if request.method == "POST" and not batch.undone and form.is_valid():
        try:
            services.undo_batch(batch, request.user, form.cleaned_data["reason"])
        except (services.CommitmentError, BatchError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The change was undone: every commitment it changed is back as it was before it."))
            return redirect("commitments:batch", pk=pk)
    rows = batch.rows.all()
    page = Paginator(rows, BATCH_ROWS_PER_PAGE).get_page(params.whole_number(request.GET.get("page"), 1))
    return render(request, "commitments/batch.html", {
        "batch": batch, "form": form, "summary": batch_view.summarize(list(rows)),
        "page": page, "rows": batch_view.named(page.object_list),
        "undo_explanation": _("Every commitment this change made is removed, and every one it changed gets back its values "
                              "from before it (target, monthly targets, status and letter), each with a version that names this undo. "
                              "If a commitment was changed after it, nothing is undone and you are told which."),
    })
