"""Settings for the test suite: the real settings with safe test defaults in the environment."""

import os

os.environ.setdefault("DEBUG", "true")
# Hashed manifest names do not exist in tests (no collectstatic); serve plain names.
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
# Playwright's sync API runs an event loop in the test thread; Django's ORM is still safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _redis_of_worker(url, worker):
    """Under pytest-xdist (worker gw0, gw1...): the Redis database of REDIS_URL's index plus the
    worker's number, so that a test clearing the cache never clears another worker's (each worker
    has its own test database too, named by pytest-django)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    index = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{index}"))


if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = _redis_of_worker(os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"])

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# One process (pytest's, with its live server threads) serves and writes: local memory holds a
# data version every writer sees (pytest-django turns DEBUG off, which would otherwise turn it off).
PAYESH_SINGLE_PROCESS = True

# With Redis (the PostgreSQL pass), a process also looks in the database every few seconds for data
# version bumps another process could not deliver: one query at a moment no test chooses, which
# would land at random in the suite's pinned query counts. The tests of that look set it themselves.
PAYESH_CACHE_TRUST_SECONDS = 24 * 3600

# WhiteNoise looks a static file up when it is asked for, instead of listing every static file each
# time a test client loads the middleware (80 ms a client: a fifth of the fuzz's time).
WHITENOISE_AUTOREFRESH = True
