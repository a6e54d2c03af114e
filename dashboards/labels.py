"""Words shown for the codes of the progress engine and reports/deadlines.py, each set kept beside
its rule (colour is never the only signal)."""

from reports import deadlines
from reports.models import ReportStatus
from reports.progress import line

PROGRESS_STATUS = line.LABELS  # the one set of words for progress statuses, beside their rule

REPORTING = deadlines.LABELS  # the one set of words for reporting statuses, beside their rule

REPORT_STATUS = dict(ReportStatus.choices)
