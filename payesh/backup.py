"""Backup and restore of the whole database.

PostgreSQL: `pg_dump --format=custom` and `pg_restore` into an empty database (the client tools
must match the server's major version; /usr/lib/postgresql/<v>/bin is searched too).
SQLite: the sqlite3 online-backup API, which copies a consistent snapshot even while the app runs.
"""

import glob
import os
import shutil
import sqlite3
import subprocess

from django.db import connections


class BackupError(Exception):
    pass


def _tool(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    path = found[0] if found else shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _pg_env_and_args(settings_dict):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    return env, args


def backup(path, alias="default"):
    """Write the database to `path`; returns the vendor ("postgresql" or "sqlite")."""
    connection = connections[alias]
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(settings_dict)
        result = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args],
                                env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(result.stderr.strip())
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(settings_dict["NAME"])
        target = sqlite3.connect(str(path))
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    return connection.vendor


def restore(path, alias="default"):
    """Load a backup made by `backup` into the database, which must be empty (no tables)."""
    connection = connections[alias]
    if not os.path.exists(path):
        raise BackupError(f"{path} does not exist")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(f"the database is not empty ({len(tables)} tables); restore into an empty database")
    connection.close()
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(settings_dict)
        result = subprocess.run([_tool("pg_restore"), "--no-owner", "--exit-on-error", *args, str(path)],
                                env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(result.stderr.strip())
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(str(path))
        target = sqlite3.connect(settings_dict["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        raise BackupError(f"no restore for {connection.vendor}")
