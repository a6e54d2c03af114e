"""Words shown for the codes of reports/progress.py and reports/deadlines.py (colour is never the only signal)."""

from django.utils.translation import gettext_lazy as _

from reports import deadlines, progress
from reports.models import ReportStatus

PROGRESS_STATUS = {
    progress.ON_TRACK: _("on track"),
    progress.SLIGHTLY_BEHIND: _("slightly behind"),
    progress.BEHIND: _("behind"),
    progress.NO_COMMITMENT: _("no commitment"),
    progress.NOTHING_EXPECTED: _("nothing due yet"),
}

REPORTING = deadlines.LABELS  # the one set of words for reporting statuses, beside their rule

REPORT_STATUS = dict(ReportStatus.choices)
