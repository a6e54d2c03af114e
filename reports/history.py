"""A report's audit trail from django-simple-history: who changed which figure or status, when,
the old and the new value, newest first."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from commitments.models import Measure, TrainingArea
from payesh.i18n import local_name

from .models import Figure, MonthlyReport, ReportStatus


@dataclass
class Change:
    when: object
    user: object
    what: str
    old: object
    new: object
    note: str = ""
    numeric: bool = False


def report_history(report):
    """Changes of the report's status and of its figures, in a fixed number of queries."""
    labels = dict(ReportStatus.choices)
    changes = []
    previous = None
    for h in MonthlyReport.history.filter(id=report.pk).select_related("history_user").order_by("history_date", "history_id"):
        if previous is None or previous.status != h.status:
            note = ""
            if h.status == ReportStatus.RETURNED:
                note = h.return_comment
            elif previous is not None and previous.status == ReportStatus.APPROVED:
                note = h.reopen_reason
            changes.append(Change(h.history_date, h.history_user, _("status"),
                                  labels.get(previous.status) if previous else None, labels.get(h.status), note))
        previous = h
    areas = {a["pk"]: local_name(a) for a in TrainingArea.objects.values("pk", "name_fa", "name_en")}
    measures = {m["pk"]: local_name(m) for m in Measure.objects.values("pk", "name_fa", "name_en")}
    last_value = {}
    for h in Figure.history.filter(report_id=report.pk).select_related("history_user").order_by("history_date", "history_id"):
        what = f"{areas.get(h.area_id, '')} – {measures.get(h.measure_id, '')}"
        new = None if h.history_type == "-" else h.value
        changes.append(Change(h.history_date, h.history_user, what, last_value.get(h.id), new, h.comment, numeric=True))
        last_value[h.id] = new
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes
