from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Monthly reports")

    def ready(self):
        from commitments import allocation, national

        from .progress.boards import national_progress
        from .progress.statements import actual_to_date

        allocation.actual_to_date.supply(actual_to_date)  # the allocation by last year's actuals
        national.progress_by_province.supply(national_progress)  # the national allocation page's progress
