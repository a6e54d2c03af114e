"""The people of a province, for its director and planners (and a national planner, of every
province), without the admin: the accounts with their roles and centers, a center's head (a new
account with an initial password, or an existing head without a center), the roles a person
holds (given and ended), a new account holding a role, deactivation, a new initial password, and
the record of every change. Each page shows and changes only the provinces the user manages
(accounts.access); every write goes through accounts.services."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers.models import Center
from payesh import display, params
from payesh.i18n import local_name
from payesh.limits import ID_MAX

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


@login_required
def center_head(request, code):
    """Give a center its head, or replace it: the previous head loses the center at once."""
    access.require_people(request.user)
    center = get_object_or_404(access.people_provinces(request.user).filter(Center.objects.select_related("head")),
                               code=code)
    form = HeadForm(request.POST if request.method == "POST" else None, by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["existing"] is not None:
                services.appoint(request.user, center, data["existing"], data["deactivate_previous"])
                messages.success(request, _("%(person)s is now the head of %(center)s.") % {
                    "person": display.person(data["existing"]), "center": center})
                return redirect("people:list")
            person, password = services.appoint_new_head(
                request.user, center, data["username"], data["first_name"], data["last_name"], data["email"],
                data["deactivate_previous"])
        except services.PeopleError as error:
            form.add_error(None, str(error))
        else:
            # shown on this response only: the password is stored hashed and never shown again
            return render(request, "accounts/people/initial_password.html",
                          {"person": person, "password": password, "center": center})
    return render(request, "accounts/people/center_head.html", {"center": center, "form": form})


def _person(request, pk):
    """A person of the user's pages; 404 for anyone else (another province's people are not
    confirmed to exist)."""
    return get_object_or_404(access.listed_people(request.user, get_user_model().objects.all()), pk=min(pk, ID_MAX))


def _account_change(request, pk, action, change, done):
    """Deactivate or reactivate an account: asked on a confirmation page, made on POST through
    the service, refused (403) for an account the user may not manage."""
    access.require_people(request.user)
    person = _person(request, pk)
    if not access.can_deactivate(request.user, person):
        return render(request, "accounts/people/confirm.html", {"person": person, "refused": True}, status=403)
    if request.method == "POST":
        try:
            change(request.user, person)
        except services.PeopleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done % {"person": display.person(person)})
        return redirect("people:list")
    return render(request, "accounts/people/confirm.html", {"person": person, "action": action})


@login_required
def deactivate(request, pk):
    return _account_change(request, pk, "deactivate", services.deactivate,
                           _("The account of %(person)s is deactivated."))


@login_required
def reactivate(request, pk):
    return _account_change(request, pk, "reactivate", services.reactivate,
                           _("The account of %(person)s is active again."))


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
