from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API and DHIS2")

    def ready(self):
        from accounts import sections

        from . import schema  # noqa: F401  (registers the token scheme with drf-spectacular)

        sections.register("api_tokens", _("API tokens"), "api:tokens")
        sections.register("dhis2", _("Exchange with DHIS2"), "api:dhis2_page")
