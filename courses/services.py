"""Writes to the course register. Each one follows the month's rules (reports.services): the
month must be open and a draft or returned, the report is claimed at the version the user saw,
and in the same transaction the register's derived values are written as the month's figures."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from payesh import dataversion, limits
from payesh.display import number
from payesh.i18n import local_name
from reports.grid import load_grid
from reports.services import WorkflowError, check_editable, claim_month, write_register_figures

from .models import Course

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from centers.models import Center
    from reports.grid import Grid
    from reports.models import MonthlyReport


@contextmanager
def register_change(center: "Center", year: int, month: int, user: "User", version: int) -> Iterator["MonthlyReport"]:
    grid = load_grid(center, year, month)
    check_editable(grid)
    previously_derived = {row.key for row in grid.rows if row.is_derived}
    with transaction.atomic(), dataversion.writes_for(center.province_id):
        report = claim_month(grid, user, version)
        yield report
        changed = load_grid(center, year, month)
        check_derived_figures(changed)
        write_register_figures(report, changed, user, previously_derived)


def check_derived_figures(grid: "Grid") -> None:
    """A register whose sums would pass the largest figure is refused (WorkflowError, so the
    transaction writes nothing) instead of failing at the database."""
    for row in grid.rows:
        if row.derived is not None and row.derived > limits.FIGURE_MAX:  # a derived row
            raise WorkflowError(_(
                "With these courses the month's %(measure)s of %(area)s would be %(value)s, more than the largest "
                "figure (%(max)s). Check the hours and trainees."
            ) % {"measure": local_name(row.commitment.measure), "area": local_name(row.commitment.area),
                 "value": number(row.derived), "max": number(limits.FIGURE_MAX)})


def save_course(course: Course, user: "User", version: int) -> Course:
    """Add a course or save a changed one; its month is the month it ends in."""
    course.set_period()
    with register_change(course.center, course.year, course.month, user, version):
        course.updated_by, course._history_user = user, user  # type: ignore[attr-defined]  # simple-history: who
        course.save()
    return course


def remove_course(course: Course, user: "User", version: int) -> None:
    with register_change(course.center, course.year, course.month, user, version):
        course._history_user = user  # type: ignore[attr-defined]
        course.delete()


def add_courses(center: "Center", year: int, month: int, courses: list[Course], user: "User", version: int) -> list[Course]:
    """Courses checked whole from a workbook, all in one month, written together."""
    for course in courses:
        course.set_period()
        course.updated_by = user
    with register_change(center, year, month, user, version):
        bulk_create_with_history(courses, Course, default_user=user)
    return courses
