"""POST /api/v1/sites/<site>/ask: the chat assistant as JSON."""
from __future__ import annotations

from . import bp  # noqa: F401
