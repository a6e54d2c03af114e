"""Deactivating an account and replacing a center's head are seen before they are made (what
changes, with a reason asked) and can be undone after, from their record at /people/undo/."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts import roles, services
from accounts.models import AccountChange
from centers.models import Headship
from payesh.models import Batch
from tests import factories
from tests.batch_helpers import REASON, confirm_shown, preview_and_confirm, previewed


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def fresh(*objects):
    for o in objects:
        o.refresh_from_db()
    return objects


def test_deactivation_shows_what_changes_and_needs_a_reason(people):
    planner = client_of(people.planner)
    page = planner.get(f"/people/{people.head_b.pk}/deactivate/")
    assert "مرکز ب تا تعیین رئیس دیگری بی‌رئیس می‌ماند." in text(page)
    assert "با فعال‌شدن دوبارهٔ حساب بازنمی‌گردند" in text(page)
    response = planner.post(f"/people/{people.head_b.pk}/deactivate/", {"previewed": previewed(page), "reason": ""})
    assert response.status_code == 200 and "دلیل این تغییر را بنویسید." in text(response)
    head_b, center_b = fresh(people.head_b, people.center_b)
    assert head_b.is_active and center_b.head == head_b and not Batch.objects.exists()


def test_a_deactivation_is_undone_the_account_active_and_heading_its_center_again(people):
    session = client_of(people.head_b)
    planner = client_of(people.planner)
    response = confirm_shown(planner, f"/people/{people.head_b.pk}/deactivate/")
    batch = Batch.objects.get()
    assert response["Location"] == f"/people/undo/{batch.pk}/"
    assert batch.kind == Batch.Kind.DEACTIVATION and batch.reason == REASON and batch.made_by == people.planner
    page = text(planner.get(response["Location"]))
    assert "رئیس مرکز ب" in page and "برگرداندن کل تغییر" in page and REASON in page

    response = planner.post(f"/people/undo/{batch.pk}/", {"reason": "اشتباهی غیرفعال شد"}, follow=True)
    assert "تغییر برگردانده شد." in text(response)
    head_b, center_b, batch = fresh(people.head_b, people.center_b, batch)
    assert head_b.is_active and center_b.head == head_b
    assert batch.undone and batch.undo_reason == "اشتباهی غیرفعال شد"
    assert Headship.objects.filter(center=center_b, head=head_b, ended__isnull=True).exists()
    assert list(AccountChange.objects.order_by("pk").values_list("kind", flat=True))[-2:] == [
        AccountChange.Kind.REACTIVATED, AccountChange.Kind.HEAD_APPOINTED]
    assert session.get("/reports/centers/CB/").status_code == 302  # the old session stays ended
    assert Client().post("/accounts/login/", {"username": "head-b", "password": factories.PASSWORD}).status_code == 302


def test_an_undo_is_refused_when_the_center_got_another_head_since(people):
    planner = client_of(people.planner)
    confirm_shown(planner, f"/people/{people.head_b.pk}/deactivate/")
    batch = Batch.objects.get()
    spare = factories.user("head-spare", roles.CENTER_HEAD)
    services.set_head(people.center_b, spare, by=people.planner)
    response = planner.post(f"/people/undo/{batch.pk}/", {"reason": "اشتباهی غیرفعال شد"})
    assert "برگردانده نشد: از آن پس مرکز ب رئیس دیگری گرفته است" in text(response)
    head_b, center_b, batch = fresh(people.head_b, people.center_b, batch)
    assert not head_b.is_active and center_b.head == spare and not batch.undone


def test_a_replacement_is_previewed_without_writing_then_confirmed_with_a_reason(people):
    director = client_of(people.director)
    data = {"username": "head-a2", "first_name": "مریم", "last_name": "تازه", "deactivate_previous": "on"}
    preview = director.post("/people/centers/CA/head/", {**data, "preview": "1"})
    page = text(preview)
    assert "حساب تازهٔ head-a2 به‌جای head-a رئیس مرکز الف می‌شود" in page
    assert "حساب head-a غیرفعال می‌شود" in page
    assert 'value="head-a2"' in preview.content.decode()  # what was typed stays
    assert people.center_a.head == people.head_a and not get_user_model().objects.filter(username="head-a2").exists()
    # a choice changed after the preview is previewed again, not applied unseen
    response = director.post("/people/centers/CA/head/", {**data, "username": "head-a3", "apply": "1", "reason": REASON,
                                                          "previewed": previewed(preview)})
    assert "پیش‌نمایش تازه را ببینید" in text(response) and "head-a3" in text(response)
    assert not get_user_model().objects.filter(username__in=["head-a2", "head-a3"]).exists()
    response = director.post("/people/centers/CA/head/", {**data, "apply": "1", "reason": "", "previewed": previewed(preview)})
    assert "دلیل این تغییر را بنویسید." in text(response)
    _preview, response = preview_and_confirm(director, "/people/centers/CA/head/", data, follow=False)
    assert 'id="initial-password"' in response.content.decode() and 'id="batch-link"' in response.content.decode()
    batch = Batch.objects.get()
    assert batch.kind == Batch.Kind.HEAD_REPLACED and batch.rows.count() == 2 and batch.reason == REASON


def test_a_replacement_is_undone_the_previous_head_back_and_active(people):
    director = client_of(people.director)
    preview_and_confirm(director, "/people/centers/CA/head/", {"username": "head-a2", "deactivate_previous": "on"})
    new_head = get_user_model().objects.get(username="head-a2")
    head_a, center_a = fresh(people.head_a, people.center_a)
    assert center_a.head == new_head and not head_a.is_active
    batch = Batch.objects.get()
    director.post(f"/people/undo/{batch.pk}/", {"reason": "رئیس پیشین ماند"})
    head_a, center_a, new_head = fresh(people.head_a, people.center_a, new_head)
    assert center_a.head == head_a and head_a.is_active
    assert new_head.is_active and not hasattr(new_head, "headed_center")  # the new account stays, without the center
    assert client_of(head_a).get("/reports/centers/CA/").status_code == 200
    assert client_of(new_head).get("/reports/centers/CA/").status_code in (302, 404)


def test_a_replacement_is_not_undone_when_the_previous_head_heads_another_center_now(people):
    director = client_of(people.director)
    spare = factories.user("head-spare", roles.CENTER_HEAD)
    preview_and_confirm(director, "/people/centers/CA/head/", {"existing": spare.pk})
    batch = Batch.objects.get()
    center_c = factories.center(people.center_a.province, "CC")
    services.set_head(center_c, people.head_a, by=people.director)
    response = director.post(f"/people/undo/{batch.pk}/", {"reason": "رئیس پیشین ماند"})
    assert "head-a" in text(response) and "مرکز CC" in text(response)  # already heads it: refused, and why
    center_a, batch = fresh(people.center_a, batch)
    assert center_a.head == spare and not batch.undone


def test_a_planner_does_not_undo_the_deactivation_of_someone_they_could_not_deactivate(people):
    colleague = factories.user("planner-2", roles.PLANNER)
    confirm_shown(client_of(people.director), f"/people/{colleague.pk}/deactivate/")
    batch = Batch.objects.get()
    response = client_of(people.planner).post(f"/people/undo/{batch.pk}/", {"reason": "بازگشت"})
    assert "شما اجازهٔ فعال‌کردن دوبارهٔ حساب planner-2 را ندارید." in text(response)
    (colleague,) = fresh(colleague)
    assert not colleague.is_active


@pytest.mark.parametrize("role", ["staff", "head_a"])
def test_staff_and_heads_do_not_reach_the_record(people, role):
    services.deactivate(people.director, people.head_b, "بازنشستگی")
    batch = Batch.objects.get()
    client = client_of(getattr(people, role))
    assert client.get("/people/undo/").status_code == 403
    assert client.post(f"/people/undo/{batch.pk}/", {"reason": "x"}).status_code == 403
    assert not Batch.objects.get().undone


def test_the_admins_deactivation_is_recorded_and_can_be_undone_too(people):
    root = get_user_model().objects.create_superuser("root", password="x-123-long-pass")
    user = people.head_b
    client_of(root).post(f"/admin/auth/user/{user.pk}/change/", {
        "username": user.username, "date_joined_0": "2026-03-21", "date_joined_1": "08:00:00",
        "groups": [g.pk for g in user.groups.all()]})
    batch = Batch.objects.get(kind=Batch.Kind.DEACTIVATION)
    assert batch.made_by == root
    listing = text(client_of(people.director).get("/people/undo/"))
    assert "غیرفعال‌کردن حساب" in listing and "برقرار" in listing
    client_of(people.director).post(f"/people/undo/{batch.pk}/", {"reason": "در مدیریت اشتباه شد"})
    head_b, center_b = fresh(people.head_b, people.center_b)
    assert head_b.is_active and center_b.head == head_b
