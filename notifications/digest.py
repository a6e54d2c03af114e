"""The director's one-page digest of a month whose reporting has closed: the province's headline
numbers, the centers below on track and by how many person-hours, the late and missing reports,
the overdue action items. In the inbox as text, by mail with the same page as a PDF (WeasyPrint,
with the minutes' fonts and fetcher)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from centers.models import Province
from meetings.exports.pdf import write_pdf
from meetings.month_review import review
from payesh import display
from payesh.i18n import local_name
from reports import deadlines

from .models import Kind
from .periods import month_label, period_of, period_parts
from .services import Message, notify


def send(outcome, province, year, month, now, directors):
    """The digest to each of the province's directors (notifications.recipients), once per
    province and month."""
    if not directors:
        return
    month_review = review(province, year, month, now)
    if not month_review.owing:  # nothing was owed: no month to sum up
        return
    for director in directors:
        outcome.add(Kind.DIGEST, notify(director, Kind.DIGEST, f"province:{province.code}", period_of(year, month),
                                        lambda: message(month_review), now))


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


def title_of(r):
    return _("Monthly digest of %(province)s, %(month)s") % {
        "province": local_name(r.province), "month": month_label(r.year, r.month)}


def message(r):
    lines = [f"{label}: {text}" for label, text in headline(r)]
    lines += ["", _("Centers below on track (person-hours short of expected):")]
    lines += [_("- %(center)s: pace %(pace)s, %(gap)s person-hours short") % {
        "center": local_name(b.center), "pace": display.percent(b.pace), "gap": display.number(b.gap)} for b in r.behind] or ["-"]
    lines += ["", _("Late, returned and missing reports:")]
    lines += [f"- {local_name(c)}: {deadlines.label(state)}" for c, state in r.unreported] or ["-"]
    lines += ["", _("Overdue action items:")]
    lines += [_("- %(text)s (%(owner)s, due %(due)s)") % {
        "text": item.text[:120], "owner": item.owner, "due": display.date(item.due_date)} for item in r.overdue] or ["-"]
    link = reverse("dashboards:province") + f"?year={r.year}&month={r.month}"
    return Message(title_of(r), "\n".join(lines), link)


def render_html(r):
    return render_to_string("notifications/pdf/digest.html", {"r": r, "title": title_of(r), "headline": headline(r)})


def attachment(notification):
    """(file name, PDF bytes, type) of a digest notification: the month as it stood when the
    notification was made."""
    year, month = period_parts(notification.period)
    province = Province.objects.get(code=notification.about.split(":", 1)[1])
    pdf = write_pdf(render_html(review(province, year, month, notification.created_at)))
    return f"payesh-digest-{province.code}-{notification.period}.pdf", pdf, "application/pdf"
