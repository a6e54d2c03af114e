"""Writes to the course register. Each one follows the month's rules (reports.services): the
month must be open and a draft or returned, the report is claimed at the version the user saw,
and in the same transaction the register's derived values are written as the month's figures."""

from contextlib import contextmanager

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from payesh import limits
from payesh.display import number
from payesh.i18n import local_name
from reports.grid import load_grid
from reports.services import WorkflowError, check_editable, claim_month, write_register_figures

from .models import Course


@contextmanager
def register_change(center, year, month, user, version):
    grid = load_grid(center, year, month)
    check_editable(grid)
    previously_derived = {row.key for row in grid.rows if row.is_derived}
    with transaction.atomic():
        report = claim_month(grid, user, version)
        yield report
        changed = load_grid(center, year, month)
        check_derived_figures(changed)
        write_register_figures(report, changed, user, previously_derived)


def check_derived_figures(grid):
    """A register whose sums would pass the largest figure is refused (WorkflowError, so the
    transaction writes nothing) instead of failing at the database."""
    for row in grid.rows:
        if row.is_derived and row.derived > limits.FIGURE_MAX:
            raise WorkflowError(_(
                "With these courses the month's %(measure)s of %(area)s would be %(value)s, more than the largest "
                "figure (%(max)s). Check the hours and trainees."
            ) % {"measure": local_name(row.commitment.measure), "area": local_name(row.commitment.area),
                 "value": number(row.derived), "max": number(limits.FIGURE_MAX)})


def save_course(course, user, version):
    """Add a course or save a changed one; its month is the month it ends in."""
    course.set_period()
    with register_change(course.center, course.year, course.month, user, version):
        course.updated_by, course._history_user = user, user
        course.save()
    return course


def remove_course(course, user, version):
    with register_change(course.center, course.year, course.month, user, version):
        course._history_user = user
        course.delete()


def add_courses(center, year, month, courses, user, version):
    """Courses checked whole from a workbook, all in one month, written together."""
    for course in courses:
        course.set_period()
        course.updated_by = user
    with register_change(center, year, month, user, version):
        bulk_create_with_history(courses, Course, default_user=user)
    return courses
