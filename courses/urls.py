"""The course register: /courses/centers/<code>/<year>/<month>/ is a center's month (the
drill-down the center dashboard links to as courses:month), /courses/areas/ one training area
across centers."""

from django.urls import path

from . import views

app_name = "courses"

month = "centers/<slug:code>/<int:year>/<int:month>/"

urlpatterns = [
    path(month, views.month_courses, name="month"),
    path(month + "add/", views.add_course, name="add"),
    path(month + "<int:pk>/", views.edit_course, name="edit"),
    path(month + "<int:pk>/remove/", views.remove_course, name="remove"),
    path(month + "xlsx/", views.courses_template, name="xlsx"),
    path(month + "upload/", views.upload_courses, name="upload"),
    path("areas/", views.area_courses, name="area"),
]
