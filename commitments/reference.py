"""The reference lists (sectors, training areas, measures) as the national organization's public
reports use them (shared/data/measures-and-areas.md). The demo and the tests seed from here;
real deployments edit the lists in the admin. `lists()` reads them (with provinces and years),
cached, for the dashboards."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction

from .models import FiscalYear, Measure, Sector, TrainingArea

SECTORS = [
    ("public", "دولتی", "Public", 1),
    ("private", "خصوصی", "Private", 2),
    ("research", "اجرایی و پژوهشی", "Executive and research", 3),
]

MEASURES = [
    ("person_hours", "نفرساعت آموزش", "Trainee person-hours", "نفرساعت", "person-hour"),
    ("person_courses", "نفردوره", "Trainee-courses", "نفردوره", "person-course"),
    ("trainees", "تعداد مهارت‌آموز", "Trainees", "نفر", "person"),
    ("courses", "تعداد دوره", "Courses held", "دوره", "course"),
    ("certified", "قبول‌شدگان آزمون مهارت", "Certified graduates", "نفر", "person"),
    ("research_projects", "طرح‌های پژوهشی", "Research projects", "طرح", "project"),
]

AREAS = [
    ("fixed_urban", "کارگاه‌های ثابت شهری", "Fixed urban workshops", "public"),
    ("urban_annex", "جوار شهری", "Urban annex", "public"),
    ("rural_nomadic", "روستایی و عشایری", "Rural and nomadic", "public"),
    ("workplace", "محیط کار واقعی (استاد-شاگردی)", "Real workplace (apprenticeship)", "public"),
    ("industry", "صنایع و اصناف", "Industry and guilds", "public"),
    ("garrison", "جوار پادگان", "Garrisons", "public"),
    ("prison", "جوار زندان", "Prisons", "public"),
    ("university", "جوار دانشگاه", "Universities", "public"),
    ("schools", "مدارس و هنرستان‌ها", "Schools", "public"),
    ("informal_settlements", "سکونتگاه‌های غیررسمی", "Informal settlements", "public"),
    ("private_institutes", "آموزشگاه‌های آزاد", "Private institutes", "private"),
    ("industry_institutes", "مؤسسات کارآموزی صنایع", "Industry training institutes", "private"),
    ("executive", "تعهدات اجرایی", "Executive commitments", "research"),
    ("research", "پژوهش", "Research", "research"),
]


def seed_reference_lists():
    """Create the missing lists' entries and put back the names and order of the ones that differ,
    in a few statements (the demo and every test seed them); returns (sectors, areas, measures) as
    dicts by code. An area's `active` is left as the admin set it."""
    with transaction.atomic():
        sectors = _seeded(Sector, {code: {"name_fa": fa, "name_en": en, "order": order}
                                   for order, (code, fa, en, _) in enumerate(SECTORS, start=1)})
        measures = _seeded(Measure, {code: {"name_fa": fa, "name_en": en, "unit_fa": unit_fa, "unit_en": unit_en,
                                            "order": order}
                                     for order, (code, fa, en, unit_fa, unit_en) in enumerate(MEASURES, start=1)})
        areas = _seeded(TrainingArea, {code: {"name_fa": fa, "name_en": en, "sector_id": sectors[sector].pk,
                                              "order": order}
                                       for order, (code, fa, en, sector) in enumerate(AREAS, start=1)})
    by_pk = {sector.pk: sector for sector in sectors.values()}
    for area in areas.values():  # the sector is the seeded object, without a query of its own
        area.sector = by_pk[area.sector_id]
    return sectors, areas, measures


def _seeded(model, wanted):
    """{code: object} of `model` holding `wanted` ({code: field values}): one query reads what is
    there, one creates what is missing, one updates what differs."""
    there = model.objects.in_bulk(list(wanted), field_name="code")
    made, missing, changed = {}, [], []
    for code, values in wanted.items():
        obj = made[code] = there.get(code) or model(code=code, **values)
        if obj.pk is None:
            missing.append(obj)
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            changed.append(obj)
    model.objects.bulk_create(missing)
    if changed:
        model.objects.bulk_update(changed, [model._meta.get_field(name).name for name in next(iter(wanted.values()))])
    return made


@dataclass
class Lists:
    """The reference lists as the dashboards read them, in their display order."""

    provinces: list  # centers.Province
    years: list  # Jalali years that have a FiscalYear row, newest first
    sectors: list
    areas: list  # every training area, active or not (old commitments may use an inactive one)
    measures: list

    def by_code(self, name, code):
        """The object of list `name` with this code, or None."""
        return next((obj for obj in getattr(self, name) if obj.code == code), None)


_remembered = ContextVar("payesh_reference_lists", default=None)

# One statement for the five lists (each row: kind, id, code, Persian and English names, order,
# active, sector, Persian and English unit, year), so a page that needs them costs one query even
# when they are not cached.
_COLUMNS = ("id", "code", "name_fa", "name_en", "ord", "active", "sector_id", "unit_fa", "unit_en", "year")
# Each column typed alike in every part (PostgreSQL types a bare NULL as text).
_TYPES = {"id": "BIGINT", "code": "TEXT", "name_fa": "TEXT", "name_en": "TEXT", "ord": "INTEGER", "active": "BOOLEAN",
          "sector_id": "BIGINT", "unit_fa": "TEXT", "unit_en": "TEXT", "year": "INTEGER"}


def _read_lists():
    from django.db import connections, router

    from centers.models import Province

    def part(kind, model, **columns):
        table = model._meta.db_table
        chosen = {"ord": "NULL", "active": "NULL", "sector_id": "NULL", "unit_fa": "NULL", "unit_en": "NULL",
                  "year": "NULL", "id": "id", "code": "code", "name_fa": "name_fa", "name_en": "name_en", **columns}
        return f"SELECT '{kind}', " + ", ".join(f"CAST({chosen[c]} AS {_TYPES[c]})" for c in _COLUMNS) + f" FROM {table}"

    sql = " UNION ALL ".join([
        part("p", Province),
        part("y", FiscalYear, id="NULL", code="NULL", name_fa="NULL", name_en="NULL", year="year"),
        part("s", Sector, ord='"order"'),
        part("a", TrainingArea, ord='"order"', active="active", sector_id="sector_id"),
        part("m", Measure, ord='"order"', unit_fa="unit_fa", unit_en="unit_en"),
    ])
    with connections[router.db_for_read(Province)].cursor() as cursor:  # the replica once it caught up
        cursor.execute(sql)
        rows = [(kind, dict(zip(_COLUMNS, values))) for kind, *values in cursor.fetchall()]

    def made(kind, model, fields):
        found = [model(**{f: r[f if f != "order" else "ord"] for f in fields}) for k, r in rows if k == kind]
        return sorted(found, key=lambda obj: (getattr(obj, "order", 0), obj.code)) if "order" in fields else found

    return Lists(
        provinces=sorted(made("p", Province, ("id", "code", "name_fa", "name_en")), key=lambda p: p.pk),
        years=sorted((r["year"] for k, r in rows if k == "y"), reverse=True),
        sectors=made("s", Sector, ("id", "code", "name_fa", "name_en", "order")),
        areas=made("a", TrainingArea, ("id", "code", "name_fa", "name_en", "order", "active", "sector_id")),
        measures=made("m", Measure, ("id", "code", "name_fa", "name_en", "order", "unit_fa", "unit_en")),
    )


def lists():
    """The reference lists, cached at the reference version (payesh/dataversion.py): read in one
    statement only after one of them changed. Within `remembered()` (a dashboard request) they are
    read at most once, whoever asks."""
    memo = _remembered.get()
    if memo:
        return memo[0]
    from payesh import dataversion

    value = dataversion.get_or_compute("reference-lists", (), _read_lists, reference=True)
    if memo is not None:
        memo.append(value)
    return value


@contextmanager
def remembered():
    """Read the lists at most once in this block (a request that only reads them)."""
    token = _remembered.set([])
    try:
        yield
    finally:
        _remembered.reset(token)
