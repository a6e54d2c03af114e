from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("<int:pk>/digest.pdf", views.digest_pdf, name="digest_pdf"),
    path("read-all/", views.read_all, name="read_all"),
    path("settings/", views.mail_settings, name="settings"),
]
