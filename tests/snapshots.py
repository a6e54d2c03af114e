"""The seeded demo, built once per test session and put back in a fraction of a second.

Seeding the demo (24 centers, four years) takes many seconds, so the suite seeds it once, keeps a
snapshot of the test database, and puts it back for each test that reads the demo (the `demo`
fixture of tests/conftest.py):

- SQLite (the suite's in-memory database): a copy held in memory, through the sqlite3 backup API.
- PostgreSQL: each table copied into a schema of its own (CREATE TABLE ... AS TABLE) and put back
  in one transaction (TRUNCATE, INSERT ... SELECT, the sequences set past the rows).

A test that only reads, or writes inside its own transaction (rolled back), leaves the demo in
place for the next one; a transactional test's flush empties the database, and the next test
that asks for the demo gets it back. After the last test of the demo, the database is put back
as the migrations left it (a snapshot taken when it was created), whatever order the tests run
in; they run together, first in the session (conftest's ordering), so this happens about once.
"""

import os
import sqlite3
from unittest import mock

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from payesh import dataversion
from tests import factories

# Every demo login's password in the suite's demo.
DEMO_PASSWORD = "demo-pass-1405"


class SqliteSnapshot:
    def __init__(self, name):
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self):
        connection.ensure_connection()
        self.copy.backup(connection.connection)

    def close(self):
        self.copy.close()


class PostgresSnapshot:
    def __init__(self, name):
        quote = connection.ops.quote_name
        self.schema = f"payesh_snapshot_{name}"
        self.tables = []  # the tables that hold rows
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
            for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")
                if cursor.fetchone()[0]:
                    cursor.execute(f"CREATE TABLE {self.schema}.{quote(table)} AS TABLE {quote(table)}")
                    self.tables.append(table)

    def restore(self):
        quote = connection.ops.quote_name
        every_table = connection.introspection.django_table_names(only_existing=True, include_views=False)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(quote(t) for t in every_table))
            for table in self.tables:
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {self.schema}.{quote(table)}")
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(sql)

    def close(self):
        pass


def snapshot(name):
    """The test database as it is now, to be put back with .restore() (outside any transaction)."""
    if connection.in_atomic_block:
        raise RuntimeError("a snapshot is taken and put back outside any transaction: ask for the `demo` "
                           "fixture before any fixture that opens the database (db, people, reference...)")
    return SqliteSnapshot(name) if connection.vendor == "sqlite" else PostgresSnapshot(name)


class DemoDatabase:
    """The test database and the seeded demo: `load()` makes sure it holds the demo as seeded
    (seeding it the first time), `changed()` says a test may have changed it for good, `leave()`
    puts the database back as the migrations left it."""

    def __init__(self):
        self.migrated = snapshot("migrated")
        self.demo = None
        self.state = "migrated"  # or "demo" (as seeded), or "changed"
        self.seeds = self.restores = 0  # how often the demo was seeded (once a session) and put back

    def load(self):
        if self.state == "demo":
            return
        if self.demo is None:
            self.seed()
        else:
            self.restore(self.demo)
        self.state = "demo"

    def seed(self):
        """The demo seeded as `make demo` does, from the database the migrations left, then kept."""
        if self.state != "migrated":
            self.restore(self.migrated)
        with mock.patch.dict(os.environ, {"DEMO_PASSWORD": DEMO_PASSWORD}):
            factories.seed_demo()
        self.seeds += 1
        self.demo = snapshot("demo")

    def changed(self):
        self.state = "changed"

    def leave(self):
        if self.state != "migrated":
            self.restore(self.migrated)
            self.state = "migrated"

    def restore(self, copy):
        if connection.in_atomic_block:
            raise RuntimeError("the demo is loaded outside any transaction: ask for the `demo` fixture before "
                               "any fixture that opens the database (db, people, reference...)")
        copy.restore()
        self.restores += 1
        ContentType.objects.clear_cache()  # a flush between tests gives them new ids
        dataversion.bump(reference=True)  # every number changed, without a write Django saw

    def close(self):
        for copy in (self.migrated, self.demo):
            if copy is not None:
                copy.close()
