"""System checks of the settings that logins and password resets depend on (`check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxies_counted(app_configs=None, **kwargs):
    """Behind a TLS proxy every connection comes from the proxy: without PAYESH_TRUSTED_PROXIES,
    five wrong passwords from anywhere lock an account out for everyone."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.PAYESH_TRUSTED_PROXIES == 0:
        return [Warning(
            "SECURE_PROXY_SSL_HEADER is set (Payesh is behind a proxy) but PAYESH_TRUSTED_PROXIES is 0: every "
            "client has the proxy's address, so login lockouts lock an account out for everyone.",
            hint="Set PAYESH_TRUSTED_PROXIES to the number of proxies in front of gunicorn (1 for one TLS proxy) "
                 "and have each append the client's address to X-Forwarded-For.",
            id="accounts.W001",
        )]
    return []


@register(Tags.security, deploy=True)
def site_url_for_mail(app_configs=None, **kwargs):
    """Links in mails (password reset, notifications) are PAYESH_SITE_URL and a path."""
    if settings.EMAIL_HOST and not settings.PAYESH_SITE_URL:
        return [Warning(
            "EMAIL_HOST is set but PAYESH_SITE_URL is empty: links in mails (password reset, notifications) "
            "are paths without the site's address.",
            hint="Set PAYESH_SITE_URL to the address people open, e.g. https://payesh.example.org.",
            id="accounts.W002",
        )]
    return []
