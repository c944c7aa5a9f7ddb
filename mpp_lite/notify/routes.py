"""Citizens' subscription endpoints (ticket, application and complaint pages)."""
from __future__ import annotations

from . import bp  # noqa: F401
