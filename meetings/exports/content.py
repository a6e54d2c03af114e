"""What a meeting's summary says, as typed rows; the PDF, XLSX and DOCX renderers only lay it out.

Values stay numbers here (the spreadsheet wants real numbers); `display` turns one into Persian
text for the PDF and the Word file, percentages by payesh.display's one rule (rounded, never up
onto a status threshold).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from payesh import jalali
from payesh.display import percent, person
from reports.progress import line

from .. import services, snapshot
from ..models import ActionItemStatus

TEXT, INT, RATIO = "text", "int", "ratio"


def status_label(status):
    """The words of a center's progress status (reports/progress/line.py) or of an action item's."""
    if status in line.LABELS:
        return line.label(status)
    items = {**dict(ActionItemStatus.choices), "overdue": _("overdue")}
    return str(items[status]) if status in items else pgettext("no status", "—")


def display(value, kind):
    if value is None or value == "":
        return "—"
    if kind == INT:
        return jalali.format_number(value)
    if kind == RATIO:
        return percent(value, persian=True)
    return jalali.to_persian_digits(value) if isinstance(value, int) else str(value)


@dataclass
class Table:
    columns: list  # (label, kind)
    rows: list = field(default_factory=list)  # lists of raw values
    statuses: list = field(default_factory=list)  # a status code per row, for colouring

    @property
    def labels(self):
        return [label for label, _kind in self.columns]

    @property
    def kinds(self):
        return [kind for _label, kind in self.columns]

    def displayed(self):
        """(status, [(Persian text, kind), ...]) per row."""
        return [(status, [(display(v, kind), kind) for v, kind in zip(row, self.kinds)])
                for status, row in zip(self.statuses, self.rows)]


@dataclass
class MinutesContent:
    heading: list
    title: str
    facts: list  # (label, text)
    attendees: list
    agenda: str
    minutes: str
    headline: list  # (label, value, kind)
    snapshot: Table
    remarks: list  # (center, [(label, text)])
    actions: Table
    summary: object
    frozen_note: str
    record: Table = None  # the years of record: each earlier year's final achievement, years met in a row


def snapshot_table(summary):
    outside = bool(summary.province.get("outside"))  # a column of work outside the commitments where there is some
    table = Table([
        (_("rank"), INT), (_("center"), TEXT), (_("county"), TEXT), (_("annual target"), INT),
        (_("expected to date"), INT), (_("actual to date"), INT), *([(_("Outside the commitments"), INT)] if outside else []),
        (_("achievement"), RATIO), (_("pace"), RATIO), (_("status"), TEXT),
    ])
    for row in snapshot.by_rank(summary.centers):
        table.rows.append([row["rank"], row["center_name"], row["county"], row["target"], row["expected"], row["actual"],
                           *([row.get("outside", 0)] if outside else []), row["achievement"], row["pace"],
                           status_label(row["status"])])
        table.statuses.append(row["status"])
    return table


def record_table(summary):
    """The province and each center (by rank): each earlier year's final achievement and the years
    met in a row; empty for a meeting frozen before the record was kept."""
    years = [year for year, _achievement, _met in summary.province.get("finals", [])]
    table = Table([(_("center"), TEXT), *((jalali.to_persian_digits(y), RATIO) for y in years), (_("years met in a row"), INT)])
    if not years:
        return table
    for name, row in [(_("province"), summary.province), *((r["center_name"], r) for r in snapshot.by_rank(summary.centers))]:
        table.rows.append([name, *(achievement for _y, achievement, _met in row["finals"]), row["years_met"]])
        table.statuses.append("")
    return table


def headline(summary):
    p = summary.province
    counts = summary.status_counts
    return [
        (_("annual target (person-hours)"), p["target"], INT),
        (_("expected to date"), p["expected"], INT),
        (_("actual to date"), p["actual"], INT),
        *([(_("Outside the commitments"), p["outside"], INT)] if p.get("outside") else []),
        (_("achievement of the year"), p["achievement"], RATIO),
        (_("pace"), p["pace"], RATIO),
        (_("status"), status_label(p["status"]), TEXT),
        (_("centers on track"), counts["on_track"], INT),
        (_("centers slightly behind"), counts["slightly_behind"], INT),
        (_("centers behind"), counts["behind"], INT),
    ]


def remark_sections(meeting):
    sections = []
    for remark in meeting.remarks.select_related("center").order_by("center__code"):
        if remark.is_empty:
            continue
        parts = [(_("challenges"), remark.challenges), (_("opportunities"), remark.opportunities),
                 (_("suggestions"), remark.suggestions)]
        sections.append((remark.center.name_fa, [(label, text) for label, text in parts if text.strip()]))
    return sections


def actions_table(meeting):
    table = Table([(_("row"), INT), (_("decision"), TEXT), (_("responsible"), TEXT), (_("due date"), TEXT), (_("status"), TEXT)])
    items = meeting.action_items.select_related("responsible_center").order_by("due_date", "pk")
    for n, item in enumerate(items, start=1):
        table.rows.append([n, item.text, item.owner, jalali.format_jalali_date(item.due_date), status_label(item.display_status)])
        table.statuses.append(item.display_status)
    return table


def minutes_content(meeting):
    summary = services.summary(meeting)
    province = meeting.province.name_fa
    people = [person(u) for u in meeting.attendees.order_by("last_name", "first_name", "username")]
    facts = [
        (_("date"), jalali.format_jalali_date(meeting.date)),
        (_("chair"), person(meeting.chair)),
        (_("reviewed"), _("figures %(as_of)s") % {"as_of": snapshot.as_of(summary.province, meeting.year, meeting.month).label}),
        (_("measure"), _("trainee person-hours, all sectors and training areas")),
    ]
    frozen = _("Figures frozen when the meeting was finalized on %(date)s.") % {
        "date": jalali.format_jalali_date(meeting.finalized_at)} if summary.frozen else _("Live figures: this meeting is a draft.")
    return MinutesContent(
        heading=[_("Technical and Vocational Training Organization"),
                 _("Directorate-General of Technical and Vocational Training of %(province)s") % {"province": province}],
        title=meeting.title, facts=facts, attendees=people + meeting.guest_list,
        agenda=meeting.agenda, minutes=meeting.minutes, headline=headline(summary),
        snapshot=snapshot_table(summary), remarks=remark_sections(meeting), actions=actions_table(meeting),
        summary=summary, frozen_note=frozen, record=record_table(summary),
    )
