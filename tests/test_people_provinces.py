"""The people of a province, at every door (the people pages, the services, the admin): a planner
or director of one province cannot give, change or end any role or headship in another, nor see
its people or their record; national roles are given by a national planner or a superuser only;
a role given or ended is recorded with its province (accounts.services.give_role, end_role)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from accounts import access, roles, services
from accounts.models import AccountChange, RoleAssignment
from centers.models import Center
from tests import factories
from tests.country import country

User = get_user_model()


@pytest.fixture
def world(reference):
    return country()


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_planner_of_one_province_reaches_nobody_of_another_on_the_people_pages(world):
    a, b = world.provinces[0], world.provinces[1]
    planner = client_of(a.planner)
    held = b.staff.role_assignments.get()
    before = (RoleAssignment.objects.count(), AccountChange.objects.count(), Center.objects.get(pk=b.center_1.pk).head_id)
    refused = [
        ("get", f"/people/{b.staff.pk}/roles/", {}),
        ("post", f"/people/{b.staff.pk}/roles/", {"role": roles.STAFF, "province": a.province.pk}),
        ("post", f"/people/{b.staff.pk}/roles/{held.pk}/end/", {}),
        ("get", f"/people/centers/{b.center_1.code}/head/", {}),
        ("post", f"/people/centers/{b.center_1.code}/head/", {"username": "intruder"}),
        ("post", f"/people/centers/{b.center_1.code}/head/", {"existing": a.head.pk}),
        ("post", f"/people/{b.head.pk}/deactivate/", {}),
        ("post", f"/people/{b.staff.pk}/password/", {}),
        ("post", f"/people/{b.staff.pk}/reactivate/", {}),
    ]
    for method, path, data in refused:
        assert getattr(planner, method)(path, data).status_code == 404, path
    # a new account in another province: not a choice
    response = planner.post("/people/new/", {"username": "newcomer", "role": roles.STAFF, "province": b.province.pk})
    assert response.status_code == 200 and "province" in response.context["form"].errors
    assert not User.objects.filter(username="newcomer").exists()
    assert (RoleAssignment.objects.count(), AccountChange.objects.count(), Center.objects.get(pk=b.center_1.pk).head_id) == before
    listed = planner.get("/people/").content.decode()
    assert b.staff.username not in listed and b.center_1.name_fa not in listed and a.staff.username in listed


def test_every_door_of_the_services_refuses_another_provinces_people(world):
    a, b = world.provinces[0], world.provinces[1]
    held = b.staff.role_assignments.get()
    spare = factories.user("spare-head", roles.CENTER_HEAD)
    for attempt in (
        lambda: services.give_role(a.planner, b.staff, roles.STAFF, b.province),
        lambda: services.give_role(a.director, a.staff, roles.STAFF, b.province),
        lambda: services.end_role(a.director, held),
        lambda: services.set_head(b.center_1, spare, by=a.planner),
        lambda: services.set_head(b.center_1, None, by=a.director),
        lambda: services.appoint_new_head(a.director, b.center_2, "intruder"),
        lambda: services.deactivate(a.director, b.head),
        lambda: services.reactivate(a.director, b.staff),
        lambda: services.give_initial_password(a.director, b.staff),
    ):
        with pytest.raises(services.PeopleError):
            attempt()
    b.center_1.refresh_from_db()
    assert b.center_1.head == b.head and held.until is None and b.head.is_active
    assert not User.objects.filter(username="intruder").exists()


def test_a_province_gives_and_ends_its_own_roles_by_rank_and_records_them(world):
    a = world.provinces[0]
    planner, director = client_of(a.planner), client_of(a.director)
    person = factories.user("newcomer-alf", roles.STAFF, a.province)
    # a planner gives staff roles; a director's or a planner's only the director
    assert planner.post(f"/people/{person.pk}/roles/", {"role": roles.PLANNER, "province": a.province.pk}).status_code == 200
    assert not access.provinces(person, roles.PLANNER)
    assert director.post(f"/people/{person.pk}/roles/", {"role": roles.PLANNER, "province": a.province.pk}).status_code == 302
    given = RoleAssignment.objects.open().get(user=person, role=roles.PLANNER)
    assert given.province == a.province and person.groups.filter(name=roles.PLANNER).exists()
    assert a.province.pk in access.provinces(User.objects.get(pk=person.pk), roles.PLANNER)
    # the planner cannot end it; the director can, and the group follows
    assert planner.post(f"/people/{person.pk}/roles/{given.pk}/end/").status_code == 302
    given.refresh_from_db()
    assert given.until is None
    assert director.post(f"/people/{person.pk}/roles/{given.pk}/end/").status_code == 302
    given.refresh_from_db()
    assert given.until is not None and not person.groups.filter(name=roles.PLANNER).exists()
    records = list(AccountChange.objects.filter(person=person).order_by("pk").values_list("kind", "role", "province", "actor"))
    assert records == [("role_given", roles.PLANNER, a.province.pk, a.director.pk),
                       ("role_ended", roles.PLANNER, a.province.pk, a.director.pk)]
    # the record is the province's: another province's director does not see it
    changes = client_of(world.provinces[1].director).get("/people/changes/").content.decode()
    assert person.username not in changes
    assert person.username in director.get("/people/changes/").content.decode()
    # nobody ends their own role
    with pytest.raises(services.PeopleError):
        services.end_role(a.director, a.director.role_assignments.get())


def test_national_roles_are_given_by_a_national_planner_or_a_superuser_only(world):
    a = world.provinces[0]
    person = factories.user("candidate", roles.STAFF, a.province)
    for by in (a.director, a.planner, world.national_observer):
        with pytest.raises(services.PeopleError):
            services.give_role(by, person, roles.NATIONAL_OBSERVER)
    response = client_of(a.director).post(f"/people/{person.pk}/roles/", {"role": roles.NATIONAL_OBSERVER})
    assert response.status_code == 200 and not RoleAssignment.objects.filter(role=roles.NATIONAL_OBSERVER, user=person).exists()
    national = client_of(world.national_planner)
    assert national.post(f"/people/{person.pk}/roles/", {"role": roles.NATIONAL_OBSERVER}).status_code == 302
    assert RoleAssignment.objects.open().filter(role=roles.NATIONAL_OBSERVER, user=person, province=None).exists()
    root = factories.user("root", is_superuser=True)
    services.give_role(root, person, roles.NATIONAL_PLANNER)
    # and the national planner manages every province's people
    assert national.get(f"/people/{world.provinces[2].staff.pk}/roles/").status_code == 200


def test_a_person_of_two_provinces_is_managed_by_neither_alone(world):
    a, b = world.provinces[0], world.provinces[1]
    both = factories.user("two-provinces", roles.STAFF, a.province)
    services.give_role(None, both, roles.STAFF, b.province)
    assert not access.can_deactivate(a.director, both) and not access.can_deactivate(b.director, both)
    assert access.can_deactivate(world.national_planner, both)
    assert both.username in client_of(a.director).get("/people/").content.decode()  # listed, not changed
    assert client_of(a.director).post(f"/people/{both.pk}/deactivate/").status_code == 403


def test_the_admin_keeps_the_provinces(world):
    """A planner with the admin's user permissions changes no one of another province there, and
    their centers only."""
    a, b = world.provinces[0], world.provinces[1]
    a.planner.is_staff = True
    a.planner.save()
    a.planner.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    admin = client_of(User.objects.get(pk=a.planner.pk))
    users = admin.get("/admin/auth/user/").content.decode()
    assert a.head.username in users and b.head.username not in users
    before = User.objects.get(pk=b.head.pk)
    response = admin.post(f"/admin/auth/user/{b.head.pk}/change/", {"username": "renamed", "is_active": ""})
    assert response.status_code in (302, 403, 404)
    after = User.objects.get(pk=b.head.pk)
    assert (after.username, after.is_active) == (before.username, before.is_active)
    # centers: theirs listed and changed, another province's neither; none moved to another
    centers = admin.get("/admin/centers/center/").content.decode()
    assert a.center_1.code in centers and b.center_1.code not in centers
    response = admin.post(f"/admin/centers/center/{b.center_1.pk}/change/", {
        "province": b.province.pk, "code": b.center_1.code, "name_fa": "تغییر", "county_fa": "x", "kind": "mixed",
        "active": "on"})
    assert response.status_code in (302, 403) and Center.objects.get(pk=b.center_1.pk).name_fa == b.center_1.name_fa
    response = admin.post(f"/admin/centers/center/{a.center_1.pk}/change/", {
        "province": b.province.pk, "code": a.center_1.code, "name_fa": a.center_1.name_fa, "county_fa": "x",
        "kind": "mixed", "active": "on"})
    assert response.status_code == 200 and "province" in response.context["adminform"].form.errors
    assert Center.objects.get(pk=a.center_1.pk).province == a.province
    # the workflow models' rows too (read-only for everyone): another province's reports are not listed
    reports = admin.get("/admin/reports/monthlyreport/").content.decode()
    assert a.center_1.name_fa in reports and b.center_1.name_fa not in reports
