"""Words shown for the codes of reports/progress.py (colour is never the only signal)."""

from django.utils.translation import gettext_lazy as _

from reports import progress
from reports.models import ReportStatus

PROGRESS_STATUS = {
    progress.ON_TRACK: _("on track"),
    progress.SLIGHTLY_BEHIND: _("slightly behind"),
    progress.BEHIND: _("behind"),
    progress.NO_COMMITMENT: _("no commitment"),
    progress.NOTHING_EXPECTED: _("nothing due yet"),
}

REPORTING = {
    progress.ON_TIME: _("on time"),
    progress.LATE: _("late"),
    progress.MISSING: _("missing"),
    progress.RETURNED: _("returned"),
    progress.AWAITING: _("not yet due"),
}

REPORT_STATUS = dict(ReportStatus.choices)
