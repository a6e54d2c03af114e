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


@register(Tags.caches, deploy=True)
def redis_memory(app_configs=None, **kwargs):
    """Redis without maxmemory grows until the machine runs out of memory (Debian's redis-server
    sets none); with one and volatile-lru, Redis evicts cached numbers, which have a time-out,
    and never the data version. A Redis that cannot be reached or asked (CONFIG renamed, as
    managed services do) is not judged."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return []
    try:
        config = backend._cache.get_client(write=False).config_get("maxmemory*")
    except Exception:
        return []
    config = {(k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
              for k, v in config.items()}
    if config.get("maxmemory", "0") != "0":
        return []
    return [Warning(
        "Redis has no memory limit (maxmemory 0): cached pages are kept until they time out, and Redis grows "
        "until the machine runs out of memory.",
        hint="In redis.conf: maxmemory 256mb and maxmemory-policy volatile-lru (see the production notes).",
        id="payesh.W004",
    )]
