from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from centers.models import Center
from reports.models import MonthlyReport, ReportStatus


@login_required
def center_list(request):
    """Every active center with its head and its most recent report."""
    active = MonthlyReport.objects.latest_of_centers(Center.objects.active().select_related("head")).order_by("code")
    labels = dict(ReportStatus.choices)
    rows = [(c, labels.get(c.latest_status)) for c in active]
    return render(request, "centers/list.html", {"rows": rows, "today": timezone.localdate()})
