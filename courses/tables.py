"""Sortable course lists (django-tables2) with a totals row computed over every listed course,
not just the page shown."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from payesh import display
from payesh.i18n import local_name

NUM = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}


def fmt(value):
    return display.number(value)


class NumberColumn(tables.Column):
    def __init__(self, *args, total=None, **kwargs):
        kwargs.setdefault("attrs", NUM)
        if total:
            kwargs["footer"] = lambda table: fmt(table.totals.get(total))
        super().__init__(*args, **kwargs)

    def render(self, value):
        return fmt(value)


class DateColumn(tables.Column):
    def render(self, value):
        return display.date(value)


class CourseTable(tables.Table):
    """totals: the derived sums of the listed courses (courses.derive.sums)."""

    title = tables.Column(verbose_name=_("Trade or title"), footer=lambda table: _("Total: %(count)s courses") % {
        "count": fmt(table.totals.get("courses"))})
    cluster = tables.Column(verbose_name=_("Cluster"))
    area = tables.Column(verbose_name=_("Training area"), order_by=("sector__order", "area__order"))
    place = tables.Column(verbose_name=_("Place"))
    start_date = DateColumn(verbose_name=_("Start"))
    end_date = DateColumn(verbose_name=_("End"))
    hours = NumberColumn(verbose_name=_("Hours"))
    gender = tables.Column(verbose_name=_("Group"))
    enrolled = NumberColumn(verbose_name=_("Enrolled"), total="enrolled")
    completed = NumberColumn(verbose_name=_("Completed"), total="person_courses")
    certified = NumberColumn(verbose_name=_("Certified"), total="certified")
    person_hours = NumberColumn(verbose_name=_("Person-hours"), total="person_hours")
    trainer = tables.Column(verbose_name=_("Trainer"), default="")

    class Meta:
        attrs = {"class": "data courses", "id": "courses"}
        order_by = ("end_date",)
        orderable = True
        empty_text = _("No courses are registered for this month.")

    def __init__(self, data, totals, edit_url=None, **kwargs):
        self.totals = totals
        self.edit_url = edit_url
        super().__init__(data, **kwargs)

    def render_title(self, value, record):
        if self.edit_url:
            return format_html('<a href="{}">{}</a>', self.edit_url(record), value)
        return value

    def render_cluster(self, record):
        return record.get_cluster_display()

    def render_gender(self, record):
        return record.get_gender_display()

    def render_area(self, record):
        return f"{local_name(record.sector)} – {local_name(record.area)}"


class AreaCourseTable(CourseTable):
    """One training area's courses across centers: by county and place."""

    county = tables.Column(verbose_name=_("County"), accessor="center__county_fa")
    center = tables.Column(verbose_name=_("Center"), accessor="center__name_fa", order_by=("center__code",))

    class Meta(CourseTable.Meta):
        attrs = {"class": "data courses", "id": "area-courses"}
        sequence = ("county", "center", "place", "title", "cluster", "end_date", "hours", "gender",
                    "enrolled", "completed", "certified", "person_hours")
        exclude = ("area", "start_date", "trainer")
        order_by = ("county", "place")
        empty_text = _("No courses of this training area are registered for this year.")

    def render_county(self, record):
        return local_name(record.center, "county")

    def render_center(self, record):
        return format_html('<a href="{}">{}</a>', reverse("courses:month", args=[record.center.code, record.year, record.month]),
                           local_name(record.center))
