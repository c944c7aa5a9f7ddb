"""JSON error bodies: {"error": {"code", "message", "fields"}} in the request's language."""
from __future__ import annotations

from typing import Any

from flask import jsonify


def error_response(status: int, code: str, message: str,
                   fields: dict[str, Any] | None = None, **extra: Any):
    """`extra` adds members to the error object (e.g. next_available_day)."""
    body = {"error": {"code": code, "message": str(message), "fields": fields or {},
                      **extra}}
    return jsonify(body), status
