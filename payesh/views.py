from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.roles import sees_all_centers
from centers.models import Center
from dashboards.views import province as province_dashboard
from reports.models import ReportStatus


@login_required
def home(request):
    """The province dashboard for director, planner and staff; the list of centers otherwise
    (center heads get their own landing page from the entry workflow)."""
    if sees_all_centers(request.user):
        return province_dashboard(request)
    centers = Center.objects.active().select_related("head").with_latest_report().order_by("code")
    labels = dict(ReportStatus.choices)
    rows = [(c, labels.get(c.latest_status)) for c in centers]
    return render(request, "centers/home.html", {"rows": rows, "today": timezone.localdate()})


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
