"""SQLite settings for the embedded default: foreign keys on, WAL so readers never block the
writer, a busy timeout so concurrent writers wait instead of failing, and a database file only
its owner can read (it holds names and phone numbers)."""
from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

PRIVATE_FILE_MODE = 0o600


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def sqlite_engine_options() -> dict[str, Any]:
    return {"connect_args": {"timeout": 30}}


def create_private_file(url: str) -> None:
    """Create the database file of a SQLite `url` as 0600 before SQLite does (SQLite would make
    it 0644 under the usual umask), and tighten an existing one. SQLite gives the -wal and -shm
    files the database file's mode, so they follow."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    except FileExistsError:
        for existing in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            try:
                info = existing.stat()
                if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == os.getuid():
                    existing.chmod(PRIVATE_FILE_MODE)
            except (FileNotFoundError, PermissionError):
                continue
        return
    except FileNotFoundError:  # the folder is missing: let SQLite report it as usual
        return
    os.close(descriptor)
