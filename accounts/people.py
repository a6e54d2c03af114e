"""The people of the province, for the director and planners, without the admin: the accounts
with their roles and centers, a center's head (a new account with an initial password, or an
existing head without a center), deactivation, a new initial password, and the record of every
change. Every write goes through accounts.services."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from centers.models import Center
from payesh import batches, display, params
from payesh.forms import BatchConfirmForm, UndoForm
from payesh.i18n import local_name
from payesh.models import Batch

from . import access, roles, services
from .forms import HeadForm
from .models import AccountChange

CHANGES_PER_PAGE = 100


def role_labels(user):
    names = {g.name for g in user.groups.all()}  # prefetched
    return [str(label) for name, label in roles.ROLE_NAMES.items() if name in names]


@login_required
def people_list(request):
    access.require_people(request.user)
    User = get_user_model()
    people = User.objects.select_related("headed_center").prefetch_related("groups").order_by("-is_active", "username")
    rows = [{"person": p, "roles": role_labels(p), "center": getattr(p, "headed_center", None),
             "can_change": access.can_deactivate(request.user, p)} for p in people]
    centers = Center.objects.select_related("head").order_by("province", "code")
    return render(request, "accounts/people/list.html", {"rows": rows, "centers": centers})


@dataclass
class HeadPreview:
    """What replacing a center's head will do, shown before it is done."""

    center: Center
    previous: object  # the head now
    existing: object  # the account chosen, or None for a new one
    username: str
    deactivate_previous: bool

    @property
    def fingerprint(self):
        chosen = self.existing.pk if self.existing is not None else self.username.lower()
        return batches.fingerprint([self.center.pk, getattr(self.previous, "pk", None), chosen, self.deactivate_previous])


@login_required
def center_head(request, code):
    """Give a center its head, or replace it: the previous head loses the center at once. A
    replacement is previewed first and confirmed with a reason; it can be undone from its record."""
    access.require_people(request.user)
    center = get_object_or_404(Center.objects.select_related("head"), code=code)
    form = HeadForm(request.POST if request.method == "POST" else None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if center.head is not None:
            preview = HeadPreview(center, center.head, data["existing"], data["username"], data["deactivate_previous"])
            if "apply" not in request.POST:
                return _head_page(request, center, form, preview)
            if data["previewed"] != preview.fingerprint:
                form.add_error(None, batches.stale_preview_message())
                return _head_page(request, center, form, preview)
        if preview is not None:
            done, result = form.confirm(lambda reason, _previewed: _appoint(request.user, center, data, reason),
                                        refusals=(services.PeopleError,))
        else:
            try:
                done, result = True, _appoint(request.user, center, data, "")
            except services.PeopleError as error:
                form.add_error(None, str(error))
                done = False
        if done:
            person, password = result
            if password is None:
                messages.success(request, _("%(person)s is now the head of %(center)s.") % {
                    "person": display.person(person), "center": local_name(center)})
                return redirect("people:list") if preview is None else redirect("people:batch", pk=_last_batch(center).pk)
            # shown on this response only: the password is stored hashed and never shown again
            return render(request, "accounts/people/initial_password.html", {
                "person": person, "password": password, "center": center,
                "batch": _last_batch(center) if preview is not None else None})
    return _head_page(request, center, form, preview)


def _appoint(by, center, data, reason):
    """(the new head, their initial password or None for an existing account)."""
    if data["existing"] is not None:
        services.appoint(by, center, data["existing"], data["deactivate_previous"], reason, seen_head=center.head)
        return data["existing"], None
    return services.appoint_new_head(by, center, data["username"], data["first_name"], data["last_name"], data["email"],
                                     data["deactivate_previous"], reason, seen_head=center.head)


def _last_batch(center):
    return batches_of_people().filter(kind=Batch.Kind.HEAD_REPLACED, rows__model=services.CENTER_ROW,
                                      rows__object_id=center.pk).first()


def _head_page(request, center, form, preview):
    return render(request, "accounts/people/center_head.html", {"center": center, "form": form, "preview": preview})


def _person(pk):
    return get_object_or_404(get_user_model(), pk=pk)


@login_required
def deactivate(request, pk):
    """Deactivating an account: what it changes is shown first (the center left without a head,
    the sessions and tokens that end), and it is confirmed with a reason; it can be undone from
    its record."""
    access.require_people(request.user)
    person = _person(pk)
    if not access.can_deactivate(request.user, person):
        return render(request, "accounts/people/confirm.html", {"person": person, "refused": True}, status=403)
    form = BatchConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done, batch = form.confirm(lambda reason, previewed: services.deactivate(request.user, person, reason, previewed),
                                   refusals=(services.PeopleError,))
        if done:
            messages.success(request, _("The account of %(person)s is deactivated.") % {"person": display.person(person)})
            return redirect("people:batch", pk=batch.pk) if batch else redirect("people:list")
    plan = services.plan_deactivation(person)
    return render(request, "accounts/people/confirm.html", {
        "person": person, "action": "deactivate", "form": form, "plan": plan,
        "center": Center.objects.filter(head=person).first(),
    })


@login_required
def reactivate(request, pk):
    """Reactivating an account (asked on a confirmation page, made on POST through the service)."""
    access.require_people(request.user)
    person = _person(pk)
    if not access.can_deactivate(request.user, person):
        return render(request, "accounts/people/confirm.html", {"person": person, "refused": True}, status=403)
    if request.method == "POST":
        try:
            services.reactivate(request.user, person)
        except services.PeopleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The account of %(person)s is active again.") % {"person": display.person(person)})
        return redirect("people:list")
    return render(request, "accounts/people/confirm.html", {"person": person, "action": "reactivate"})


@login_required
def new_password(request, pk):
    """A new initial password for someone who lost theirs (they change it at their next login)."""
    access.require_people(request.user)
    person = _person(pk)
    if not access.can_deactivate(request.user, person) or not person.is_active:
        return render(request, "accounts/people/confirm.html", {"person": person, "refused": True}, status=403)
    if request.method == "POST":
        try:
            password = services.give_initial_password(request.user, person)
        except services.PeopleError as error:
            messages.error(request, str(error))
            return redirect("people:list")
        return render(request, "accounts/people/initial_password.html", {"person": person, "password": password})
    return render(request, "accounts/people/confirm.html", {"person": person, "action": "password"})


@login_required
def changes(request):
    """The record: who changed which account or head, and when; newest first."""
    access.require_people(request.user)
    records = AccountChange.objects.select_related("actor", "person", "center", "previous_head")
    page = Paginator(records, CHANGES_PER_PAGE).get_page(params.whole_number(request.GET.get("page"), 1))
    return render(request, "accounts/people/changes.html", {"page": page, "kinds": dict(AccountChange.Kind.choices)})


BATCHES_PER_PAGE = 50


def batches_of_people():
    """The record: every deactivation and replacement of a head, newest first."""
    return Batch.objects.filter(kind__in=[Batch.Kind.DEACTIVATION, Batch.Kind.HEAD_REPLACED]).select_related(
        "made_by", "undone_by")


@login_required
def batch_list(request):
    """Deactivations and replacements of heads, each opening its page and its undo."""
    access.require_people(request.user)
    page = Paginator(batches_of_people(), BATCHES_PER_PAGE).get_page(params.whole_number(request.GET.get("page"), 1))
    return render(request, "accounts/people/batches.html", {"page": page})


@login_required
def batch_detail(request, pk):
    """One deactivation or replacement of a head: who, when, why, what it changed, and its undo."""
    access.require_people(request.user)
    batch = get_object_or_404(batches_of_people(), pk=pk)
    form = UndoForm(request.POST or None)
    if request.method == "POST" and not batch.undone and form.is_valid():
        try:
            services.undo_batch(request.user, batch, form.cleaned_data["reason"])
        except (services.PeopleError, batches.BatchError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The change was undone."))
            return redirect("people:batch", pk=pk)
    return render(request, "accounts/people/batch.html", {"batch": batch, "form": form, "rows": _described(batch.rows.all())})


def _described(rows):
    """[(what, before, after)] of a batch's rows, in words."""
    rows = list(rows)
    ids = {r.object_id for r in rows if r.model == services.PERSON_ROW}
    ids |= {v for r in rows if r.model == services.CENTER_ROW for v in (r.before["head"], r.after["head"]) if v}
    people = get_user_model().objects.in_bulk(ids)
    centers = Center.objects.in_bulk([r.object_id for r in rows if r.model == services.CENTER_ROW])
    described = []
    for r in rows:
        if r.model == services.CENTER_ROW:
            described.append((_("Head of %(center)s") % {"center": local_name(centers[r.object_id])},
                              display.person(people.get(r.before["head"])), display.person(people.get(r.after["head"]))))
        else:
            state = {True: _("active"), False: _("deactivated")}
            described.append((_("Account of %(person)s") % {"person": display.person(people.get(r.object_id))},
                              state[r.before["active"]], state[r.after["active"]]))
    return described
