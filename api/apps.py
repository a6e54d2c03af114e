from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API and DHIS2")

    def ready(self):
        from accounts import sections
        from accounts.signals import access_ended

        from . import schema  # noqa: F401  (registers the token scheme with drf-spectacular)

        access_ended.connect(revoke_the_tokens, dispatch_uid="api-revoke-the-tokens")

        sections.register("api_tokens", _("API tokens"), "api:tokens")
        sections.register("dhis2", _("Exchange with DHIS2"), "api:dhis2_page")


def revoke_the_tokens(sender, person, **kwargs):
    """An account's access was ended (accounts.services.end_access): its tokens with it."""
    from . import tokens

    tokens.revoke_all(person)
