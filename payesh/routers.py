"""Reads on a replica, with zero lag (settings: DATABASE_REPLICA_URL adds the `replica` database).

Only the dashboards read there, and only what they show: views wrapped in `dashboard_read` mark
the request (a context variable), and within it reads of DATA_APPS' models go to the replica when,
and only when, the replica has replayed every write that changed a number. Everything else (writes,
every other page, sessions and users, migrations) uses the primary.

The rule, per dashboard request: read the data version v and the primary's WAL position recorded
after the commit that made it (payesh/dataversion.py); ask the replica, in one query, whether its
replayed position has reached it (`pg_last_wal_replay_lsn() >= lsn`, with its cluster identifier,
which must be the primary's). If it has, the request reads the replica; if it has not, or the
position is unknown and cannot be read, or the replica does not answer or is another cluster, the
request reads the primary. The version is pinned for the request, so what it computes
from the replica is cached under a version the replica has caught up with. Cost: one small query
on the replica per dashboard request (none inside a transaction or without a replica), plus one on
the primary the first time a version's position is not known in the cache, and one a process for
the primary's cluster identifier.
"""

import contextlib
import logging
import time
from contextvars import ContextVar
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from . import dataversion

logger = logging.getLogger(__name__)

REPLICA = "replica"
# After the replica fails to answer, dashboards read the primary for this long before it is asked
# again (a down replica must not cost every request a connection attempt).
RETRY_AFTER_SECONDS = 10

# The alias a dashboard request reads DATA_APPS from ("replica" or "default"); None outside one.
_read_alias = ContextVar("payesh_dashboard_read_alias", default=None)
_replica_down_until = 0.0


def read_alias():
    return _read_alias.get()


class ReplicaRouter:
    """Dashboard reads of DATA_APPS to the replica when it has caught up; all else to the primary."""

    def db_for_read(self, model, **hints):
        if _read_alias.get() == REPLICA and model._meta.app_label in dataversion.DATA_APPS:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


REPLAYED_SQL = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn, system_identifier FROM pg_control_system()"
_primary_ids = {}


def primary_system_identifier():
    """The primary cluster's identifier, which a physical replica shares (asked once a process)."""
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    where = (db["HOST"], str(db["PORT"]))
    if where not in _primary_ids:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT system_identifier FROM pg_control_system()")
            _primary_ids[where] = cursor.fetchone()[0]
    return _primary_ids[where]


def replica_has_replayed(lsn):
    """Whether the replica has replayed the primary's WAL up to `lsn`: one query. False when it
    does not answer (and then it is not asked again for RETRY_AFTER_SECONDS), is not a standby, or
    is not a copy of this primary (another cluster's identifier: a wrong DATABASE_REPLICA_URL)."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    replica = connections[REPLICA]
    try:
        with replica.cursor() as cursor:
            cursor.execute(REPLAYED_SQL, [lsn])
            replayed, system_identifier = cursor.fetchone()
        if system_identifier != primary_system_identifier():
            logger.error("replica: DATABASE_REPLICA_URL is not a replica of DATABASE_URL (cluster %s, not %s); "
                         "dashboards read the primary", system_identifier, primary_system_identifier())
            return False
        return bool(replayed)  # NULL (not in recovery) counts as no
    except DatabaseError:
        logger.warning("replica: no answer; dashboards read the primary for %s s", RETRY_AFTER_SECONDS, exc_info=True)
        _replica_down_until = time.monotonic() + RETRY_AFTER_SECONDS
        with contextlib.suppress(DatabaseError):
            replica.close()
        return False


def choose_alias(version):
    """Where a dashboard request at data version `version` reads DATA_APPS from."""
    if (version is None or not dataversion.replica_configured() or not dataversion.is_shared()
            or connections[DEFAULT_DB_ALIAS].in_atomic_block):
        return DEFAULT_DB_ALIAS
    try:
        lsn = dataversion.lsn_of(version)
    except Exception:
        logger.warning("replica: the WAL position of version %s is not known", version, exc_info=True)
        return DEFAULT_DB_ALIAS
    if lsn and replica_has_replayed(lsn):
        return REPLICA
    return DEFAULT_DB_ALIAS


def dashboard_read(view):
    """Mark a view as a dashboard read: pin the data version for the request and read DATA_APPS
    from the replica when it has caught up with that version (else from the primary)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if _read_alias.get() is not None:  # already inside one (home -> province)
            return view(request, *args, **kwargs)
        version = dataversion.current()
        alias = choose_alias(version)
        with dataversion.pinned(version, exact=alias == REPLICA):
            logger.debug("dashboard read at data version %s on %s: %s", version, alias, request.path)
            token = _read_alias.set(alias)
            try:
                return view(request, *args, **kwargs)
            finally:
                _read_alias.reset(token)

    return wrapper
