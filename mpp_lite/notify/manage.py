"""The managers' view of notifications: sent, failed, pending; per-site settings."""
from __future__ import annotations

from . import bp  # noqa: F401
