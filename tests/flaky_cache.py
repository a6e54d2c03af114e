"""A cache shared like Redis (dataversion.shared_between_processes() sees no local memory) that a
test can take down, or make refuse writes while it still answers reads (as Redis does out of
memory under `noeviction`, after a failed snapshot, or as a read-only replica)."""

from django.core.cache.backends.locmem import LocMemCache

SETTINGS = {"default": {"BACKEND": "tests.flaky_cache.FlakyCache", "LOCATION": "flaky",
                        "KEY_FUNCTION": "payesh.dataversion.make_key"}}


class Refused(Exception):
    pass


class FlakyCache(LocMemCache):
    # On the class: Django makes one cache object per thread.
    down = False
    refuse_writes = False

    def _reading(self):
        if FlakyCache.down:
            raise ConnectionError("Connection refused (the test took the cache down)")

    def _writing(self):
        self._reading()
        if FlakyCache.refuse_writes:
            raise Refused("OOM command not allowed when used memory > 'maxmemory' (the test refuses writes)")

    def get(self, *args, **kwargs):
        self._reading()
        return super().get(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        self._reading()
        return super().get_many(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._writing()
        return super().set(*args, **kwargs)

    def add(self, *args, **kwargs):
        self._writing()
        return super().add(*args, **kwargs)

    def incr(self, *args, **kwargs):
        self._writing()
        return super().incr(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._writing()
        return super().delete(*args, **kwargs)

    @classmethod
    def heal(cls):
        cls.down = cls.refuse_writes = False
