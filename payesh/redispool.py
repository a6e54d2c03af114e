"""Redis connections that tell the data version when they connect (settings: CACHES' pool_class).

A connection is made when a process (or one of its threads) first uses Redis, and again when the
one it had broke: Redis restarted, or the network failed. Either way the process may have missed a
bump another process could not deliver (Redis may be back with an old version, read from its
snapshot), so it looks in the database before it trusts the cache again
(payesh/dataversion.py, "When a bump does not reach the cache"). redis-py reconnects by itself,
so without this a process would not know.
"""

import redis

from . import dataversion


class WatchedConnectionPool(redis.ConnectionPool):
    def make_connection(self):
        connection = super().make_connection()
        connection.register_connect_callback(self._connected)  # kept by a weak reference: a method of the pool
        return connection

    def _connected(self, connection):
        dataversion.cache_connected()
