"""Counting the SQL statements a request sends (tests of query ceilings, issue #14)."""
from __future__ import annotations

import contextlib
from typing import Iterator

import sqlalchemy as sa


class Statements(list):
    """The SQL text of every statement sent while the block ran (len() is the count)."""

    def __str__(self) -> str:
        return "\n".join(f"{i + 1}. {s}" for i, s in enumerate(self))


@contextlib.contextmanager
def count_statements(app) -> Iterator[Statements]:
    """Every statement the app's engine sends inside the block, in order."""
    from mpp_lite.extensions import db

    with app.app_context():
        engine = db.engine
    seen = Statements()

    def watch(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(" ".join(statement.split())[:300])

    sa.event.listen(engine, "before_cursor_execute", watch)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", watch)
