"""Plain factories for test data. Reference lists come from the seed code the demo uses."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings

from accounts import roles
from accounts.models import RoleAssignment
from centers.models import Center, Province
from commitments.models import Commitment, even_phasing
from commitments.reference import lists as reference_lists
from commitments.reference import seed_reference_lists
from payesh import bulk
from reports.models import Figure, MonthlyReport
from reports.quality.rules import seed_rules

PASSWORD = "test-pass-123"


def reference():
    sectors, areas, measures = seed_reference_lists()
    seed_rules()  # the shipped validation rules, as the migration leaves them (a transactional test's flush empties them)
    return {"sectors": sectors, "areas": areas, "measures": measures}


def province(code="east-azarbaijan", name_fa="آذربایجان شرقی"):
    return Province.objects.get_or_create(code=code, defaults={"name_fa": name_fa, "name_en": "East Azerbaijan"})[0]


def default_province():
    """The first province made (the fixture's), else the default one."""
    return Province.objects.order_by("pk").first() or province()


def center(province, code, name_fa=None, county_fa="تبریز", head=None, **extra):
    return Center.objects.create(
        province=province, code=code, name_fa=name_fa or f"مرکز {code}", name_en=f"Center {code}",
        county_fa=county_fa, county_en="Tabriz", head=head, **extra,
    )


def user(username, role=None, province=None, **extra):
    """A user holding `role`: a director's, planner's or staff role in `province` (by default the
    first province made, as the migration gave existing accounts theirs), a national role, or
    center_head (a center is given with center(head=...) or accounts.services.set_head). As the
    migration left existing accounts: no AccountChange (accounts.services.give_role records one)."""
    u = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if role in roles.PROVINCE_ROLES or role in roles.NATIONAL_ROLES:
        where = (province or default_province()) if role in roles.PROVINCE_ROLES else None
        RoleAssignment.objects.create(user=u, role=role, province=where)
    if role:
        u.groups.add(Group.objects.get_or_create(name=role)[0])
    return u


@dataclass
class People:
    director: object
    planner: object
    staff: object
    head_a: object
    head_b: object
    center_a: object
    center_b: object


def people(province):
    head_a = user("head-a", roles.CENTER_HEAD)
    head_b = user("head-b", roles.CENTER_HEAD)
    return People(
        director=user("director", roles.DIRECTOR, province),
        planner=user("planner", roles.PLANNER, province),
        staff=user("staff", roles.STAFF, province),
        head_a=head_a,
        head_b=head_b,
        center_a=center(province, "CA", "مرکز الف", head=head_a),
        center_b=center(province, "CB", "مرکز ب", county_fa="مراغه", head=head_b),
    )


def reference_ids(sector, area, measure, found=None):
    """The ids of a sector, a training area and a measure, by code, from the reference lists the
    dashboards read (commitments.reference.lists: one statement, or `found`, lists read before)."""
    found = found or reference_lists()
    entries = (found.by_code("sectors", sector), found.by_code("areas", area), found.by_code("measures", measure))
    if None in entries:
        raise LookupError(f"no such reference entry among {sector}, {area}, {measure}")
    return tuple(entry.pk for entry in entries)


def commitment(center, year=1405, sector="public", area="fixed_urban", measure="person_hours", target=1200, phasing=None):
    sector_id, area_id, measure_id = reference_ids(sector, area, measure)
    c = Commitment(year=year, center=center, sector_id=sector_id, area_id=area_id, measure_id=measure_id, target=target)
    c.set_phasing(phasing or even_phasing(target))
    c.save()
    return c


def report(center, year=1405, month=1, status="submitted", figures=()):
    """A report with figures given as (sector, area, measure, value) tuples, written with their
    history as the imports write theirs (payesh.bulk)."""
    r = MonthlyReport.objects.create(center=center, year=year, month=month, status=status)
    if figures:
        found = reference_lists()
        rows = [(r.pk, *reference_ids(sector, area, measure, found), int(value), "")
                for sector, area, measure, value in figures]
        bulk.create(Figure, ("report", "sector", "area", "measure", "value", "comment"), rows, user=None)
    return r


def seed_demo(**options):
    """Build the demo as `make demo` does: seed_demo runs only with DEBUG on, and tests run with
    DEBUG off."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", **options)
    restore_role_permissions()


ROLE_PERMISSION_MIGRATIONS = [("accounts", "0002_role_permissions", "grant"),
                              ("accounts", "0003_workflow_models_view_only", "revoke_writes"),
                              ("api", "0002_planners_edit_the_dhis2_mapping", "grant")]


def restore_role_permissions():
    """The roles' permissions as the migrations give them: a transactional test's flush empties
    the groups' permissions, which only migrations write, so a later seeded demo would have roles
    without the admin's view rights. Replays those migrations' own functions."""
    import importlib

    from django.apps import apps

    for app, name, function in ROLE_PERMISSION_MIGRATIONS:
        getattr(importlib.import_module(f"{app}.migrations.{name}"), function)(apps, None)
