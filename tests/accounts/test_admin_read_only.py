"""The admin edits reference data only: every model with a workflow or an audit rule is read-only
there for every role, superusers included, so its writes go through the pages' services.

The walk covers every model registered in admin.site: each one must be listed below as workflow
or reference data, so a newly registered model cannot slip through unsorted."""

import datetime
import json

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts import roles
from commitments.models import AllocationReturn, Commitment, FiscalYear, Measure, PhasingProfile, ProvinceCommitment, Sector
from courses.models import Course
from meetings.models import ActionItem, CenterRemark, Meeting
from notifications.models import Notification
from payesh import batches
from payesh.admin import ReadOnlyAdminMixin
from payesh.models import Batch
from reports.models import Figure, MonthlyReport
from tests import factories
from tests.course_data import course
from tests.meetings_helpers import meeting
from tests.support import client_for

WORKFLOW = {
    MonthlyReport: {"status": "draft"},
    Figure: {"value": "999"},
    Commitment: {"letter_number": "changed-in-admin"},
    ProvinceCommitment: {"target": "1"},
    AllocationReturn: {"reason": "changed-in-admin"},
    PhasingProfile: {"name": "changed-in-admin"},
    Meeting: {"title": "changed-in-admin"},
    CenterRemark: {"challenges": "changed-in-admin"},
    ActionItem: {"status": "done"},
    Course: {"title": "changed-in-admin"},
    Notification: {"title": "changed-in-admin"},
    Batch: {"reason": "changed-in-admin"},
}
REFERENCE = {"centers.Province", "centers.Center", "commitments.FiscalYear", "commitments.Sector",
             "commitments.TrainingArea", "commitments.Measure", "auth.User", "auth.Group"}
# django-axes's login records: read by superusers; deleting an attempt is how a lockout is lifted.
LOGIN_RECORDS = {"axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}
# The DHIS2 mapping is configuration, edited in the admin by planners (api/admin.py).
CONFIGURATION = {"api.OrgUnitMapping", "api.DataElementMapping"}
# API tokens are made and revoked by their owners on /api/tokens/; the admin only lists them, and
# the log of DHIS2 pushes (made by the exchange page and the dhis2_push command).
LISTED_ONLY = {"api.ApiToken", "api.Dhis2Push"}


def is_workflow(model):
    history_of = getattr(model, "instance_type", None)  # a simple-history model knows its model
    return model in WORKFLOW or history_of in WORKFLOW


@pytest.fixture
def world(people, reference):
    """One object of every workflow model, and a client for each role (all allowed into the admin)."""
    c = factories.commitment(people.center_a)
    batches.record(Batch.Kind.PHASING, people.planner, "نمونه", [batches.Change(c.BATCH_MODEL, c.pk, c.snapshot(), c.snapshot())])
    approved = factories.report(people.center_a, status="approved",
                                figures=[("public", "fixed_urban", "person_hours", 90)])
    approved.approved_by, approved.approved_at = people.planner, timezone.now()
    approved.save()
    factories.report(people.center_b, status="submitted", figures=[("public", "fixed_urban", "person_hours", 80)])
    ProvinceCommitment.objects.create(province=people.center_a.province, year=1405,
                                      sector=Sector.objects.get(code="public"),
                                      measure=Measure.objects.get(code="person_hours"), target=5000)
    PhasingProfile.objects.create(name="نوروز کم", weights=[1] * 12)
    AllocationReturn.objects.create(province=people.center_a.province, year=1405, reason="بیش از سهم", returned_by=people.director)
    m = meeting(people)
    m.attendees.add(people.director)
    CenterRemark.objects.create(meeting=m, center=people.center_a, challenges="کمبود مربی")
    ActionItem.objects.create(meeting=m, text="جلسه با صنایع", responsible_center=people.center_a,
                              due_date=datetime.date(2026, 9, 1))
    course(people.center_a)
    Notification.objects.create(recipient=people.head_a, kind="reminder", about="center:CA", period="1405-04",
                                title="یادآوری")
    root = get_user_model().objects.create_superuser("root", password="x-123-long-pass")
    users = {"director": people.director, "planner": people.planner, "staff": people.staff,
             "head": people.head_a, "superuser": root}
    for user in users.values():  # the worst case: every role is let into the admin
        user.is_staff = True
        user.save()
    return people, users


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def snapshot():
    """Every row of every workflow model and of its history, as plain values."""
    rows = {}
    for model in WORKFLOW:
        rows[model._meta.label] = list(model.objects.order_by("pk").values())
        history = getattr(model, "history", None)
        if history is not None:
            rows[f"{model._meta.label}.history"] = list(history.model.objects.order_by("pk").values())
    return rows


def form_value(field, value):
    if value is None:
        return ""
    if isinstance(field, models.DateTimeField):
        local = timezone.localtime(value)
        return [local.date().isoformat(), local.time().isoformat()]
    if isinstance(field, models.DateField):
        return value.isoformat()
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if isinstance(field, models.ManyToManyField):
        return [o.pk for o in value]
    return str(value)


def change_post(model_admin, obj, superuser, changes):
    """The data of a complete change form of obj with `changes` applied: what the change form would
    send (inline formsets present but unchanged)."""
    data = {}
    for field in obj._meta.concrete_fields + obj._meta.many_to_many:
        if not field.editable or field.primary_key:
            continue
        value = form_value(field, field.value_from_object(obj))
        if isinstance(field, models.BooleanField):
            if value == "True":
                data[field.name] = "on"
        elif isinstance(value, list) and isinstance(field, models.DateTimeField):
            data[f"{field.name}_0"], data[f"{field.name}_1"] = value
        elif isinstance(field, models.DateTimeField):
            data[f"{field.name}_0"] = data[f"{field.name}_1"] = ""
        else:
            data[field.name] = value
    request = RequestFactory().get("/")
    request.user = superuser
    for inline in model_admin.get_inline_instances(request, obj):
        prefix = inline.get_formset(request, obj).get_default_prefix()
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def registered_workflow_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items() if is_workflow(model)]


def test_every_registered_model_is_sorted_and_every_workflow_admin_is_read_only():
    unsorted = [m._meta.label for m in admin.site._registry
                if not is_workflow(m) and m._meta.label not in REFERENCE | LOGIN_RECORDS | CONFIGURATION | LISTED_ONLY]
    assert unsorted == []
    for model, model_admin in admin.site._registry.items():
        if model._meta.label in LISTED_ONLY:
            assert isinstance(model_admin, ReadOnlyAdminMixin), model._meta.label
    for model, model_admin in registered_workflow_admins():
        assert isinstance(model_admin, ReadOnlyAdminMixin), model._meta.label
        for inline in model_admin.inlines:
            assert issubclass(inline, ReadOnlyAdminMixin), (model._meta.label, inline)


@pytest.mark.parametrize("role", ["director", "planner", "staff", "head", "superuser"])
def test_no_role_writes_a_workflow_model_through_the_admin(world, role):
    people, users = world
    user = users[role]
    client = client_for(user)
    before = snapshot()
    walked = []
    for model, model_admin in registered_workflow_admins():
        label = model._meta.label
        assert model in WORKFLOW, f"{label}: registered, but this test has no example of it"
        obj = model.objects.order_by("pk").first()
        assert obj is not None, f"{label}: the world fixture makes none"
        count = model.objects.count()

        listing = client.get(url(model, "changelist"))
        assert listing.status_code in (200, 403), label
        if role == "superuser" or user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            assert listing.status_code == 200, label
            assert client.get(url(model, "change", obj.pk)).status_code == 200, label

        assert client.get(url(model, "add")).status_code == 403, label
        data = change_post(model_admin, obj, users["superuser"], WORKFLOW[model])
        assert client.post(url(model, "add"), data).status_code == 403, label
        assert model.objects.count() == count, label

        response = client.post(url(model, "change", obj.pk), data)
        assert response.status_code == 403, (label, response.status_code)

        assert client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403, label
        client.post(url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})

        if getattr(model, "history", None) is not None:  # simple-history's revert form of its last version
            try:
                revert = url(model, "simple_history", obj.pk, obj.history.first().history_id)
            except NoReverseMatch:
                revert = None
            if revert:
                assert client.get(revert).status_code in (200, 403), label
                assert client.post(revert, data).status_code == 403, label
        walked.append(label)
    assert len(walked) == len(registered_workflow_admins()) >= 6
    assert snapshot() == before


def report_change_data(report, **changes):
    """The admin change form of a month as main's admin rendered it: the month's fields and its
    figures inline."""
    figure = report.figures.get()
    data = {
        "center": report.center_id, "year": report.year, "month": report.month, "status": report.status,
        "version": report.version, "return_comment": "", "reopen_reason": "",
        "figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "1", "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000", "figures-0-id": figure.pk, "figures-0-report": report.pk,
        "figures-0-sector": figure.sector_id, "figures-0-area": figure.area_id,
        "figures-0-measure": figure.measure_id, "figures-0-value": figure.value, "figures-0-comment": "",
    }
    for name in ("submitted", "approved", "returned", "reopened"):
        data[f"{name}_by"] = getattr(report, f"{name}_by_id") or ""
        when = getattr(report, f"{name}_at")
        local = timezone.localtime(when) if when else None
        data[f"{name}_at_0"] = local.date().isoformat() if local else ""
        data[f"{name}_at_1"] = local.time().isoformat() if local else ""
    data.update(changes)
    return data


def test_the_planner_cannot_turn_an_approved_month_back_into_a_draft_in_the_admin(world):
    people, users = world
    report = MonthlyReport.objects.get(center=people.center_a, status="approved")
    client = client_for(users["planner"])
    response = client.post(url(MonthlyReport, "change", report.pk),
                           report_change_data(report, status="draft", **{"figures-0-value": "5000"}))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "approved" and report.reopened_by is None and report.reopen_reason == ""
    assert report.figures.get().value == 90
    # nor through simple-history's revert form
    version = report.history.first().history_id
    response = client.post(url(MonthlyReport, "simple_history", report.pk, version),
                           report_change_data(report, status="draft"))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "approved"


def test_the_director_cannot_approve_a_month_in_the_admin(world):
    people, users = world
    report = MonthlyReport.objects.get(center=people.center_b)
    response = client_for(users["director"]).post(url(MonthlyReport, "change", report.pk),
                                                  report_change_data(report, status="approved"))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted" and report.approved_by is None and report.approved_at is None


def test_the_admin_still_reads_a_month_with_its_figures(world):
    people, users = world
    report = MonthlyReport.objects.get(center=people.center_a, status="approved")
    response = client_for(users["planner"]).get(url(MonthlyReport, "change", report.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "مرکز الف" in html and 'name="_save"' not in html
    history = client_for(users["director"]).get(url(MonthlyReport, "history", report.pk))
    assert history.status_code == 200


def test_reference_data_stays_editable_by_the_planner(world):
    people, users = world
    center = people.center_a
    data = {"province": center.province_id, "code": center.code, "name_fa": "مرکز الف نو", "name_en": center.name_en,
            "county_fa": center.county_fa, "county_en": center.county_en, "kind": center.kind,
            "head": center.head_id, "active": "on"}
    response = client_for(users["planner"]).post(url(type(center), "change", center.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    center.refresh_from_db()
    assert center.name_fa == "مرکز الف نو"


def test_a_fiscal_year_is_closed_in_the_admin_but_never_deleted(world):
    people, users = world
    FiscalYear.objects.create(year=1404)
    planner = client_for(users["planner"])
    assert planner.post(url(FiscalYear, "change", 1404), {"year": "1404", "closed": "on"}).status_code == 302
    assert FiscalYear.objects.get(year=1404).closed
    root = client_for(users["superuser"])
    assert root.post(url(FiscalYear, "delete", 1404), {"post": "yes"}).status_code == 403
    assert FiscalYear.objects.filter(year=1404, closed=True).exists()


def test_role_groups_keep_only_view_permissions_on_workflow_models(world):
    for group in Group.objects.filter(name__in=roles.ROLE_NAMES):
        for perm in group.permissions.select_related("content_type"):
            model = perm.content_type.model_class()
            if model is not None and is_workflow(model):
                assert perm.codename.startswith("view_"), (group.name, perm.codename)
    people, _ = world
    assert people.director.has_perm("reports.view_monthlyreport")
    assert not people.director.has_perm("reports.change_monthlyreport")
    assert not people.planner.has_perm("reports.change_figure")
    assert not people.planner.has_perm("commitments.add_commitment")


def test_planners_edit_the_dhis2_mapping_in_the_admin(world):
    from api.models import OrgUnitMapping

    people, users = world
    response = client_for(users["planner"]).post(url(OrgUnitMapping, "add"), {"center": people.center_a.pk, "org_unit": "OU_A"})
    assert response.status_code == 302
    assert OrgUnitMapping.objects.get(center=people.center_a).org_unit == "OU_A"
    assert client_for(users["staff"]).post(url(OrgUnitMapping, "add"), {"center": people.center_b.pk, "org_unit": "OU_B"}).status_code == 403
