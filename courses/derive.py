"""The month's figures that follow from the course register, in one place.

The rule (stated in docs/design.md, "The course register"): over the courses of a center that ENDED in the Jalali month
(a course that runs across two months counts only in the month it ends), per sector and
training area:
- person_hours   = sum of (completed trainees x course hours)
- person_courses = sum of completed trainees
- courses        = number of courses
- certified      = sum of trainees who passed the skill test
Enrolled trainees who did not complete a course count for none of them. Where a center has
courses for a sector and area in a month, these four figures come from the register; the entry
grid shows them read-only and saving the month writes them as the Figures (reports.grid).
"""

from django.db.models import Count, F, Sum

from .models import Course

DERIVED_MEASURES = ("person_hours", "person_courses", "courses", "certified")


def sums(queryset, **extra):
    """The four derived sums of a set of courses by measure code (and any extra aggregates)."""
    return queryset.aggregate(**aggregates(), **extra)


def aggregates():
    return {
        "person_hours": Sum(F("completed") * F("hours")),
        "person_courses": Sum("completed"),
        "courses": Count("pk"),
        "certified": Sum("certified"),
    }


def derived_figures(center, year, month):
    """{(sector_id, area_id, measure_code): value} for the courses that ended in the month, in
    one grouped query; a sector and area without courses has no key (its figures are typed)."""
    return derived_figures_of([center], year, month).get(center.pk, {})


def derived_figures_of(centers, year, month):
    """derived_figures of several centers' same month, in one grouped query: {center id: {...}}."""
    rows = (Course.objects.filter(center__in=centers, year=year, month=month).order_by()
            .values("center_id", "sector_id", "area_id").annotate(**aggregates()))
    found = {}
    for r in rows:
        found.setdefault(r["center_id"], {}).update(
            {(r["sector_id"], r["area_id"], code): r[code] or 0 for code in DERIVED_MEASURES})
    return found
