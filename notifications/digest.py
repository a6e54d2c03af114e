"""The director's one-page digest of a month whose reporting has closed: the province's headline
numbers, the centers below on track and by how many person-hours, the late and missing reports,
the overdue action items. In the inbox as a short summary (the body's first paragraph) with the
rest behind it, by mail with the same page as a PDF (WeasyPrint, with the minutes' fonts and
fetcher).

The page stays one A4 page however many centers the province has: each list shows its first rows
(the lowest paces first) and counts the rest, "and 17 more", with a link to the page that lists
them all (tests/test_notifications_digest.py prints the worst case).
"""

import functools
import unicodedata
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from centers.models import Province
from meetings.exports.pdf import write_pdf
from meetings.month_review import MonthReview, review
from payesh import display
from payesh.i18n import local_name
from reports import deadlines
from reports.progress import line

from .models import Kind
from .periods import month_label, period_of, period_parts
from .services import Message, Tell, absolute

# The rows each list of the digest shows; the rest are counted. The action items' texts are the
# longest, so fewer of them fit. On the PDF a name is cut to one line of its column.
CENTERS_SHOWN = 8
ACTION_ITEMS_SHOWN = 3
ACTION_TEXT_SHOWN = 100  # characters of a decision's text


def tells(province, directors, year, month, now):
    """The digest to each director, once per province and month; the month's review is read
    only when a digest is new, once however many directors there are."""
    month_review = functools.cache(lambda: review(province, year, month, now))

    def compose():
        r = month_review()
        return message(r) if r.owing else None  # nothing was owed: no month to sum up

    return [Tell(director, Kind.DIGEST, f"province:{province.code}", period_of(year, month), compose)
            for director in directors]


@dataclass
class Shown:
    """The first rows of a list and how many more it has, with the page that lists them all."""
    rows: list
    more: int
    link: str
    where: str  # the page's name: "… and 17 more on <where>"


def shown(rows, limit, link, where):
    return Shown(rows[:limit], max(0, len(rows) - limit), absolute(link), where)


def lists(r: MonthReview):
    """(centers below on track, late/returned/missing reports, overdue action items), each cut to
    what the page has room for."""
    month = f"?year={r.year}&month={r.month}"
    return (
        shown(r.behind, CENTERS_SHOWN, reverse("dashboards:province") + month + "&sort=pace", _("the dashboard")),
        shown(r.unreported, CENTERS_SHOWN, reverse("entry:late") + month, _("the list of late reports")),
        shown(r.overdue, ACTION_ITEMS_SHOWN, reverse("meetings:list"), _("the meetings' page")),
    )


def more(s: Shown):
    return _("… and %(count)s more: %(link)s") % {"count": display.digits(s.more), "link": s.link}


def headline(r):
    """(label, text) of the digest's headline numbers."""
    total = r.total
    return [
        (_("target of the year"), display.number(total.target)),
        (_("expected to date"), display.number(total.expected)),
        (_("actual to date"), display.number(total.actual)),
        (_("achievement"), display.percent(total.achievement)),
        (_("pace"), display.percent(total.pace)),
        (_("reporting rate"), f"{display.percent(r.reporting_rate)} ({display.digits(r.reported)}/{display.digits(r.owing)})"),
    ]


def summary(r):
    """The digest in two lines: what the inbox shows."""
    status = line.label(r.total.status)
    return _("Pace %(pace)s%(status)s. Reported: %(reported)s of %(owing)s centers. Below on track: %(behind)s "
             "centers. Late, returned or missing: %(unreported)s. Overdue action items: %(overdue)s.") % {
        "pace": display.percent(r.total.pace), "status": f" ({status})" if status else "",
        "reported": display.digits(r.reported), "owing": display.digits(r.owing),
        "behind": display.digits(len(r.behind)), "unreported": display.digits(len(r.unreported)),
        "overdue": display.digits(len(r.overdue))}


def title_of(r):
    return _("Monthly digest of %(province)s, %(month)s") % {
        "province": local_name(r.province), "month": month_label(r.year, r.month)}


def message(r):
    behind, unreported, overdue = lists(r)
    lines = [summary(r), ""]
    lines += [f"{label}: {text}" for label, text in headline(r)]
    lines += ["", _("Centers below on track (person-hours short of expected):")]
    lines += [_("- %(center)s: pace %(pace)s, %(gap)s person-hours short") % {
        "center": local_name(b.center), "pace": display.percent(b.pace), "gap": display.number(b.gap)}
        for b in behind.rows] or ["-"]
    lines += [more(behind)] if behind.more else []
    lines += ["", _("Late, returned and missing reports:")]
    lines += [f"- {local_name(c)}: {deadlines.label(state)}" for c, state in unreported.rows] or ["-"]
    lines += [more(unreported)] if unreported.more else []
    lines += ["", _("Overdue action items:")]
    lines += [_("- %(text)s (%(owner)s, due %(due)s)") % {
        "text": short(item.text), "owner": item.owner, "due": display.date(item.due_date)} for item in overdue.rows] or ["-"]
    lines += [more(overdue)] if overdue.more else []
    link = reverse("dashboards:province") + f"?year={r.year}&month={r.month}"
    return Message(title_of(r), "\n".join(lines), link)


def short(text):
    text = " ".join(text.split())
    return text if len(text) <= ACTION_TEXT_SHOWN else text[:ACTION_TEXT_SHOWN - 1] + "…"


def direction(text):
    """The direction typed text reads in, from its first strong letter (WeasyPrint knows no
    dir="auto"): a Persian decision stays right to left on an English page."""
    for letter in text:
        kind = unicodedata.bidirectional(letter)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def render_html(r):
    behind, unreported, overdue = lists(r)
    return render_to_string("notifications/pdf/digest.html", {
        "r": r, "title": title_of(r), "headline": headline(r), "behind": behind, "unreported": unreported,
        "overdue": overdue,
        "overdue_rows": [(item, short(item.text), direction(item.text), direction(item.owner)) for item in overdue.rows]})


def attachment(notification):
    """(file name, PDF bytes, type) of a digest notification: the month as it stood when the
    notification was made."""
    year, month = period_parts(notification.period)
    province = Province.objects.get(code=notification.about.split(":", 1)[1])
    pdf = write_pdf(render_html(review(province, year, month, notification.created_at)))
    return f"payesh-digest-{province.code}-{notification.period}.pdf", pdf, "application/pdf"
