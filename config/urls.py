from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboards import views as dashboard_views

from . import views

admin.site.site_header = "پایش"
admin.site.site_title = "پایش"
admin.site.index_title = "مدیریت"

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("centers/", dashboard_views.center_list, name="centers"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("people/", include("accounts.people_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("commitments/", include("commitments.urls")),
    path("meetings/", include("meetings.urls")),
    path("courses/", include("courses.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
