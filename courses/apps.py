from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Course register")

    def ready(self):
        from reports import grid

        from .derive import derived_figures_of

        grid.derived_figures_of.supply(derived_figures_of)  # the entry grid takes these rows from the register
