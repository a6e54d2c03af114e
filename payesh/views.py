from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import is_center_head_only
from accounts.roles import headed_center, sees_all_centers
from centers.models import Center
from dashboards.views import province as province_dashboard
from reports.models import ReportStatus


@login_required
def home(request):
    """The province dashboard for director, planner and staff; a head's own months; the list of
    centers for anyone else signed in."""
    if sees_all_centers(request.user):
        return province_dashboard(request)
    if is_center_head_only(request.user):
        return redirect("entry:months", code=headed_center(request.user).code)
    return centers(request)


@login_required
def centers(request):
    active = Center.objects.active().select_related("head").with_latest_report().order_by("code")
    labels = dict(ReportStatus.choices)
    rows = [(c, labels.get(c.latest_status)) for c in active]
    return render(request, "centers/home.html", {"rows": rows, "today": timezone.localdate()})


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
