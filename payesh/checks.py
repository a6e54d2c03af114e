"""System checks of the cache and the replica (payesh/dataversion.py, payesh/routers.py)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from . import dataversion


@register(Tags.caches, deploy=True)
def shared_cache(app_configs=None, **kwargs):
    """With DEBUG off, the data version must be shared by every process: local memory is not."""
    if settings.DEBUG or not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return []
    if settings.PAYESH_SINGLE_PROCESS:
        effect = ("PAYESH_SINGLE_PROCESS is on, so each process caches numbers under its own version: "
                  "with more than one worker, one worker's cache can show numbers another has changed.")
    else:
        effect = "dashboard numbers are not cached and the read replica is not used."
    return [Warning(
        "The cache is local memory, private to each process, so the data version is not shared "
        "between gunicorn workers or servers: " + effect,
        hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0), one Redis for every app server.",
        id="payesh.W001",
    )]


@register()
def replica_settings(app_configs=None, **kwargs):
    if getattr(settings, "REPLICA_IGNORED", ""):
        return [Warning(settings.REPLICA_IGNORED, id="payesh.W002")]
    if "replica" in settings.DATABASES and not dataversion.is_shared():
        return [Warning("DATABASE_REPLICA_URL is set but the cache is local memory: the dashboards read the primary.",
                        hint="Set REDIS_URL.", id="payesh.W003")]
    return []
