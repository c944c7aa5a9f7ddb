"""Shared column types and mixins for the models."""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


def _in(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK that `column` holds one of `values`: "status IN ('a', 'b')"."""
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class Translatable:
    """Text fields stored in Indonesian, with optional translations per locale.

    `translations` holds {"en": {"name": "...", ...}, ...}. A missing or empty translation
    falls back to the Indonesian text, so a partly translated catalogue still reads whole.
    """

    translations: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict, nullable=False)

    def tr(self, field: str, locale: str | None = None) -> Any:
        if locale is None:
            from ..i18n import current_language

            locale = current_language()
        value = (self.translations or {}).get(locale, {}).get(field)
        if value in (None, "", []):
            return getattr(self, field)
        return value


class WeeklyHoursMixin:
    """One opening interval on one ISO weekday (1 = Monday … 7 = Sunday), in site-local time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    weekday: Mapped[int] = mapped_column(sa.SmallInteger)
    opens: Mapped[dt.time] = mapped_column(sa.Time)
    closes: Mapped[dt.time] = mapped_column(sa.Time)


def weekly_hours_checks(prefix: str) -> tuple[sa.CheckConstraint, ...]:
    return (
        sa.CheckConstraint("weekday BETWEEN 1 AND 7", name=f"{prefix}_weekday"),
        sa.CheckConstraint("opens < closes", name=f"{prefix}_order"),
    )


__all__ = ["db", "Translatable", "WeeklyHoursMixin", "weekly_hours_checks"]
