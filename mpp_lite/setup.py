"""First-start set-up for the embedded SQLite database: schema, then demo data if empty."""
from __future__ import annotations

import fcntl
from pathlib import Path

from flask import Flask


def upgrade_schema() -> None:
    """Apply every Alembic migration (idempotent; never drops data)."""
    from flask_migrate import upgrade

    upgrade(revision="heads")


def auto_setup(app: Flask) -> None:
    lock_path = Path(app.instance_path) / ".setup.lock"
    # Several gunicorn workers may start together: one sets up, the others wait.
    with open(lock_path, "w") as lock, app.app_context():
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            upgrade_schema()
            from .demo_seed import seed_if_empty

            seed_if_empty()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
