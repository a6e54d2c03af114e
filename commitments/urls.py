"""Commitments: list, workbook import, allocation, phasing, revisions, copy forward, and the record
of batch changes with their undo."""

from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("", views.commitment_list, name="list"),
    path("export.xlsx", views.commitment_export, name="export"),
    path("import/", views.import_workbook, name="import"),
    path("import/template.xlsx", views.import_template, name="template"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("allocation/", views.allocation_page, name="allocation"),
    path("allocation/total/", views.province_total_save, name="province_total"),
    path("phasing/", views.phasing_page, name="phasing"),
    path("copy-forward/", views.copy_forward, name="copy_forward"),
    path("confirm-drafts/", views.confirm_drafts, name="confirm_drafts"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
]
