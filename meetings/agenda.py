"""A meeting's agenda drafted from the numbers (meetings/month_review.py): the province's pace,
the centers below on track and their gap in person-hours, the late, returned and missing reports,
the overdue action items and the centers whose heads wrote remarks. Staff edit it before the
meeting. Written in Persian, as the minutes are, whatever the page's language."""

from django.utils.translation import gettext as _
from django.utils.translation import override

from payesh import display
from payesh.i18n import local_name
from reports import deadlines

from .month_review import review


def title(year, month):
    """A new meeting's title, in Persian as its minutes are: "جلسه پایش عملکرد آبان ۱۴۰۵"."""
    with override("fa"):
        return _("Monitoring meeting on %(month)s %(year)s") % {"month": display.month_name(month), "year": display.digits(year)}


def draft(province, year, month, meeting=None, now=None):
    with override("fa"):
        return text_of(review(province, year, month, now=now, meeting=meeting))


def text_of(r):
    month = f"{display.month_name(r.month)} {display.digits(r.year)}"
    n = 1
    lines = [_("%(n)s. The province's progress to the end of %(month)s: pace %(pace)s, reporting rate %(rate)s.") % {
        "n": display.digits(n), "month": month, "pace": display.percent(r.total.pace), "rate": display.percent(r.reporting_rate)}]
    if r.behind:
        n += 1
        lines.append(_("%(n)s. Centers below on track (person-hours short of expected):") % {"n": display.digits(n)})
        lines += [_("   - %(center)s: pace %(pace)s, %(gap)s person-hours short") % {
            "center": local_name(b.center), "pace": display.percent(b.pace), "gap": display.number(b.gap)} for b in r.behind]
    if r.unreported:
        n += 1
        lines.append(_("%(n)s. Late, returned and missing reports of %(month)s:") % {"n": display.digits(n), "month": month})
        lines += [f"   - {local_name(c)}: {deadlines.label(state)}" for c, state in r.unreported]
    if r.overdue:
        n += 1
        lines.append(_("%(n)s. Overdue action items:") % {"n": display.digits(n)})
        lines += [_("   - %(text)s (%(owner)s, due %(due)s)") % {
            "text": item.text[:120], "owner": item.owner, "due": display.date(item.due_date)} for item in r.overdue]
    if r.remarked:
        n += 1
        lines.append(_("%(n)s. Remarks of the centers: %(centers)s") % {
            "n": display.digits(n), "centers": "، ".join(local_name(c) for c in r.remarked)})
    return "\n".join(lines)
