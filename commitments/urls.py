"""Commitments: list, workbook import, allocation, phasing, revisions, copy forward, and the record
of batch changes with their undo."""

from django.urls import path

from . import national_views, views

app_name = "commitments"

urlpatterns = [
    path("", views.commitment_list, name="list"),
    path("export.xlsx", views.commitment_export, name="export"),
    path("import/", views.import_workbook, name="import"),
    path("import/template.xlsx", views.import_template, name="template"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("allocation/", views.allocation_page, name="allocation"),
    path("allocation/total/", views.province_total_save, name="province_total"),
    path("allocation/returned/addressed/", national_views.return_addressed, name="return_addressed"),
    path("national/", national_views.national_allocation, name="national"),
    path("national/return/", national_views.return_allocation, name="national_return"),
    path("national/letter/", national_views.letter_import, name="letter"),
    path("national/letter/template.xlsx", national_views.letter_template, name="letter_template"),
    path("phasing/", views.phasing_page, name="phasing"),
    path("copy-forward/", views.copy_forward, name="copy_forward"),
    path("confirm-drafts/", views.confirm_drafts, name="confirm_drafts"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
]
