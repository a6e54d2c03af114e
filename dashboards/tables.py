"""The province dashboard's table: one row a center, sortable by every column, with a totals row.

Rows are plain dicts built from a progress.Board (`center_records`); the exports read the same
dicts through the same columns, so a file holds exactly what the table shows.
"""

import django_tables2 as tables
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from payesh.templatetags.payesh import num, pct

from .labels import PROGRESS_STATUS, REPORTING

UNRANKED = 10**9
WIDE_ONLY = {"td": {"class": "wide-only"}, "th": {"class": "wide-only"}, "tf": {"class": "wide-only"}}  # hidden on a phone


def center_records(board):
    records = []
    for row in board.rows:
        line, center = row.line, row.center
        records.append({
            "code": center.code, "center": center.name_fa, "county": center.county_fa,
            "url": reverse("dashboards:center", args=[center.code]),
            "rank": line.rank, "rank_sort": line.rank or UNRANKED,
            "target": line.target, "expected": line.expected, "actual": line.actual,
            "achievement": line.achievement, "pace": line.pace, "status": line.status,
            "projection": line.projection, "reporting": row.reporting,
        })
    return records


def total_record(board):
    line = board.total
    return {
        "rank": None, "center": _("Province total") if board.selection.province else _("Total"), "county": "",
        "target": line.target, "expected": line.expected, "actual": line.actual, "achievement": line.achievement,
        "pace": line.pace, "status": line.status, "projection": line.projection,
        "reporting": None,
    }


class NumberColumn(tables.Column):
    def __init__(self, *args, ratio=False, **kwargs):
        self.ratio = ratio
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}})
        kwargs.setdefault("default", "—")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return pct(value) if self.ratio else num(round(value))

    def render_footer(self, bound_column, table):
        value = table.total.get(bound_column.name)
        return pct(value) if self.ratio else num(round(value) if value is not None else None)


class ProvinceTable(tables.Table):
    rank = tables.Column(verbose_name=_("Rank"), order_by=("rank_sort",), default="—",
                         attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    center = tables.Column(verbose_name=_("Center"), footer=lambda table: table.total["center"])
    county = tables.Column(verbose_name=_("County"), attrs=WIDE_ONLY)
    target = NumberColumn(verbose_name=_("Annual target"))
    expected = NumberColumn(verbose_name=_("Expected to date"), attrs={k: {"class": "num wide-only"} for k in ("td", "th", "tf")})
    actual = NumberColumn(verbose_name=_("Actual to date"))
    achievement = NumberColumn(verbose_name=_("Achievement"), ratio=True)
    pace = NumberColumn(verbose_name=_("Pace"), ratio=True)
    status = tables.Column(verbose_name=_("Status"), order_by=("pace",))
    projection = NumberColumn(verbose_name=_("Year-end projection"))
    reporting = tables.Column(verbose_name=_("Month's report"), default="—")

    class Meta:
        attrs = {"class": "data", "id": "province-table"}
        template_name = "dashboards/table.html"
        orderable = True

    def __init__(self, data, total, **kwargs):
        self.total = total
        super().__init__(data, **kwargs)

    def render_rank(self, value):
        return num(value)

    def render_center(self, value, record):
        return format_html('<a href="{}">{}</a>', record["url"], value)

    def render_status(self, value, record):
        return format_html('<span class="badge status-{}">{}</span>', value, PROGRESS_STATUS[value])

    def render_reporting(self, value):
        return format_html('<span class="badge status-{}">{}</span>', value, REPORTING[value])

    @staticmethod
    def export_value(name, record):
        """The real value of a cell for XLSX/CSV: numbers stay numbers, codes become words."""
        value = record.get(name)
        if name == "status":
            return str(PROGRESS_STATUS.get(value, ""))
        if name == "reporting":
            return str(REPORTING.get(value, "")) if value else ""
        if name in ("expected", "actual", "target", "projection") and value is not None:
            return round(value)
        return str(value) if isinstance(value, Promise) else value
