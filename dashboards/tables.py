"""The province dashboard's table: one row a center, sortable by every column, with a totals row.

Rows are plain dicts built from a reports.progress.boards.Board (`center_records`); the exports read the same
dicts through the same columns, so a file holds exactly what the table shows.
"""

import django_tables2 as tables
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from payesh.display import html_text
from payesh.display import number as num
from payesh.display import percent as pct
from payesh.i18n import local_name

from .labels import PROGRESS_STATUS, REPORTING

UNRANKED = 10**9
WIDE_ONLY = {"td": {"class": "wide-only"}, "th": {"class": "wide-only"}, "tf": {"class": "wide-only"}}  # hidden on a phone


def _badge(code, words):
    return format_html('<span class="badge status-{}">{}</span>', code, words[code]) if code else "—"


SHOWN = {
    "county": lambda r: r["county"],
    "province": lambda r: r["province"],  # how each column shows its value; the raw value stays in the record for sorting and export
    "rank": lambda r: num(r["rank"]),
    "center": lambda r: format_html('<a href="{}">{}</a>', r["url"], r["center"]) if r.get("url") else r["center"],
    "target": lambda r: num(r["target"]),
    "expected": lambda r: num(r["expected"]),
    "actual": lambda r: num(r["actual"]),
    "outside": lambda r: num(r["outside"]),
    "achievement": lambda r: pct(r["achievement"]),
    "pace": lambda r: pct(r["pace"]),
    "status": lambda r: _badge(r["status"], PROGRESS_STATUS),
    "projection": lambda r: num(round(r["projection"])) if r["projection"] is not None else "—",
    "reporting": lambda r: _badge(r["reporting"], REPORTING),
}


class Record(dict):
    """A row; `<column>_shown` is formatted on first use, so only the rows of the page shown
    are formatted (tables2 would otherwise inspect a render method's signature for every cell)."""

    def __missing__(self, key):
        if not key.endswith("_shown"):
            raise KeyError(key)
        value = self[key] = SHOWN[key[: -len("_shown")]](self)
        return value


def center_records(board):
    url = reverse("dashboards:center", args=["CODE"])
    provinces = {p.province.pk: p.line.label for p in board.by_province}
    records = []
    for row in board.rows:
        line, center = row.line, row.center
        records.append(Record({
            "code": center.code, "center": local_name(center), "county": local_name(center, "county"),
            "province": provinces.get(center.province_id, ""),
            "url": url.replace("CODE", center.code),
            "rank": line.rank, "rank_sort": line.rank or UNRANKED,
            "target": line.target, "expected": line.expected, "actual": line.actual, "outside": line.outside,
            "achievement": line.achievement, "pace": line.pace, "status": line.status,
            "projection": line.projection, "reporting": row.reporting,
        }))
    return records


def total_record(board):
    line = board.total
    return Record({
        "rank": None, "center": pgettext("totals row", "Province total") if board.selection.province else _("Total"), "county": "",
        "province": "",
        "target": line.target, "expected": line.expected, "actual": line.actual, "outside": line.outside,
        "achievement": line.achievement,
        "pace": line.pace, "status": line.status, "projection": line.projection,
        "reporting": None,
    })


NUM = {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}}
NUM_WIDE_ONLY = {k: {"class": "num wide-only"} for k in NUM}


def column(name, verbose_name, attrs=None, order_by=None, ratio=False):
    col = tables.Column(
        verbose_name=verbose_name, accessor=f"{name}_shown", order_by=order_by or (name,), attrs=attrs or {},
        footer=lambda table: table.total[f"{name}_shown"] if name != "rank" else "",
    )
    col.ratio = ratio
    return col


class ProvinceTable(tables.Table):
    rank = column("rank", _("Rank"), NUM, order_by=("rank_sort",))
    center = column("center", _("Center"))
    province = column("province", _("Province"), WIDE_ONLY)
    county = column("county", _("County"), WIDE_ONLY)
    # Pace and status right after the center: on a phone they are seen without a sideways scroll.
    pace = column("pace", _("Pace"), NUM, ratio=True)
    status = column("status", _("Status"), order_by=("pace",))
    target = column("target", _("Annual target"), NUM)
    expected = column("expected", _("Expected to date"), NUM_WIDE_ONLY)
    actual = column("actual", _("Actual to date"), NUM)
    # figures on rows without a commitment in force: shown, never in actual or pace (docs/design.md)
    outside = column("outside", _("Outside the commitments"), NUM)
    achievement = column("achievement", _("Achievement"), NUM, ratio=True)
    projection = column("projection", _("Year-end projection"), NUM)
    reporting = column("reporting", _("Month's report"))

    class Meta:
        attrs = {"class": "data", "id": "province-table"}
        template_name = "dashboards/table.html"
        orderable = True

    def __init__(self, data, total, **kwargs):
        self.total = total
        super().__init__(data, **kwargs)

    def body_html(self):
        """The rows of the page shown, built in one pass: tables2's per-cell rendering (a
        signature inspection and a template node per cell) was most of the dashboard's time."""
        columns = [(f"{c.name}_shown", html_text(c.attrs.get("td", {}).get("class") or "")) for c in self.columns]
        records = [row.record for row in self.paginated_rows] if self.page else [row.record for row in self.rows]
        return mark_safe("".join(f"<tr>{self._cells(record, columns)}</tr>" for record in records))

    @staticmethod
    def _cells(record, columns):
        return "".join(f'<td class="{css}">{html_text(record[key])}</td>' for key, css in columns)

    @staticmethod
    def export_value(name, record):
        """The real value of a cell for XLSX/CSV: numbers stay numbers, codes become words."""
        value = record.get(name)
        if name == "status":
            return str(PROGRESS_STATUS.get(value, ""))
        if name == "reporting":
            return str(REPORTING.get(value, "")) if value else ""
        if name in ("expected", "actual", "outside", "target", "projection") and value is not None:
            return round(value)
        return str(value) if isinstance(value, Promise) else value
