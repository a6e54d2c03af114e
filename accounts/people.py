"""The people of the province, for the director and planners, without the admin: the accounts
with their roles and centers, a center's head (a new account with an initial password, or an
existing head without a center), deactivation, a new initial password, and the record of every
change. Every write goes through accounts.services."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from centers.models import Center
from payesh import display, params

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


@login_required
def center_head(request, code):
    """Give a center its head, or replace it: the previous head loses the center at once."""
    access.require_people(request.user)
    center = get_object_or_404(Center.objects.select_related("head"), code=code)
    form = HeadForm(request.POST if request.method == "POST" else None)
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


def _person(pk):
    return get_object_or_404(get_user_model(), pk=pk)


def _account_change(request, pk, action, change, done):
    """Deactivate or reactivate an account: asked on a confirmation page, made on POST through
    the service, refused (403) for an account the user may not manage."""
    access.require_people(request.user)
    person = _person(pk)
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
