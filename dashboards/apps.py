from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Pages that display the progress engine (reports/progress/): province, center, focus, reporting status, exports."""

    name = "dashboards"
    verbose_name = _("Dashboards")
