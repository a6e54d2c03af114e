"""What the cache holds for this deployment, and for how long: the measure of "Redis holds what it
needs" (bench_dashboard prints it; tests pin it).

An entry is *lasting* when it will still be there after LASTING_AFTER seconds (no time-out, or a
longer one): a superseded data version's entries must not be (payesh/dataversion.py keeps one key
per value, overwritten by each new version; a WAL position lives minutes). Works with Redis (each
key's MEMORY USAGE: key, value and Redis' own overhead) and with local memory (the key and the
pickled value); only keys of this deployment's database tag are counted.
"""

import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from . import dataversion

# Longer than any short-lived entry of the data version (its WAL positions: LSN_TIMEOUT).
LASTING_AFTER = 15 * 60


def lasting_entries(after: int = LASTING_AFTER) -> dict[str, int]:
    """{key: bytes} of this deployment's cache entries that will still be there in `after` seconds."""
    real = caches["default"]
    tag = f":{dataversion.database_tag()}:"
    if isinstance(real, RedisCache):
        return _redis_entries(real, tag, after)
    if isinstance(real, LocMemCache):
        return _locmem_entries(real, tag, after)
    raise NotImplementedError(f"cannot measure a {type(real).__name__}")


def lasting_bytes(after: int = LASTING_AFTER) -> int:
    return sum(lasting_entries(after).values())


def _redis_entries(backend, tag, after):
    client = backend._cache.get_client(write=False)
    keys = list(client.scan_iter(match=f"*{tag}*", count=1000))
    if not keys:
        return {}
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.ttl(key)
        pipe.memory_usage(key)
    answers = pipe.execute()
    found = {}
    for key, ttl, size in zip(keys, answers[::2], answers[1::2]):
        if size is not None and (ttl == -1 or ttl > after):  # -2: gone meanwhile
            found[key.decode()] = size
    return found


def _locmem_entries(backend, tag, after):
    horizon = time.time() + after
    with backend._lock:
        items = list(backend._cache.items())
        expiries = dict(backend._expire_info)
    return {key: len(key) + len(value) for key, value in items
            if tag in key and (expiries.get(key) is None or expiries[key] > horizon)}
