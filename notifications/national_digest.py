"""The national digest of a month whose deadline has passed, to the national roles, once a month
(notifications/cycle.py): the country's headline numbers, the provinces ranked by pace (as the
national view ranks them, reports/progress/boards.province_ranks), the provinces behind, and each
province's reporting. One page however many provinces: each list shows its first rows and counts
the rest, with the link to the national view that lists them all. By mail with the same page as
a PDF, as the province's digest (digest.py)."""

import datetime
import functools
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings import snapshot
from meetings.exports.pdf import write_pdf
from payesh import display
from payesh.i18n import local_name
from reports.progress import boards, line
from reports.progress.line import Line
from reports.progress.selection import Selection

from .models import Kind, Notification
from .periods import month_label, period_of, period_parts
from .services import Message, Tell, absolute

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The provinces each list shows; a country has 31, the rest are counted.
PROVINCES_SHOWN = 31
ABOUT = "country"


def tells(people: list["User"], year: int, month: int, now: datetime.datetime) -> list[Tell]:
    """The digest to each national person, once per month; the provinces are read only when a
    digest is new, once however many people there are."""
    ranks = functools.cache(lambda: provinces(year, month, now))

    def compose() -> Message | None:
        rows = ranks()
        return message(rows, year, month) if rows else None  # no province owes anything: nothing to sum up

    return [Tell(person, Kind.NATIONAL_DIGEST, ABOUT, period_of(year, month), compose) for person in people]


def provinces(year: int, month: int, now: datetime.datetime) -> list[boards.ProvinceRow]:
    """Every province's row of the national view for the month (person-hours), ranked: 3 queries."""
    measure = snapshot.person_hours()
    if measure is None:
        return []
    return boards.province_ranks(Selection(year, month, measure), now)


def headline(total: Line) -> list[tuple[str, str]]:
    """(label, text) of the country's headline numbers."""
    return [
        (_("target of the year"), display.number(total.target)),
        (_("expected to date"), display.number(total.expected)),
        (_("actual to date"), display.number(total.actual)),
        (_("achievement"), display.percent(total.achievement)),
        (_("pace"), display.percent(total.pace)),
    ]


def title_of(year: int, month: int) -> str:
    return _("National monthly digest, %(month)s") % {"month": month_label(year, month)}


def link_of(year: int, month: int) -> str:
    return reverse("dashboards:province") + f"?province=all&year={year}&month={month}"


def render_html(rows: list[boards.ProvinceRow], year: int, month: int) -> str:
    return render_to_string("notifications/pdf/national_digest.html", {
        "title": title_of(year, month), "headline": headline(total_of(rows, month)), "rows": rows[:PROVINCES_SHOWN],
        "more": max(0, len(rows) - PROVINCES_SHOWN), "link": absolute(link_of(year, month))})


def attachment(notification: Notification) -> tuple[str, bytes, str]:
    """(file name, PDF bytes, type) of a national digest: the month as it stood when the
    notification was made."""
    year, month = period_parts(notification.period)
    pdf = write_pdf(render_html(provinces(year, month, notification.created_at), year, month))
    return f"payesh-national-digest-{notification.period}.pdf", pdf, "application/pdf"


def total_of(rows: list[boards.ProvinceRow], month: int) -> Line:
    return Line.total_of((r.line for r in rows), month, key="country")


def rate(row: Any) -> str:
    return f"{display.percent(row.reporting_rate)} ({display.digits(row.reported)}/{display.digits(row.owing)})"


def message(rows: list[boards.ProvinceRow], year: int, month: int) -> Message:
    total = total_of(rows, month)
    owing, reported = sum(r.owing for r in rows), sum(r.reported for r in rows)
    behind = [r for r in rows if r.line.status in (line.BEHIND, line.SLIGHTLY_BEHIND)]
    link = link_of(year, month)
    status = line.label(total.status)
    lines = [_("Pace of the country %(pace)s%(status)s. Reported: %(reported)s of %(owing)s centers. Provinces below on "
               "track: %(behind)s of %(provinces)s.") % {
        "pace": display.percent(total.pace), "status": f" ({status})" if status else "",
        "reported": display.digits(reported), "owing": display.digits(owing),
        "behind": display.digits(len(behind)), "provinces": display.digits(len(rows))}, ""]
    lines += [f"{label}: {text}" for label, text in headline(total)]
    lines += ["", _("The provinces ranked by pace (pace, achievement, reporting):")]
    lines += [_("%(rank)s. %(province)s: pace %(pace)s, achievement %(achievement)s, reported %(rate)s") % {
        "rank": display.digits(r.line.rank) if r.line.rank else "–", "province": local_name(r.province),
        "pace": display.percent(r.line.pace), "achievement": display.percent(r.line.achievement), "rate": rate(r)}
        for r in rows[:PROVINCES_SHOWN]]
    if len(rows) > PROVINCES_SHOWN:
        lines += [_("… and %(count)s more: %(link)s") % {"count": display.digits(len(rows) - PROVINCES_SHOWN),
                                                           "link": absolute(link)}]
    lines += ["", _("Provinces below on track (centers behind):")]
    lines += [_("- %(province)s: pace %(pace)s, %(behind)s of %(centers)s centers behind") % {
        "province": local_name(r.province), "pace": display.percent(r.line.pace),
        "behind": display.digits(r.behind), "centers": display.digits(r.centers)} for r in behind] or ["-"]
    return Message(title_of(year, month), "\n".join(lines), link)
