"""Monthly entry, review and report pages (the entry workflow)."""

from django.urls import path

from . import views
from .quality import views as quality

app_name = "entry"

month = "centers/<slug:code>/<int:year>/<int:month>/"

urlpatterns = [
    path("centers/<slug:code>/", views.center_months, name="months"),
    path(month, views.month_entry, name="month"),
    path(month + "review/", views.review, name="review"),
    path(month + "reopen/", views.reopen, name="reopen"),
    path(month + "history/", views.month_history, name="history"),
    path(month + "xlsx/", views.month_xlsx, name="xlsx"),
    path(month + "upload/", views.month_upload, name="upload"),
    path("review/", views.review_queue, name="queue"),
    path("late/", views.late_reports, name="late"),
    path("quality/", quality.data_quality, name="quality"),
    path("rules/", quality.rule_list, name="rules"),
    path("rules/new/", quality.rule_edit, name="rule_new"),
    path("rules/history/", quality.rule_history, name="rule_history"),
    path("rules/<int:pk>/", quality.rule_edit, name="rule"),
    path("rules/<int:pk>/retire/", quality.rule_retire, name="rule_retire"),
]
