"""A redis-server of a drill's or a test's own on a loopback port, with the memory limit and the
eviction policy production gives it (docs: Production). With `snapshot`, it saves to disk when
stopped and reads it back when started, as Debian's redis-server does: it comes back holding the
data version and the cached numbers it held. Needs Debian's redis-server and redis-py."""

import subprocess
import time

REDIS_SERVER = "/usr/bin/redis-server"
MEMORY = ["--maxmemory", "256mb", "--maxmemory-policy", "volatile-lru"]


class RedisServer:
    def __init__(self, port, folder, snapshot=False):
        self.port, self.folder, self.snapshot = port, folder, snapshot
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None
        self.start()

    def start(self, seconds=30):
        import redis

        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "3600 1" if self.snapshot else "",
             "--appendonly", "no", "--dir", str(self.folder), *MEMORY],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self):
        """SIGTERM: with `snapshot`, Redis saves to disk before it exits."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(15)

    def refuse_writes(self, refuse=True):
        """Make Redis refuse every write and still answer reads (as when it is out of memory under
        noeviction, or after a failed snapshot): it waits for a replica it does not have."""
        self.client.config_set("min-replicas-to-write", 1 if refuse else 0)
