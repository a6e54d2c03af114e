"""Data and form posts for the monthly entry tests."""

from django.urls import reverse

from tests import factories

YEAR, MONTH = 1405, 2  # Ordibehesht 1405: always in the past from now on


def three_commitments(center, year=YEAR):
    """person-hours fixed urban 1200/yr (100 a month), rural 2400/yr (200), person-courses 120/yr (10)."""
    return [
        factories.commitment(center, year, "public", "fixed_urban", "person_hours", 1200),
        factories.commitment(center, year, "public", "rural_nomadic", "person_hours", 2400),
        factories.commitment(center, year, "public", "fixed_urban", "person_courses", 120),
    ]


def many_commitments(center, count, year=YEAR, start=0):
    from commitments.reference import AREAS, MEASURES

    pairs = [(a[0], m[0]) for a in AREAS for m in MEASURES][start:count]
    return [factories.commitment(center, year, "public", area, measure, 1200) for area, measure in pairs]


def post_data(commitments, values, version, comments=None, action="save"):
    data = {"version": str(version), action: "1"}
    for c, value in zip(commitments, values):
        data[f"value_{c.pk}"] = value
        data[f"comment_{c.pk}"] = (comments or {}).get(c.pk, "")
    return data


def url(name, center, year=YEAR, month=MONTH):
    return reverse(f"entry:{name}", args=[center.code, year, month])


