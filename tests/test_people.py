"""The people of the province (director and planners, without the admin): a center's head
created or replaced through one service, the previous head losing the center at once, headship
history, deactivation, and a record of every change."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from accounts import access, roles, services
from accounts.models import AccountChange
from centers.models import Center, Headship
from tests import factories
from tests.batch_helpers import confirm_shown, preview_and_confirm
from tests.test_progress import build

PEOPLE_PAGES = ["/people/", "/people/centers/CA/head/", "/people/changes/"]


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def person_pages(people):
    return PEOPLE_PAGES + [f"/people/{people.head_b.pk}/{action}/" for action in ("deactivate", "reactivate", "password")]


@pytest.mark.parametrize("who", ["head_a", "staff"])
def test_a_head_or_staff_cannot_reach_the_people_pages(people, who):
    client = client_of(getattr(people, who))
    for url in person_pages(people):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"username": "intruder", "existing": people.head_a.pk}).status_code == 403, url
    assert people.center_a.head == people.head_a
    assert get_user_model().objects.filter(is_active=False).count() == 0
    assert not AccountChange.objects.exists()


def test_anonymous_is_sent_to_the_login(people):
    for url in person_pages(people):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("who", ["director", "planner"])
def test_the_directorate_lists_people_with_roles_and_centers(people, who):
    html = client_of(getattr(people, who)).get("/people/").content.decode()
    assert 'id="people"' in html and "head-a" in html and "مرکز الف" in html
    assert str(roles.ROLE_NAMES[roles.CENTER_HEAD]) in html or "رئیس مرکز" in html


def test_the_list_query_count_does_not_grow_with_people(people, province, django_assert_max_num_queries):
    client = client_of(people.director)
    with django_assert_max_num_queries(8) as few:
        client.get("/people/")
    for i in range(15):
        factories.center(province, f"X{i}", head=factories.user(f"h{i}", roles.CENTER_HEAD))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/people/").status_code == 200


def test_replacing_a_head_takes_the_center_from_them_at_once(people, reference):
    build(people)
    old_head = client_of(people.head_a)
    entry_pages = ["/reports/centers/CA/", "/reports/centers/CA/1405/3/", "/reports/centers/CA/1405/1/",
                   "/courses/centers/CA/1405/3/"]
    assert [old_head.get(url).status_code for url in entry_pages] == [200] * len(entry_pages)

    _preview, response = preview_and_confirm(client_of(people.director), "/people/centers/CA/head/", {
        "username": "head-a2", "first_name": "مریم", "last_name": "تازه", "email": "maryam@example.org"}, follow=False)
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()

    # the same session of the old head, the very next request
    assert [old_head.get(url).status_code for url in entry_pages] == [404] * len(entry_pages)
    assert old_head.post("/reports/centers/CA/1405/3/", {"version": "1"}).status_code == 404

    new_head = Client()
    new_head.post("/accounts/login/", {"username": "head-a2", "password": password})
    assert new_head.get("/reports/centers/CA/")["Location"] == "/accounts/password/"  # first login
    new_head.post("/accounts/password/", {"old_password": password, "new_password1": "Sahand-1405-bahar",
                                          "new_password2": "Sahand-1405-bahar"})
    assert [new_head.get(url).status_code for url in entry_pages] == [200] * len(entry_pages)
    assert new_head.get("/reports/centers/CB/").status_code == 404


def test_past_submissions_keep_the_name_of_who_submitted_them(people, reference):
    people.head_a.first_name, people.head_a.last_name = "احمد", "قدیمی"
    people.head_a.save()
    factories.commitment(people.center_a)
    report = factories.report(people.center_a, month=1)
    report.submitted_by = report.updated_by = people.head_a
    report.save()
    new_head, _password = services.appoint_new_head(people.director, people.center_a, "head-a2", "مریم", "تازه")
    report.refresh_from_db()
    assert report.submitted_by == people.head_a
    html = client_of(people.planner).get("/reports/centers/CA/1405/1/").content.decode()
    assert "احمد قدیمی" in html and "مریم تازه" not in html
    assert re.search(r'id="submitted-by">[^<]*احمد قدیمی</span>', html)
    services.password_chosen(new_head)
    html = client_of(new_head).get("/reports/centers/CA/1405/1/").content.decode()  # the new head reads the old month
    assert re.search(r'id="submitted-by">[^<]*احمد قدیمی</span>', html)


def test_an_existing_head_without_a_center_can_be_appointed(people):
    spare = factories.user("head-spare", roles.CENTER_HEAD)
    client = client_of(people.planner)
    form = client.get("/people/centers/CA/head/").content.decode()
    assert f'value="{spare.pk}"' in form and f'value="{people.head_b.pk}"' not in form  # head-b heads CB
    _preview, response = preview_and_confirm(client, "/people/centers/CA/head/", {"existing": spare.pk, "deactivate_previous": "on"},
                                             follow=False)
    assert response.status_code == 302
    people.center_a.refresh_from_db()
    people.head_a.refresh_from_db()
    assert people.center_a.head == spare and not people.head_a.is_active


def test_someone_heads_one_center_at_most(people):
    with pytest.raises(services.PeopleError):
        services.set_head(people.center_a, people.head_b, by=people.director)
    people.center_a.refresh_from_db()
    assert people.center_a.head == people.head_a
    response = client_of(people.director).post("/people/centers/CA/head/", {"username": "head-b"})
    assert response.status_code == 200 and 'id="username-errors"' in response.content.decode()
    response = client_of(people.director).post("/people/centers/CA/head/", {})
    assert response.status_code == 200 and 'id="head-form-errors"' in response.content.decode()


def test_headships_say_who_headed_the_center_from_when_to_when(people, reference):
    build(people)
    Headship.objects.create(center=people.center_a, head=people.head_a, started=None)  # as the data migration does
    services.appoint_new_head(people.director, people.center_a, "head-a2", "مریم", "تازه")
    spare = factories.user("head-a3", roles.CENTER_HEAD, first_name="رضا", last_name="سوم")
    services.set_head(people.center_a, spare, by=people.planner)
    rows = list(Headship.objects.filter(center=people.center_a).values_list("head__username", "started", "ended"))
    assert [r[0] for r in rows] == ["head-a3", "head-a2", "head-a"]
    (_, started3, ended3), (_, started2, ended2), (_, started1, ended1) = rows
    assert ended3 is None and started3 == ended2 and started2 == ended1 and started1 is None
    html = client_of(people.head_b).get("/dashboard/center/CA/").content.decode()
    assert 'id="headships"' in html and "رضا سوم" in html and "مریم تازه" in html


def test_a_head_set_before_the_history_gets_a_closed_headship_when_replaced(people):
    services.set_head(people.center_a, None, by=people.director)
    (headship,) = Headship.objects.filter(center=people.center_a)
    assert headship.head == people.head_a and headship.started is None and headship.ended is not None
    people.center_a.refresh_from_db()
    assert people.center_a.head is None


def test_deactivating_ends_the_login_and_the_headship(people):
    session = client_of(people.head_b)
    client = client_of(people.planner)
    assert client.get(f"/people/{people.head_b.pk}/deactivate/").status_code == 200
    assert confirm_shown(client, f"/people/{people.head_b.pk}/deactivate/").status_code == 302
    people.head_b.refresh_from_db()
    people.center_b.refresh_from_db()
    assert not people.head_b.is_active and people.center_b.head is None
    assert session.get("/reports/centers/CB/").status_code == 302  # signed out
    assert Client().post("/accounts/login/", {"username": "head-b", "password": factories.PASSWORD}).status_code == 200


def test_who_may_deactivate_whom(people):
    assert access.can_deactivate(people.director, people.planner)
    assert not access.can_deactivate(people.planner, people.director)
    assert not access.can_deactivate(people.planner, people.planner)
    assert not access.can_deactivate(people.staff, people.head_a)
    assert client_of(people.planner).post(f"/people/{people.director.pk}/deactivate/").status_code == 403
    people.director.refresh_from_db()
    assert people.director.is_active
    with pytest.raises(services.PeopleError):
        services.deactivate(people.director, people.director)


def test_a_new_initial_password_must_be_changed_at_the_next_login(people):
    response = client_of(people.planner).post(f"/people/{people.head_b.pk}/password/")
    password = response.context["password"]
    client = Client()
    client.post("/accounts/login/", {"username": "head-b", "password": password})
    assert client.get("/reports/centers/CB/")["Location"] == "/accounts/password/"


def test_every_change_leaves_a_record_shown_on_a_page(people):
    director = client_of(people.director)
    _preview, response = preview_and_confirm(director, "/people/centers/CA/head/", {"username": "head-a2"}, follow=False)
    new_head = get_user_model().objects.get(username="head-a2")
    director.post(f"/people/{people.head_b.pk}/password/")
    confirm_shown(director, f"/people/{people.head_a.pk}/deactivate/")
    new = Client()
    new.post("/accounts/login/", {"username": "head-a2", "password": response.context["password"]})
    new.post("/accounts/password/", {"old_password": response.context["password"], "new_password1": "Sahand-1405-bahar",
                                     "new_password2": "Sahand-1405-bahar"})
    kinds = list(AccountChange.objects.order_by("pk").values_list("kind", "actor__username", "person__username",
                                                                  "center__code", "previous_head__username"))
    assert kinds == [
        ("created", "director", "head-a2", None, None),
        ("head_appointed", "director", "head-a2", "CA", "head-a"),
        ("password_set", "director", "head-b", None, None),
        ("deactivated", "director", "head-a", None, None),
        ("password_changed", "head-a2", "head-a2", None, None),
    ]
    assert all(abs((timezone.now() - at).total_seconds()) < 60 for at in AccountChange.objects.values_list("at", flat=True))
    html = client_of(people.planner).get("/people/changes/").content.decode()
    assert html.count('class="change-') == 5 and new_head.username in html and "head-b" in html


def test_the_admin_cannot_change_a_centers_head(people):
    root = get_user_model().objects.create_superuser("root", password="x-123-long-pass")
    center = people.center_a
    data = {"province": center.province_id, "code": center.code, "name_fa": "مرکز الف نو", "name_en": center.name_en,
            "county_fa": center.county_fa, "county_en": center.county_en, "kind": center.kind,
            "head": people.head_b.pk, "active": "on"}
    assert client_of(root).post(f"/admin/centers/center/{center.pk}/change/", data).status_code == 302
    center.refresh_from_db()
    assert center.name_fa == "مرکز الف نو" and center.head == people.head_a


def test_the_data_migration_opens_a_headship_for_each_current_head(people):
    migration = importlib.import_module("centers.migrations.0003_open_headships")
    migration.open_headships(apps, None)
    migration.open_headships(apps, None)  # twice: nothing more
    open_ = sorted(Headship.objects.filter(ended__isnull=True).values_list("center__code", "head__username", "started"))
    assert open_ == [("CA", "head-a", None), ("CB", "head-b", None)]
    assert Center.objects.filter(head__isnull=False).count() == 2


def test_backend_still_reads_user_roles_center_and_profile_in_one_query(people, django_assert_num_queries):
    from accounts.backends import CaseInsensitiveModelBackend
    from accounts.profile import must_change_password

    services.give_initial_password(people.director, people.head_a)
    with django_assert_num_queries(1):
        user = CaseInsensitiveModelBackend().get_user(people.head_a.pk)
        assert roles.headed_center(user) == people.center_a and must_change_password(user)
        assert access.can_view_center(user, people.center_a)


def test_seed_demo_gives_the_heads_through_the_service_once(demo):
    open_ = Headship.objects.filter(ended__isnull=True).select_related("center", "head")
    assert open_.count() == 24 and all(h.center.head_id == h.head_id for h in open_)
    assert all(h.started is not None and h.started < timezone.now() for h in open_)  # from the demo's first year
    assert AccountChange.objects.filter(kind="head_appointed").count() == 24
    # the province's director, planner and staff and the two national roles, through give_role
    assert AccountChange.objects.filter(kind="role_given").count() == 5
    factories.seed_demo()
    assert Headship.objects.count() == 24 and AccountChange.objects.count() == 29


def test_a_deactivated_account_is_reactivated_without_its_center(people):
    client = client_of(people.planner)
    confirm_shown(client, f"/people/{people.head_b.pk}/deactivate/")
    assert f'href="/people/{people.head_b.pk}/reactivate/"' in client.get("/people/").content.decode()
    assert client.get(f"/people/{people.head_b.pk}/reactivate/").status_code == 200
    assert client.post(f"/people/{people.head_b.pk}/reactivate/").status_code == 302
    people.head_b.refresh_from_db()
    people.center_b.refresh_from_db()
    assert people.head_b.is_active and people.center_b.head is None
    assert Client().post("/accounts/login/", {"username": "head-b", "password": factories.PASSWORD}).status_code == 302
    assert list(AccountChange.objects.order_by("pk").values_list("kind", flat=True)) == [
        "head_removed", "deactivated", "reactivated"]
    assert client_of(people.head_a).post(f"/people/{people.head_b.pk}/reactivate/").status_code == 403


def admin_user_form(person, **changes):
    data = {"username": person.username, "first_name": person.first_name, "last_name": person.last_name,
            "email": person.email, "is_active": "on", "groups": list(person.groups.values_list("pk", flat=True)),
            "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00", "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "10:00:00"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_admins_user_pages_keep_the_people_rules(people):
    root = get_user_model().objects.create_superuser("root", password="x-123-long-pass")
    admin = client_of(root)
    url = f"/admin/auth/user/{people.head_b.pk}/change/"
    # deactivated in the admin: the center loses its head, with its history, and the change is recorded
    assert admin.post(url, admin_user_form(people.head_b, is_active=None)).status_code == 302
    people.head_b.refresh_from_db()
    people.center_b.refresh_from_db()
    assert not people.head_b.is_active and people.center_b.head is None
    assert not Headship.objects.filter(center=people.center_b, ended__isnull=True).exists()
    assert admin.post(url, admin_user_form(people.head_b, groups=[])).status_code == 302
    people.head_b.refresh_from_db()
    assert people.head_b.is_active and not people.head_b.groups.exists()
    response = admin.post("/admin/auth/user/add/", {"username": "newcomer", "password1": "a-long-pass-9876",
                                                    "password2": "a-long-pass-9876", "usable_password": "true"})
    assert response.status_code == 302
    kinds = list(AccountChange.objects.filter(actor=root).order_by("pk").values_list("kind", "person__username"))
    assert kinds == [("head_removed", "head-b"), ("deactivated", "head-b"), ("reactivated", "head-b"),
                     ("roles_changed", "head-b"), ("created", "newcomer")]
