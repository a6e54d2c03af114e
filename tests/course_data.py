"""Data and form posts for the course register tests (Ordibehesht 1405, a month in the past)."""

from django.urls import reverse

from commitments.models import Sector, TrainingArea
from courses.models import Course
from payesh import jalali
from tests import factories

YEAR, MONTH = 1405, 2


def commitments(center, year=YEAR):
    """fixed urban and rural, each with the four derived measures, and fixed urban trainees (typed)."""
    made = []
    for area, hours in (("fixed_urban", 12_000), ("rural_nomadic", 6_000)):
        for measure, target in (("person_hours", hours), ("person_courses", 120), ("courses", 12), ("certified", 96)):
            made.append(factories.commitment(center, year, "public", area, measure, target))
    made.append(factories.commitment(center, year, "public", "fixed_urban", "trainees", 120))
    return made


def course(center, title="جوشکاری", start="1405/02/01", end="1405/02/20", hours=100, enrolled=20, completed=18,
           certified=15, sector="public", area="fixed_urban", place="تبریز", save=True, **extra):
    c = Course(
        center=center, sector=Sector.objects.get(code=sector), area=TrainingArea.objects.get(code=area),
        cluster=extra.pop("cluster", "industry"), title=title, start_date=jalali.parse_jalali_date(start),
        end_date=jalali.parse_jalali_date(end), hours=hours, gender=extra.pop("gender", "men"), enrolled=enrolled,
        completed=completed, certified=certified, place=place, **extra,
    )
    if save:
        c.save()
    return c


def form_data(version=0, sector="public", area="fixed_urban", **changes):
    data = {
        "area_key": f"{Sector.objects.get(code=sector).pk}:{TrainingArea.objects.get(code=area).pk}",
        "cluster": "industry", "title": "جوشکاری برق", "standard_code": "7212-53-001-1",
        "start_date": "۱۴۰۵/۰۲/۰۱", "end_date": "۱۴۰۵/۰۲/۲۰", "hours": "۱۲۰", "gender": "men",
        "enrolled": "۲۰", "completed": "۱۸", "certified": "۱۵", "place": "کارگاه ثابت تبریز", "trainer": "",
        "version": str(version),
    }
    data.update(changes)
    return data


def url(name, center, year=YEAR, month=MONTH, *extra):
    return reverse(f"courses:{name}", args=[center.code, year, month, *extra])
