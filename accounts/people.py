"""The people of a province, for its director and planners (and a national planner, of every
province), without the admin: the accounts with their roles and centers, a center's head (a new
account with an initial password, or an existing head without a center), the roles a person
holds (given and ended), a new account holding a role, deactivation, a new initial password, and
the record of every change. Each page shows and changes only the provinces the user manages
(accounts.access); every write goes through accounts.services."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers.models import Center
from payesh import batches, display, params
from payesh.forms import BatchConfirmForm, UndoForm
from payesh.i18n import local_name
from payesh.limits import ID_MAX
from payesh.models import Batch

from . import access, roles, services
from .forms import HeadForm, NewPersonForm, RoleForm
from .models import AccountChange, RoleAssignment

CHANGES_PER_PAGE = 100


def role_label(assignment):
    """"planner – East Azerbaijan", "national observer"."""
    label = str(roles.ROLE_NAMES[assignment.role])
    return f"{label} – {local_name(assignment.province)}" if assignment.province_id else label


def role_labels(user):
    """The roles the user holds now (prefetched as `held_roles`), each with its province, and
    "center head" for a head."""
    labels = [role_label(a) for a in user.held_roles]
    if any(g.name == roles.CENTER_HEAD for g in user.groups.all()):  # prefetched
        labels.append(str(roles.ROLE_NAMES[roles.CENTER_HEAD]))
    return labels


def _people(user):
    """The people on the user's pages, with what the list shows of them, in a few queries."""
    held = RoleAssignment.objects.open().select_related("province").order_by("role", "province__name_fa")
    return (access.listed_people(user, get_user_model().objects.all())
            .select_related("headed_center").prefetch_related("groups", Prefetch("role_assignments", held, "held_roles")))


@login_required
def people_list(request):
    access.require_people(request.user)
    people = list(_people(request.user).order_by("-is_active", "username"))
    manageable = set(access.manageable_people(request.user, get_user_model().objects.filter(
        pk__in=[p.pk for p in people])).values_list("pk", flat=True))
    rows = [{"person": p, "roles": role_labels(p), "center": getattr(p, "headed_center", None),
             "can_change": p.pk in manageable} for p in people]
    centers = access.people_provinces(request.user).filter(Center.objects.select_related("head"))
    return render(request, "accounts/people/list.html", {
        "rows": rows, "centers": centers.order_by("province", "code"),
        "gives_roles": bool(RoleForm(by=request.user).fields["role"].choices)})


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
    center = get_object_or_404(access.people_provinces(request.user).filter(Center.objects.select_related("head")),
                               code=code)
    form = HeadForm(request.POST if request.method == "POST" else None, by=request.user)
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
    return Batch.objects.filter(kind=Batch.Kind.HEAD_REPLACED, rows__model=services.CENTER_ROW,
                                      rows__object_id=center.pk).first()


def _head_page(request, center, form, preview):
    return render(request, "accounts/people/center_head.html", {"center": center, "form": form, "preview": preview})


def _person(request, pk):
    """A person of the user's pages; 404 for anyone else (another province's people are not
    confirmed to exist)."""
    return get_object_or_404(access.listed_people(request.user, get_user_model().objects.all()), pk=min(pk, ID_MAX))


@login_required
def deactivate(request, pk):
    """Deactivating an account: what it changes is shown first (the center left without a head,
    the sessions and tokens that end), and it is confirmed with a reason; it can be undone from
    its record."""
    access.require_people(request.user)
    person = _person(request, pk)
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
    person = _person(request, pk)
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
    person = _person(request, pk)
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
def person_roles(request, pk):
    """The roles a person holds and held, each with its province and since when; a role given
    here (where the user may give it), or ended."""
    access.require_people(request.user)
    person = _person(request, pk)
    form = RoleForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_role(request.user, person, form.cleaned_data["role"], form.cleaned_data["province"])
        except services.PeopleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(person)s now holds the role of %(role)s.") % {
                "person": display.person(person), "role": roles.ROLE_NAMES[form.cleaned_data["role"]]})
            return redirect("people:roles", pk=person.pk)
    assignments = list(person.role_assignments.select_related("province"))
    return render(request, "accounts/people/roles.html", {
        "person": person, "form": form if form.fields["role"].choices else None,
        "assignments": [(a, role_label(a), a.is_open and access.can_end_role(request.user, a)) for a in assignments],
    })


@login_required
@require_POST
def end_role(request, pk, assignment):
    access.require_people(request.user)
    person = _person(request, pk)
    held = get_object_or_404(person.role_assignments.open(), pk=min(assignment, ID_MAX))
    try:
        services.end_role(request.user, held)
    except services.PeopleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(person)s no longer holds the role of %(role)s.") % {
            "person": display.person(person), "role": role_label(held)})
    return redirect("people:roles", pk=person.pk)


@login_required
def new_person(request):
    """A new account holding a role (a head is made on their center's page)."""
    access.require_people(request.user)
    form = NewPersonForm(request.POST or None, by=request.user)
    if not form.fields["role"].choices:
        return redirect("people:list")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, password = services.create_account(request.user, data["username"], data["first_name"],
                                                       data["last_name"], data["email"], data["role"], data["province"])
        except services.PeopleError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "accounts/people/initial_password.html", {"person": person, "password": password})
    return render(request, "accounts/people/new_person.html", {"form": form})


@login_required
def changes(request):
    """The record: who changed which account, role or head, and when; newest first."""
    access.require_people(request.user)
    records = access.visible_changes(request.user, AccountChange.objects.select_related(
        "actor", "person", "center", "previous_head", "province"))
    page = Paginator(records, CHANGES_PER_PAGE).get_page(params.whole_number(request.GET.get("page"), 1))
    return render(request, "accounts/people/changes.html", {"page": page, "kinds": dict(AccountChange.Kind.choices)})


BATCHES_PER_PAGE = 50


def batches_of_people(user):
    """The record: the deactivations and replacements of heads of the user's people and centers
    (accounts.access), newest first."""
    people = access.listed_people(user, get_user_model().objects.all()).values("pk")
    centers = access.people_provinces(user).filter(Center.objects.all()).values("pk")
    mine = Batch.objects.filter(Q(rows__model=services.PERSON_ROW, rows__object_id__in=people)
                                | Q(rows__model=services.CENTER_ROW, rows__object_id__in=centers)).values("pk")
    return Batch.objects.filter(kind__in=[Batch.Kind.DEACTIVATION, Batch.Kind.HEAD_REPLACED], pk__in=mine).select_related(
        "made_by", "undone_by")


@login_required
def batch_list(request):
    """Deactivations and replacements of heads, each opening its page and its undo."""
    access.require_people(request.user)
    page = Paginator(batches_of_people(request.user), BATCHES_PER_PAGE).get_page(params.whole_number(request.GET.get("page"), 1))
    return render(request, "accounts/people/batches.html", {"page": page})


@login_required
def batch_detail(request, pk):
    """One deactivation or replacement of a head: who, when, why, what it changed, and its undo."""
    access.require_people(request.user)
    batch = get_object_or_404(batches_of_people(request.user), pk=min(pk, ID_MAX))
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
