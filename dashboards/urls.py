"""Dashboards: province, center, focus views, reporting status, years of record, exports."""

from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.province, name="province"),
    path("export.<str:fmt>", views.province_export, name="export"),
    path("center/<str:code>/", views.center, name="center"),
    path("center/<str:code>/area/<str:area>/", views.center_area, name="center_area"),
    path("center/<str:code>/<int:year>/<int:month>/", views.center_month, name="center_month"),
    path("focus/", views.focus, name="focus"),
    path("reporting/", views.reporting, name="reporting"),
    path("years/", views.years_page, name="years"),
    path("years/export.xlsx", views.years_export, name="years_export"),
]
