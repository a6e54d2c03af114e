"""Every change to the province's people goes through these functions, whichever door it comes
from (the people pages, the admin's actions, seed_demo): each one is one transaction and leaves an
AccountChange (who, when, what).

Taking an account back (deactivating it, giving it a new initial password, a reset by email) ends
every way in it had: `end_access` (sessions, reset links, API tokens), so a reactivation brings
none of them back.

A center's head is `Center.head` (what accounts/access.py reads, so a replaced head loses the
center's pages with the very next request) and its history is `centers.Headship`; `set_head` is
the one function that moves both together.

Deactivating an account and replacing a head are seen before and can be undone after
(payesh/batches.py): each records a Batch (who, when, why, the center's head and the account's
being active before and after), and `undo_batch` puts them back through these same functions.

A role held in a province or nationally is a `RoleAssignment` (accounts/roles.py), given by
`give_role` and ended by `end_role`, which keep the role's Django group (the admin's model
permissions, nothing more) in step. Where `by` is given (a person asked, on a page or in the
admin), each function refuses what accounts/access.py does not allow them in that province.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.models import Center, Headship
from payesh import batches, display
from payesh.batches import Change, Plan
from payesh.i18n import local_name
from payesh.models import Batch

from . import access, roles
from .models import AccountChange, Profile, RoleAssignment
from .profile import profile_of
from .signals import access_ended

# no look-alikes (0/O, 1/l/I): an initial password is read off a screen and typed on a phone
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


class PeopleError(Exception):
    """A change refused for a reason the person asking should read."""


def initial_password():
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_LENGTH))


def record(kind, person=None, by=None, center=None, previous_head=None, at=None, detail="", province=None, role=""):
    """One AccountChange; the province it concerns is the center's when a center is named."""
    if province is None and center is not None:
        province = center.province_id
    return AccountChange.objects.create(kind=kind, person=person, actor=by, center=center, previous_head=previous_head,
                                        at=at or timezone.now(), detail=detail[:200], role=role,
                                        province_id=getattr(province, "pk", province))


def refuse_unless(allowed, message=None):
    if not allowed:
        raise PeopleError(message or _("This is not yours to change: it belongs to another province's people."))


def email_in_use(email: str, except_user=None) -> bool:
    """Whether another account has this address, in any case (a blank address is nobody's): an
    address names one account, since a reset link sent to it opens that account."""
    email = (email or "").strip()
    if not email:
        return False
    others = get_user_model().objects.filter(email__iexact=email)
    if except_user is not None and except_user.pk is not None:
        others = others.exclude(pk=except_user.pk)
    return others.exists()


def email_taken_message():
    return _("Another account already uses this email address.")


@transaction.atomic
def end_access(person) -> None:
    """Every way into the account made until now stops working: its sessions (at their next
    request, accounts.middleware), its password reset links (accounts.reset) and its API tokens
    (revoked by api on `access_ended`). A later reactivation brings none of them back."""
    profile = profile_of(person)
    Profile.objects.filter(pk=profile.pk).update(access_version=F("access_version") + 1)
    profile.refresh_from_db(fields=["access_version"])
    access_ended.send(sender=end_access, person=person)


@transaction.atomic
def set_head(center, user, by=None, at=None):
    """Make `user` the head of `center` (None: leave it without a head). The previous head's
    headship ends now (or `at`, for seed_demo's history) and they lose the center's pages at
    once; their past submissions keep their name (reports point at the user, who is kept).
    Returns the previous head."""
    refuse_unless(by is None or access.can_appoint_head(by, center))
    given, center = center, Center.objects.select_for_update(of=("self",)).select_related("head").get(pk=center.pk)
    previous = center.head
    if previous == user:
        return previous
    if user is not None:
        if not user.is_active:
            raise PeopleError(_("An account that is deactivated cannot head a center."))
        other = Center.objects.filter(head=user).exclude(pk=center.pk).first()
        if other is not None:
            raise PeopleError(_("%(person)s already heads %(center)s.") % {
                "person": display.person(user), "center": local_name(other)})
    now = at or timezone.now()
    closed = Headship.objects.filter(center=center, ended__isnull=True).update(ended=now)
    if previous is not None and not closed:  # a head set before the history was kept
        Headship.objects.create(center=center, head=previous, started=None, ended=now)
    center.head = user
    try:
        with transaction.atomic():  # two centers given the same person at once: one wins
            center.save(update_fields=["head"])
    except IntegrityError:
        raise PeopleError(_("%(person)s already heads another center.") % {"person": display.person(user)}) from None
    given.head = user  # the caller's copy too (seed_demo goes on with it)
    if user is None:
        record(AccountChange.Kind.HEAD_REMOVED, person=previous, by=by, center=center, previous_head=previous, at=now)
        return previous
    user.groups.add(Group.objects.get_or_create(name=roles.CENTER_HEAD)[0])
    roles.forget(user)
    Headship.objects.create(center=center, head=user, started=now)
    record(AccountChange.Kind.HEAD_APPOINTED, person=user, by=by, center=center, previous_head=previous, at=now)
    return previous


@transaction.atomic
def create_account(by, username, first_name="", last_name="", email="", role=roles.CENTER_HEAD, province=None):
    """A new account with a generated initial password that its owner must change at first
    login, a head (to be given a center) or holding `role` in `province` (give_role). Returns
    (user, password): the password is shown once and stored only hashed."""
    User = get_user_model()
    username, email = username.strip(), (email or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise PeopleError(_("The username %(username)s is taken.") % {"username": username})
    if email_in_use(email):
        raise PeopleError(email_taken_message())
    password = initial_password()
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.save()
    profile = profile_of(user)
    profile.must_change_password = True
    profile.save(update_fields=["must_change_password"])
    record(AccountChange.Kind.CREATED, person=user, by=by, province=province)
    if role == roles.CENTER_HEAD:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    else:
        give_role(by, user, role, province)
    return user, password


ANY_HEAD = object()  # appoint's seen_head when the caller saw no head in particular


@transaction.atomic
def appoint_new_head(by, center, username, first_name="", last_name="", email="", deactivate_previous=False,
                     reason="", seen_head=ANY_HEAD):
    """A new account made head of the center (replacing its head, if it has one). Returns
    (user, initial password)."""
    refuse_unless(by is None or access.can_appoint_head(by, center))
    user, password = create_account(by, username, first_name, last_name, email, province=center.province_id)
    appoint(by, center, user, deactivate_previous, reason, seen_head)
    return user, password


@transaction.atomic
def appoint(by, center, user, deactivate_previous=False, reason="", seen_head=ANY_HEAD):
    """`user` heads the center; the previous head, if asked, is deactivated, but only when `by`
    could deactivate them on the people pages (a planner does not deactivate the director).

    Replacing a head is recorded as a batch change (payesh/batches.py) that `undo_batch`
    undoes. `seen_head`: the head (a user or None) the page showed when the replacement was
    previewed; if the center has another head now, nothing is done."""
    locked = Center.objects.select_for_update(of=("self",)).select_related("head").get(pk=center.pk)
    previous = locked.head
    if seen_head is not ANY_HEAD and getattr(seen_head, "pk", None) != locked.head_id:
        raise batches.StalePreview(_("The center's head changed after the preview was made. Look at the new preview before confirming."))
    plan = Plan([Change(CENTER_ROW, center.pk, {"head": locked.head_id}, {"head": user.pk})])
    set_head(center, user, by=by)
    if deactivate_previous and previous is not None and previous != user:
        if not access.can_deactivate(by, previous):
            raise PeopleError(_("You may not deactivate the account of %(person)s: appoint the new head "
                                "without deactivating the previous one.") % {"person": display.person(previous)})
        if previous.is_active:
            plan.changes.append(Change(PERSON_ROW, previous.pk, {"active": True}, {"active": False}))
        _deactivate(by, previous)
    if previous is not None and previous != user:
        batches.record(Batch.Kind.HEAD_REPLACED, by, reason.strip() or _("head of the center replaced"), plan.changes,
                       detail=local_name(locked))
    return previous


@transaction.atomic
def undo_batch(by, batch, reason):
    """Undo a deactivation or a replacement of a head: the account is active again and heads its
    center again (its earlier sessions, reset links and API tokens stay ended); an account made
    for the new head stays, without the center. Refused when a center or an account changed
    after the batch, or when `by` may not reactivate the account."""
    batch, reason = batches.take_for_undo(batch, reason)
    rows = list(batch.rows.all())
    people = get_user_model().objects.select_for_update().in_bulk([r.object_id for r in rows if r.model == PERSON_ROW])
    centers = Center.objects.select_for_update().in_bulk([r.object_id for r in rows if r.model == CENTER_ROW])
    now = {(PERSON_ROW, pk): {"active": p.is_active} for pk, p in people.items()}
    now.update({(CENTER_ROW, pk): {"head": c.head_id} for pk, c in centers.items()})
    changed = batches.changed_since(rows, now)
    if changed:
        raise PeopleError(_("Not undone: %(what)s since, and undoing would overwrite that. Change it on the people pages instead.")
                          % {"what": display.texts_list(_changed_row(row, people, centers) for row in changed)})
    for row in rows:
        if row.model == PERSON_ROW:
            person = people[row.object_id]
            if not access.can_deactivate(by, person):
                raise PeopleError(_("You may not reactivate the account of %(person)s.") % {"person": display.person(person)})
            if row.before["active"]:
                reactivate(by, person)
    heads = get_user_model().objects.in_bulk([r.before["head"] for r in rows if r.model == CENTER_ROW and r.before["head"]])
    for row in rows:
        if row.model == CENTER_ROW:
            set_head(centers[row.object_id], heads.get(row.before["head"]), by=by)
    return batches.mark_undone(batch, by, reason)


def _changed_row(row, people, centers):
    if row.model == CENTER_ROW:
        return _("%(center)s has had another head") % {"center": local_name(centers[row.object_id])}
    return _("the account of %(person)s has changed") % {"person": display.person(people.get(row.object_id))}


# What a batch change of people records of each row (payesh/batches.py).
PERSON_ROW = "auth.user"
CENTER_ROW = "centers.center"


def plan_deactivation(person) -> Plan:
    """What deactivating the account changes: the center it heads is left without a head, and
    the account is no longer active."""
    plan = Plan()
    center = Center.objects.filter(head=person).first()
    if center is not None:
        plan.changes.append(Change(CENTER_ROW, center.pk, {"head": person.pk}, {"head": None}))
    if person.is_active:
        plan.changes.append(Change(PERSON_ROW, person.pk, {"active": True}, {"active": False}))
    return plan


@transaction.atomic
def deactivate(by, person, reason="", previewed=None):
    """The account can no longer log in, and its sessions, reset links and API tokens end for
    good (end_access); a center it heads is left without a head. The account and its name on
    past work are kept. Recorded as a batch change (as previewed), which `undo_batch` undoes;
    returns it (None when the account was deactivated already and headed nothing)."""
    plan = plan_deactivation(person)
    batches.check_previewed(plan, previewed)
    _deactivate(by, person)
    if not plan.changes:
        return None
    return batches.record(Batch.Kind.DEACTIVATION, by, reason.strip() or _("account deactivated"), plan.changes,
                          detail=display.person(person))


def _deactivate(by, person):
    if person.pk == by.pk:
        raise PeopleError(_("You cannot deactivate your own account."))
    if person.is_superuser:
        raise PeopleError(_("A superuser's account is managed in the admin."))
    refuse_unless(access.can_deactivate(by, person))
    center = Center.objects.filter(head=person).first()
    if center is not None:
        set_head(center, None, by=by)
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
        end_access(person)
        record(AccountChange.Kind.DEACTIVATED, person=person, by=by)


@transaction.atomic
def reactivate(by, person):
    """A deactivated account may log in again with its password (it heads no center until one is
    given to it); the sessions and tokens it had before stay ended."""
    if person.is_superuser:
        raise PeopleError(_("A superuser's account is managed in the admin."))
    refuse_unless(by is None or access.can_deactivate(by, person))
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        record(AccountChange.Kind.REACTIVATED, person=person, by=by)


@transaction.atomic
def give_initial_password(by, person):
    """A new initial password for someone who lost theirs; they must change it at next login, and
    whoever held the old one is out (end_access)."""
    if not person.is_active:
        raise PeopleError(_("The account is deactivated."))
    if person.is_superuser:
        raise PeopleError(_("A superuser's account is managed in the admin."))
    refuse_unless(access.can_deactivate(by, person))
    password = initial_password()
    person.set_password(password)
    person.save(update_fields=["password"])
    password_given(by, person)
    return password


@transaction.atomic
def password_given(by, person):
    """Someone else set the person's password (an initial password here, or one typed in the
    admin): the person must choose their own at next login, and every way in made before ends."""
    profile = profile_of(person)
    profile.must_change_password = True
    profile.save(update_fields=["must_change_password"])
    end_access(person)
    record(AccountChange.Kind.PASSWORD_SET, person=person, by=by)


@transaction.atomic
def password_chosen(user):
    """The user chose their own password (changed it, or reset it by email): the first-login
    rule is met."""
    profile = profile_of(user)
    if profile.must_change_password:
        profile.must_change_password = False
        profile.save(update_fields=["must_change_password"])
    record(AccountChange.Kind.PASSWORD_CHANGED, person=user, by=user)


@transaction.atomic
def password_reset(user):
    """The user chose a new password through a link mailed to them: the first-login rule is met,
    and every other way in ends (other sessions, other links, API tokens), as whoever held the
    old password may hold them."""
    profile = profile_of(user)
    if profile.must_change_password:
        profile.must_change_password = False
        profile.save(update_fields=["must_change_password"])
    end_access(user)
    record(AccountChange.Kind.PASSWORD_RESET, person=user, by=user)



def _role_group(role):
    return Group.objects.get_or_create(name=role)[0]


@transaction.atomic
def give_role(by, person, role, province=None, at=None) -> RoleAssignment:
    """`person` holds `role` in `province` (a national role: in none) from now (or `at`, for
    seed_demo's history); given again while held, nothing changes. Returns the assignment."""
    if role not in roles.ASSIGNED:
        raise PeopleError(_("There is no such role."))
    national = role in roles.NATIONAL_ROLES
    if national != (province is None):
        raise PeopleError(_("A national role is held in no province; a director, planner or staff member in one."))
    refuse_unless(by is None or access.can_give_role(by, role, province))
    if not person.is_active:
        raise PeopleError(_("The account is deactivated."))
    held = RoleAssignment.objects.open().filter(user=person, role=role, province=province).first()
    if held is not None:
        return held
    now = at or timezone.now()
    try:
        with transaction.atomic():  # given twice at once: one wins
            assignment = RoleAssignment.objects.create(user=person, role=role, province=province, since=now)
    except IntegrityError:
        return RoleAssignment.objects.open().get(user=person, role=role, province=province)
    person.groups.add(_role_group(role))
    roles.forget(person)
    record(AccountChange.Kind.ROLE_GIVEN, person=person, by=by, at=now, province=province, role=role)
    return assignment


@transaction.atomic
def end_role(by, assignment, at=None) -> RoleAssignment:
    """The person no longer holds the role there, from now (or `at`); the record keeps since
    when and until when they did. Ending an ended role changes nothing."""
    refuse_unless(by is None or access.can_end_role(by, assignment),
                  _("You may not end this role.") if by is not None and assignment.user_id == by.pk else None)
    assignment = RoleAssignment.objects.select_for_update().select_related("user").get(pk=assignment.pk)
    if assignment.until is not None:
        return assignment
    assignment.until = max(at or timezone.now(), assignment.since)
    assignment.save(update_fields=["until"])
    person = assignment.user
    if not RoleAssignment.objects.open().filter(user=person, role=assignment.role).exists():
        person.groups.remove(_role_group(assignment.role))
    roles.forget(person)
    record(AccountChange.Kind.ROLE_ENDED, person=person, by=by, at=assignment.until, province=assignment.province_id,
           role=assignment.role)
    return assignment
