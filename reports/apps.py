from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Monthly reports")

    def ready(self):
        from commitments import allocation

        from .progress.statements import actual_to_date

        allocation.actual_to_date.supply(actual_to_date)  # the allocation by last year's actuals
