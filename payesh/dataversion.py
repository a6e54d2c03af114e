"""The data version: a counter, kept in the cache, that every write of a number bumps after commit,
and a counter per province that the services' writes in that province bump.

A cached number is stored with the data version it was computed at (`get_or_compute(...)`) and
served only at that version; a write bumps the version once its transaction has committed, so the
next read finds an older version beside the value and computes afresh. Nothing relies on a
time-out (cached values have one only so that memory is given back).

Every door is covered because the bump is not called by the services: an execute wrapper installed
on every database connection (`install`, through the `connection_created` signal) sees each SQL
statement Django sends, whoever sends it (services with bulk_create, bulk_update and
QuerySet.update, which send no signals; the admin; management commands; uploads; migrations), and
for a statement that writes (INSERT, UPDATE, DELETE, TRUNCATE, ...) to a table of the apps whose
data the dashboards show (`DATA_APPS`) it registers one bump for after the transaction commits
(`transaction.on_commit`; at once in autocommit). A rolled-back transaction, or savepoint, bumps
nothing. Writes made outside Django (psql) are not seen: run `manage.py bump_dataversion` after one.

Versions per province. Every bump moves the data version on: it is the national version, at which
the national pages and anything that reads several provinces (a province's rank among the
provinces) are cached. A province's numbers are cached at its own version instead
(`get_or_compute(..., province=pk)`, `province_version`): the pair of the country's counter and the
province's. A service that writes says which provinces its writes change (`writes_for`, or the
`scoped` decorator); the watcher then registers, for after the commit, a bump of those provinces
(the data version first, then each province's counter), and every other province's cached pages
stay warm. A write no service scoped (the admin, the shell, migrations, a service that does not
say) and a write to a reference list move the country's counter: every province at once. A
transaction with both kinds moves everything. A bump that fails is owed, and delivered, as a bump
of everything. A dashboard request reads each province's version once (pinned); on the replica it
uses one only if the data version has not moved since it pinned it (the replica has replayed that
version's writes, perhaps no more).

Versions of a province's year. A value that reads one year of one province's data alone (the
province page's card of last year) is cached at that year's version (`get_or_compute(...,
province=pk, year=y)`, `province_year_version`): the country's counter, the province's any-year
counter and the counter of that province and year. A service whose writes change given years only
says them too (`writes_for(pk, years=...)`: the monthly workflow, a month's report and figures
being of its year); its bump moves those years' counters, besides the province's own, and leaves
the province's other years cached. A scoped write that does not say its years moves the province's
any-year counter (every year of it), and one no service scoped the country's counter, as above.

The version must live where every process that writes can see it: Redis (`REDIS_URL`) for more
than one process. Local memory is private to a process, so with it numbers are cached only when
one process does everything (PAYESH_SINGLE_PROCESS, on with DEBUG); see `is_shared`. When the
counter is missing (never set, evicted, Redis restarted) it restarts at a random number below
2**52, so an old version is, with overwhelming probability, never met again.

For the read replica (payesh/routers.py), each bump on PostgreSQL also records the primary's WAL
insert position after the commit under a key of its own version (`lsn_of`), kept for minutes.

One key per value, not one per version: a value is stored with the version it was computed at
under a key without it, and a read takes it only at that same version, so a newer version
overwrites it. Redis then holds one copy of each page, whatever the number of saves; a copy of a
page nobody opens again goes after its day-long time-out (or sooner, under Redis' maxmemory).

When a bump does not reach the cache (Redis stopped, unreachable, or refusing writes: out of
memory, a failed snapshot, a read-only replica), numbers cached before the write must not be
shown once Redis answers again. What each process can know:
- The one that wrote knows its bump failed. It owes the bump and delivers it (or, while Redis
  still refuses, computes without the cache) at its next read: its own pages show the write.
- The others cannot learn it from Redis, which is what failed. A process whose own reads or
  writes of the cache failed, or whose connection to Redis had to be made again (Redis restarted,
  or the connection broke: payesh/redispool.py), knows that something happened, and looks before
  it trusts the cache again. That covers every process once Redis was stopped and started again,
  even one that served no request meanwhile, and Redis may then be back with the old version
  (it saves to disk, as Debian's does). But Redis may also keep answering reads while it refuses
  writes, or only the writer's connection may have failed: then the others see nothing.
- The one place every process shares besides Redis is the database, which has just committed the
  write. The failed bump is recorded there (`PendingBump`), and where processes share the cache
  (Redis) each one looks there (one query on the primary) when it owes a bump, when the cache
  failed it or reconnected, and otherwise at least every PAYESH_CACHE_TRUST_SECONDS (5). A look
  that finds recorded bumps delivers them with one bump and removes them; while Redis still
  refuses, requests compute their numbers and cache nothing.
So a failed bump shows old numbers nowhere after its writer's next read, nowhere after Redis
restarted, and nowhere after at most PAYESH_CACHE_TRUST_SECONDS in a process that saw nothing,
even if the writer died. A look on every request would close that last gap too, at the cost of a
query on every dashboard view (and the center page over its ten queries with a replica); a look
every few seconds costs each process one small query in that time. With local memory (one
process, PAYESH_SINGLE_PROCESS) the process's own knowledge is the whole truth: nothing is asked
of the database.
"""

import functools
import hashlib
import logging
import pickle
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

# The apps whose tables hold what the dashboards show: a write to any of their tables (models,
# many-to-many tables, history tables) bumps the version.
DATA_APPS = ("centers", "commitments", "reports", "courses", "meetings")

VERSION_KEY = "dataversion"
# The reference lists (provinces, centers, sectors, training areas, measures, fiscal years) change
# rarely: a write to their tables moves this second version on as well (and the data version, as
# any write does), so values built from them alone stay cached while figures are being saved.
REFERENCE_VERSION_KEY = "dataversion:reference"
REFERENCE_MODELS = ("centers.Province", "centers.Center", "commitments.Sector", "commitments.TrainingArea",
                    "commitments.Measure", "commitments.FiscalYear")
# The versions of a province's numbers: a province's counter, moved by the services' writes in
# that province, and the country's, moved only by a write no service scoped (the watcher's safety
# net: admin, shell, migrations), which may have changed any province. A province's value is
# stored at the pair; a national value (what reads several provinces) at the data version itself,
# which every write anywhere moves on. See "Versions per province" in the text above.
EVERY_PROVINCE_KEY = "dataversion:provinces"
PROVINCE_KEY = "dataversion:province:{}"
# The versions of one year of a province's numbers (a value that reads that year alone: the
# province page's card of last year): the counter of that province and year, moved by the
# services' writes that say their years (writes_for(..., years=...)), and the province's
# "any year" counter, moved by its services' writes that do not say them. Stored at the triple
# (the country's counter, the province's any-year counter, the year's counter).
PROVINCE_ANY_YEAR_KEY = "dataversion:province:{}:years"
PROVINCE_YEAR_KEY = "dataversion:province:{}:year:{}"
LSN_KEY = "dataversion:lsn:{}"
# Cached values expire only to give memory back, never for freshness (one key a value, overwritten
# by each new version). A version's WAL position is needed while requests of that version run; a
# position no longer recorded is learnt again with one query (lsn_of).
VALUE_TIMEOUT = 24 * 3600
LSN_TIMEOUT = 10 * 60

# The version a dashboard request reads at (routers.dashboard_read pins it, so that the replica
# check and the cache keys of one request agree).
_pinned = ContextVar("payesh_pinned_data_version", default=None)
# Within a pinned request: the province versions read so far ({province pk: version}), and whether
# they must be of the pinned data version exactly (the request reads the replica).
_pinned_provinces = ContextVar("payesh_pinned_province_versions", default=None)


# --- the counter ---------------------------------------------------------------------------------


def _fresh_start():
    return secrets.randbelow(2**52) + 1


def is_shared():
    """True when every process that writes sees the same version: a cache other than per-process
    local memory, or local memory when one process does everything (PAYESH_SINGLE_PROCESS, on
    with DEBUG: development's runserver, the test suite)."""
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith("LocMemCache") or settings.PAYESH_SINGLE_PROCESS


def _read_version(key=VERSION_KEY):
    return _read_versions([key])[0]


def _read_versions(keys):
    """The counters under `keys` (one round trip when all are set), each started when missing."""
    values = cache.get_many(keys)
    missing = [key for key in keys if values.get(key) is None]
    if missing:
        for key in missing:
            cache.add(key, _fresh_start(), timeout=None)
        values.update(cache.get_many(missing))
    return [values.get(key) for key in keys]


def _trusted(key):
    """The counter under `key` once no bump is owed; None when the cache cannot be read, or a bump
    is owed and the cache still refuses it (then nothing is cached and everything is computed)."""
    values = _trusted_many([key])
    return None if values is None else values[0]


def _trusted_many(keys):
    """The counters under `keys` as _trusted reads one; None when they cannot be trusted."""
    try:
        values = _read_versions(keys)
    except Exception:  # the cache is down: compute everything, cache nothing
        logger.warning("data version: the cache cannot be read", exc_info=True)
        _cache_failed()
        return None
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return values  # nothing is cached inside a transaction (can_cache): no need to ask
    verdict = _deliver_owed()
    if verdict == REFUSED:
        return None
    if verdict == DELIVERED:
        try:
            return _read_versions(keys)
        except Exception:
            _cache_failed()
            return None
    return None if None in values else values


def current():
    """The data version now (the pinned one inside a dashboard request); None when the cache
    cannot be read or still owes a bump (then nothing is cached and everything is computed)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    return _trusted(VERSION_KEY)


@contextmanager
def pinned(version, exact=False):
    """Within this block current() answers `version` (None: unpinned), and each province's version
    is read once. With `exact` (the block reads a replica that has replayed the writes of `version`
    and perhaps no more), a province's version is used only when read at that data version still."""
    token = _pinned.set(version)
    provinces = _pinned_provinces.set({"exact": exact})
    try:
        yield version
    finally:
        _pinned_provinces.reset(provinces)
        _pinned.reset(token)


def province_version(province):
    """The version of province `province`'s (pk) numbers now: the pair (the country's counter, the
    province's counter); None as current(). Read once within a pinned block."""
    return province_versions([province])[province]


def province_versions(provinces):
    """{pk: province_version(pk)} of these provinces, read in one round trip."""
    provinces = list(dict.fromkeys(provinces))
    pinned_version, memo = _pinned.get(), _pinned_provinces.get()
    if pinned_version is None or memo is None:
        values = _trusted_many([EVERY_PROVINCE_KEY, *(PROVINCE_KEY.format(pk) for pk in provinces)])
        return {pk: None if values is None else (values[0], values[i]) for i, pk in enumerate(provinces, start=1)}
    unread = [pk for pk in provinces if pk not in memo]
    if unread:
        values = _trusted_many([EVERY_PROVINCE_KEY, VERSION_KEY, *(PROVINCE_KEY.format(pk) for pk in unread)])
        # A bump moves the data version on before the provinces' counters: a province's counter
        # read with the pinned data version moved by no write the pin does not cover.
        stale = values is None or (memo["exact"] and values[1] != pinned_version)
        for i, pk in enumerate(unread, start=2):
            memo[pk] = None if stale else (values[0], values[i])
    return {pk: memo[pk] for pk in provinces}


def province_year_version(province, year):
    """The version of year `year` of province `province`'s (pk) numbers now: the triple (the
    country's counter, the province's any-year counter, the counter of that province and year);
    None as current(). Moved by every write that may change that year of that province: a write
    no service scoped, one scoped to the province without its years, or to the province and that
    year; not by a write scoped to the province and other years. Read once within a pinned block,
    and under the same rule as province_versions there."""
    keys = [EVERY_PROVINCE_KEY, PROVINCE_ANY_YEAR_KEY.format(province), PROVINCE_YEAR_KEY.format(province, year)]
    pinned_version, memo = _pinned.get(), _pinned_provinces.get()
    if pinned_version is None or memo is None:
        values = _trusted_many(keys)
        return None if values is None else tuple(values)
    memo_key = ("year", province, year)
    if memo_key not in memo:
        values = _trusted_many([VERSION_KEY, *keys])
        # as in province_versions: the counters read with the pinned data version were moved by
        # no write that the pin does not cover (a bump moves the data version on first)
        stale = values is None or (memo["exact"] and values[0] != pinned_version)
        memo[memo_key] = None if stale else tuple(values[1:])
    return memo[memo_key]


def reference_version():
    """The version of the reference lists now; None as current()."""
    return _trusted(REFERENCE_VERSION_KEY)


def _incr(key, attempts=3):
    """Move a counter on; it restarts at a fresh number when it is missing (never set, evicted, or
    the cache was flushed). None when the cache cannot be reached or refuses the write."""
    for _attempt in range(attempts):
        try:
            try:
                return cache.incr(key)
            except ValueError:
                cache.add(key, _fresh_start(), timeout=None)
        except Exception:
            logger.warning("data version: moving %s on failed", key, exc_info=True)
    _cache_failed()
    return None


def bump(using=DEFAULT_DB_ALIAS, reference=False, provinces=None, years=None):
    """Move the version on (after a commit on `using`) and record the WAL position for the replica
    check; with `reference` (the write touched a reference list), the reference version too. With
    `provinces` (pks), the write changed those provinces' numbers only: their counters move on, and
    every other province's cached numbers stay; without, every province's do. With `years` too,
    it changed those years of theirs only: each province's counter of each of those years moves
    on (province_year_version), and their other years' values stay; without, their any-year
    counters do.
    Returns the new data version, or None when the cache could not be reached: the bump is then
    owed (`_owe`) and no process trusts the cache until one delivers it (as a bump of everything)."""
    reference_failed = reference and _incr(REFERENCE_VERSION_KEY) is None
    # The data version first, then the provinces' counters (province_version relies on this order).
    version = _incr(VERSION_KEY)
    if version is None or reference_failed:
        _owe(reference)
        return None
    record_lsn(version, using)
    if provinces is None:
        keys = [EVERY_PROVINCE_KEY]
    elif years is None:
        keys = [key.format(pk) for pk in sorted(provinces) for key in (PROVINCE_KEY, PROVINCE_ANY_YEAR_KEY)]
    else:
        keys = [PROVINCE_KEY.format(pk) for pk in sorted(provinces)]
        keys += [PROVINCE_YEAR_KEY.format(pk, year) for pk in sorted(provinces) for year in sorted(years)]
    if any(_incr(key) is None for key in keys):
        _owe(reference)
        return None
    return version


# --- a bump that did not reach the cache ---------------------------------------------------------

NOTHING_OWED, DELIVERED, REFUSED = "nothing owed", "delivered", "refused"


class _Owed:
    """This process's knowledge: the bumps it could not deliver (`failures` counts them, so that a
    delivery clears only what was owed before it), whether the cache failed it since it last
    looked in the database (`suspect`), and when it last looked."""

    lock = threading.Lock()
    data = reference = suspect = False
    failures = 0
    looked = time.monotonic()


# The verdict of this request's look for owed bumps (a dict while a request runs: one look a request).
_request_look = ContextVar("payesh_owed_bumps_look", default=None)


def request_started(**kwargs):
    _request_look.set({})


def request_finished(**kwargs):
    _request_look.set(None)


def shared_between_processes():
    """Whether other processes read the same cache (Redis): then a bump one of them could not
    deliver is recorded in the database, and each process looks there."""
    return not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def _cache_failed():
    """A read or write of the cache failed: look in the database before trusting it again (a bump
    may have failed meanwhile, here or in another process)."""
    with _Owed.lock:
        _Owed.suspect = True


def cache_connected():
    """A connection to Redis was (re)made (payesh/redispool.py): this process's first, or after
    Redis restarted or the network failed. Look before trusting the cache."""
    _cache_failed()


def _owe(reference):
    """A bump failed after a commit: remember it here and record it in the database for the
    other processes (the database has just committed the write, so it is very likely up)."""
    from .models import PendingBump

    with _Owed.lock:
        _Owed.data = _Owed.suspect = True
        _Owed.reference = _Owed.reference or reference
        _Owed.failures += 1
    look = _request_look.get()
    if look is not None:  # a read later in this request must look again
        look.pop("verdict", None)
    try:
        PendingBump.objects.using(DEFAULT_DB_ALIAS).create(reference=reference)
    except Exception:
        logger.error("data version: could not bump the data version after a write, nor record the bump in the "
                     "database: this process delivers it when the cache accepts writes; until then other processes "
                     "may show numbers of before the write", exc_info=True)
        return
    logger.error("data version: could not bump the data version after a write; the bump is recorded in the "
                 "database, and numbers are computed without the cache until a process delivers it")


def _deliver_owed():
    """Deliver the bumps owed by this process and, where processes share the cache, those recorded
    in the database by any process: NOTHING_OWED, DELIVERED, or REFUSED (the cache still refuses;
    do not trust it). At most one look a request."""
    look = _request_look.get()
    if look is not None and "verdict" in look:
        return look["verdict"]
    verdict = _look_and_deliver()
    if look is not None:
        look["verdict"] = NOTHING_OWED if verdict == DELIVERED else verdict
    return verdict


def _look_due(owed, suspect, looked):
    """This process looks in the database when it owes a bump, when the cache failed it since its
    last look, and at least every PAYESH_CACHE_TRUST_SECONDS (for a bump another process owes
    that it cannot deliver itself: it died, or it serves no request)."""
    return owed or suspect or time.monotonic() - looked >= settings.PAYESH_CACHE_TRUST_SECONDS


def _look_and_deliver():
    from .models import PendingBump

    with _Owed.lock:
        owed, reference, failures, suspect, looked = (_Owed.data, _Owed.reference, _Owed.failures, _Owed.suspect,
                                                      _Owed.looked)
    shared = shared_between_processes()
    if not (owed if not shared else _look_due(owed, suspect, looked)):
        return NOTHING_OWED
    now, recorded = time.monotonic(), []
    if shared:
        try:
            recorded = list(PendingBump.objects.using(DEFAULT_DB_ALIAS).values_list("pk", "reference"))
        except Exception:  # the database cannot say: do not trust the cache
            logger.warning("data version: could not look for bumps owed to the cache", exc_info=True)
            return REFUSED
    if owed or recorded:
        # Each bump recorded (or owed here) before this point failed after its write had committed:
        # one bump now covers them all.
        if (reference or any(ref for _pk, ref in recorded)) and _incr(REFERENCE_VERSION_KEY, attempts=1) is None:
            return REFUSED
        version = _incr(VERSION_KEY, attempts=1)
        if version is None:
            return REFUSED
        record_lsn(version)
        if _incr(EVERY_PROVINCE_KEY, attempts=1) is None:
            return REFUSED
    with _Owed.lock:
        _Owed.looked, _Owed.suspect = now, False
        if _Owed.failures == failures:  # none failed meanwhile (a later one stays owed)
            _Owed.data = _Owed.reference = False
    if not (owed or recorded):
        return NOTHING_OWED
    if recorded:
        try:
            PendingBump.objects.using(DEFAULT_DB_ALIAS).filter(pk__in=[pk for pk, _ref in recorded]).delete()
        except Exception:  # delivered again at the next look: one more bump, harmless
            logger.warning("data version: could not remove delivered bumps", exc_info=True)
    logger.warning("data version: delivered the bump owed to the cache since a failed write; now %s", version)
    return DELIVERED


# --- the WAL position of a version (PostgreSQL, for the replica) ---------------------------------


def replica_configured():
    return "replica" in settings.DATABASES


def primary_lsn(using=DEFAULT_DB_ALIAS):
    """The primary's WAL insert position now. The insert position, not the write position: with
    synchronous_commit=off a commit is visible before its WAL is written, and the write position
    can still be behind it; the insert position never is."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return cursor.fetchone()[0]


def record_lsn(version, using=DEFAULT_DB_ALIAS):
    """After version `version` was taken, every write it covers has committed, so any WAL position
    read now is at or past their commits."""
    if not replica_configured() or connections[using].vendor != "postgresql":
        return
    try:
        cache.set(LSN_KEY.format(version), primary_lsn(using), timeout=LSN_TIMEOUT)
    except Exception:  # the replica check then learns it itself (lsn_of) or reads the primary
        logger.warning("data version: could not record the WAL position of version %s", version, exc_info=True)


def lsn_of(version, learn=True):
    """The primary's WAL position that a replica must have replayed to show version `version`,
    as text ('0/3000148'). When none was recorded (expired, cache restarted, or the bump is still
    on its way), read the primary's position now, which is past every write of that version, and
    keep it (`learn`; one query on the primary)."""
    key = LSN_KEY.format(version)
    lsn = cache.get(key)
    if lsn is None and learn:
        lsn = primary_lsn()
        cache.add(key, lsn, timeout=LSN_TIMEOUT)
        lsn = cache.get(key) or lsn
    return lsn


# --- keys and cached values ----------------------------------------------------------------------

_tags = {}


def make_key(key, key_prefix, version):
    """The cache's KEY_FUNCTION: every key carries a tag of the primary database's name, so the
    test suite (test_payesh) and a development server (payesh) sharing one Redis never read each
    other's versions or numbers. The name only, not the host: every app server of a deployment
    must agree on the tag however it reaches the database."""
    return f"{key_prefix}:{database_tag()}:{version}:{key}"


def database_tag():
    """The tag of the primary database's name that every key of this deployment carries."""
    name = str(settings.DATABASES[DEFAULT_DB_ALIAS].get("NAME"))
    tag = _tags.get(name)
    if tag is None:
        tag = _tags[name] = hashlib.sha1(name.encode()).hexdigest()[:10]
    return tag


_code = None


def code_version():
    """A digest of the code, templates and translations this process runs: cached values (numbers
    laid out by code, HTML) are kept apart for each release, so a deploy never serves what the
    release before it computed. Read once per process."""
    global _code
    if _code is None:
        digest = hashlib.sha1()
        root = Path(settings.BASE_DIR)
        skip = {".venv", ".venv-load", "staticfiles", "artifacts", "tests", "node_modules", ".git"}
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".html", ".mo")
                           and not skip.intersection(p.relative_to(root).parts)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
        _code = digest.hexdigest()[:12]
    return _code


def key(namespace, *parts):
    """The cache key of `namespace` and `parts` in this release: 'payesh-data:<code>:board:<digest
    of parts>'. It does not hold the data version: the value does (get_or_compute), so each new
    version overwrites the one before instead of adding a key."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"payesh-data:{code_version()}:{namespace}:{digest}"


def can_cache(using=DEFAULT_DB_ALIAS):
    """Caching is safe outside a transaction only: inside one, reads may see writes that are not
    committed (and will bump the version only when they are), or that will be rolled back."""
    return is_shared() and not connections[using].in_atomic_block


def _packed(version, value):
    """What a cached value is stored as: its version beside the value pickled apart, so that a read
    at a newer version unpickles the version only, not a value it throws away (a national board
    of a thousand centers takes tens of milliseconds to unpickle)."""
    return version, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _at(stored, version):
    return isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version and isinstance(stored[1], bytes)


def _unpacked(stored):
    return pickle.loads(stored[1])


def get_or_compute(namespace, parts, compute, timeout=VALUE_TIMEOUT, reference=False, province=None, year=None):
    """compute(), cached under key(namespace, *parts) with the current data version (with
    `reference`, the reference version: for values built from the reference lists alone; with
    `province` (a pk), that province's version: for values built from one province's data alone;
    with `province` and `year`, the version of that year of the province: for values built from
    that year of that province's data alone), and served only at that version. Computed afresh,
    and not stored, inside a transaction or when the cache cannot be reached or owes a bump."""
    if not can_cache():
        return compute()
    if reference:
        version = reference_version()
    elif province is not None and year is not None:
        version = province_year_version(province, year)
    elif province is not None:
        version = province_version(province)
    else:
        version = current()
    if version is None:
        return compute()
    if reference:
        version = f"r{version}"
    elif province is not None and year is not None:
        version = ("py", *version)
    elif province is not None:
        version = ("p", *version)
    k = key(namespace, *parts)
    try:
        stored = cache.get(k)
    except Exception:
        logger.warning("data version: cache read failed", exc_info=True)
        _cache_failed()
        return compute()
    if _at(stored, version):
        return _unpacked(stored)
    value = compute()
    try:
        cache.set(k, _packed(version, value), timeout)
    except Exception:
        logger.warning("data version: cache write failed", exc_info=True)
        _cache_failed()
    return value


def cached_of_provinces(namespace, parts_of):
    """(values, store): {province pk: value} of the values cached under key(namespace,
    *parts_of[pk]) at that province's version now, as get_or_compute(..., province=pk) stores
    them (a value not cached, or cached at an older version, is left out; two round trips), and
    store({pk: value}) to cache values computed since at the versions read here (one round trip)."""
    if not can_cache():
        return {}, lambda values, timeout=None: None
    versions = province_versions(list(parts_of))
    keys = {pk: key(namespace, *parts) for pk, parts in parts_of.items()}
    try:
        stored = cache.get_many(list(keys.values()))
    except Exception:
        logger.warning("data version: cache read failed", exc_info=True)
        _cache_failed()
        return {}, lambda values, timeout=None: None
    found = {}
    for pk, k in keys.items():
        value, version = stored.get(k), versions[pk]
        if version is not None and _at(value, ("p", *version)):
            found[pk] = _unpacked(value)

    def store(values, timeout=VALUE_TIMEOUT):
        fresh = {keys[pk]: _packed(("p", *versions[pk]), value) for pk, value in values.items() if versions.get(pk) is not None}
        try:
            if fresh:
                cache.set_many(fresh, timeout)
        except Exception:
            logger.warning("data version: cache write failed", exc_info=True)
            _cache_failed()

    return found, store


def get_or_compute_provinces(namespace, parts, provinces, compute, timeout=VALUE_TIMEOUT):
    """{province pk: value} for these provinces, each cached as get_or_compute(..., province=pk)
    caches a value (under key(namespace, pk, *parts), at that province's version), read in two
    round trips; compute(pks) gives {pk: value} of those not cached, computed together."""
    provinces = list(dict.fromkeys(provinces))
    values, store = cached_of_provinces(namespace, {pk: (pk, *parts) for pk in provinces})
    missing = [pk for pk in provinces if pk not in values]
    if missing:
        computed = compute(missing)
        values.update(computed)
        store(computed, timeout)
    return values


# --- seeing every write ---------------------------------------------------------------------------

# The first word of a statement that may change rows (or tables); SELECT ... FOR UPDATE is a read.
_WRITE_STATEMENT = re.compile(
    r"\s*(?:/\*.*?\*/\s*|--[^\n]*\n\s*)*(INSERT|UPDATE|DELETE|TRUNCATE|REPLACE|MERGE|UPSERT|COPY|WITH|ALTER|DROP|CREATE)\b",
    re.IGNORECASE | re.DOTALL,
)
_CTE_WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


def data_tables():
    """The table names of DATA_APPS' models, with their many-to-many and history tables."""
    from django.apps import apps

    names = set()
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            names.add(model._meta.db_table.lower())
    return names


def reference_tables():
    """The table names of the reference lists, with their history tables."""
    from django.apps import apps

    names = set()
    for label in REFERENCE_MODELS:
        model = apps.get_model(label)
        names.add(model._meta.db_table.lower())
        history = getattr(model, "history", None)
        if history is not None:
            names.add(history.model._meta.db_table.lower())
    return names


def _pattern_of(names):
    """A regular expression that finds any of these table names as a whole word."""
    names = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![\w$])(?:" + "|".join(map(re.escape, names)) + r")(?![\w$])", re.IGNORECASE)


@functools.cache
def _reference_pattern():
    return _pattern_of(reference_tables())


@functools.cache
def _table_pattern():
    return _pattern_of(data_tables())


def writes_data(sql):
    """Whether a statement may change a table of DATA_APPS (generous: a false yes costs one
    cache miss, a false no would show a stale number)."""
    if not isinstance(sql, str):
        sql = str(sql)
    statement = _WRITE_STATEMENT.match(sql)
    if not statement or not _table_pattern().search(sql):
        return False
    # A WITH query writes only when one of its parts does (the dashboards' grouped reads start WITH).
    return statement.group(1).upper() != "WITH" or bool(_CTE_WRITE.search(sql))


class _BumpAfterCommit:
    """The on_commit callback; one per transaction (recognised by its type). `reference` turns on
    when any statement of the transaction wrote to a reference list; `provinces` is the set of
    provinces its writes were scoped to (writes_for), None once one write was not scoped."""

    def __init__(self, alias, reference=False, provinces=None, years=None):
        self.alias = alias
        self.reference = reference
        self.provinces = provinces
        self.years = years  # of those provinces; None once one write did not say its years

    def add(self, reference, provinces, years=None):
        self.reference = self.reference or reference
        self.provinces = None if self.provinces is None or provinces is None else self.provinces | provinces
        self.years = None if self.years is None or years is None else self.years | years

    def __call__(self):
        bump(self.alias, reference=self.reference, provinces=self.provinces, years=self.years)


def _registered(connection):
    return next((func for _sids, func, _robust in connection.run_on_commit if isinstance(func, _BumpAfterCommit)), None)


def note_write(connection, reference=False, provinces=None, years=None):
    """A statement that changed data ran on `connection`: bump once its transaction commits (only
    `provinces`' numbers when given, every province's otherwise; of `years` of theirs when given,
    of any year otherwise)."""
    if connection.in_atomic_block or not connection.get_autocommit():
        registered = _registered(connection)
        if registered is not None:
            registered.add(reference, provinces, years)
        elif connection.in_atomic_block:
            connection.on_commit(_BumpAfterCommit(connection.alias, reference, provinces, years), robust=True)
        else:
            # Transactions managed by hand (set_autocommit(False)): Django runs run_on_commit when
            # autocommit is turned back on after a commit, and drops it on rollback.
            connection.run_on_commit.append((set(connection.savepoint_ids),
                                             _BumpAfterCommit(connection.alias, reference, provinces, years), True))
    else:  # autocommit: the statement has committed
        bump(connection.alias, reference=reference, provinces=provinces, years=years)


def writes_reference(sql):
    """Whether a statement that writes data names a reference list's table."""
    return bool(_reference_pattern().search(sql if isinstance(sql, str) else str(sql)))


# --- versions per province ------------------------------------------------------------------------

# The provinces whose numbers the writes of the running service change (writes_for); None outside one.
_writing_for = ContextVar("payesh_writing_for_provinces", default=None)
# The years of theirs those writes change (writes_for(..., years=...)); None: any year.
_writing_years = ContextVar("payesh_writing_for_years", default=None)


@contextmanager
def writes_for(*provinces, years=None):
    """A service's writes in this block change the numbers of these provinces (pks) only: once
    they commit, those provinces' versions and the data version (the national pages') move on, and
    every other province's cached pages stay warm. Writes outside any such block (the admin, the
    shell, migrations, a service that does not say) move every province's version: the safety net.
    With `years`, the writes change those years of the provinces' numbers only (a month's report
    is of its year): values of their other years (province_year_version) stay; say them only when
    no write of the block can change another year. Nested blocks add their provinces and years (a
    block without years: any year); a write to a reference list moves everything still."""
    outer, outer_years = _writing_for.get(), _writing_years.get()
    scope = frozenset(pk for pk in provinces if pk is not None)
    if not scope:  # no province known: everything, as a write no service scoped
        scope = outer
    said = None if years is None else frozenset(int(year) for year in years)
    if outer is not None:  # inside another block: its years too (any year when either says none)
        said = None if said is None or outer_years is None else outer_years | said
    token = _writing_for.set(scope if outer is None else outer | scope)
    years_token = _writing_years.set(said)
    try:
        yield
    finally:
        _writing_years.reset(years_token)
        _writing_for.reset(token)


def scoped(provinces_of: Callable[..., Iterable[int | None]]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator of a service: its writes are those of provinces_of(*args, **kwargs) (writes_for),
    of any year."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with writes_for(*provinces_of(*args, **kwargs)):
                return service(*args, **kwargs)

        return wrapper

    return decorate


class WriteWatcher:
    """Execute wrapper: runs the statement, then notes it when it wrote to a data table."""

    def __init__(self, connection):
        self.connection = connection

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if writes_data(sql):
            reference = writes_reference(sql)
            scope = None if reference else _writing_for.get()
            note_write(self.connection, reference=reference, provinces=scope,
                       years=None if scope is None else _writing_years.get())
        return result


def install(sender=None, connection=None, **kwargs):
    """connection_created receiver: put the watcher on the connection (once). It goes first in
    the list, because execute_wrapper() context managers pop the last one on exit."""
    if not any(isinstance(w, WriteWatcher) for w in connection.execute_wrappers):
        connection.execute_wrappers.insert(0, WriteWatcher(connection))
