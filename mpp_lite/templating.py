"""Template globals and filters shared by every page."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from flask import Flask, request, url_for
from babel import Locale
from babel.dates import format_skeleton
from flask_babel import format_date, get_locale

from .catalog.vocab import (
    AGENCY_KIND_LABELS, LIFE_EVENTS, PRIORITY_LABELS, REQUIREMENT_FORM_LABELS, STAFF_ROLE_LABELS,
    TICKET_STATUS_LABELS, WEEKDAYS,
)
from .dates import as_utc, local_now
from .formatting import rupiah
from .i18n import available_languages, current_language, language_name


def language_links() -> list[dict[str, Any]]:
    here = request.full_path.rstrip("?") if request else "/"
    current = current_language()
    return [{"code": code, "name": language_name(code), "current": code == current,
             "url": url_for("web.set_language", code=code, next=here)}
            for code in available_languages()]


def tr(obj: Any, field: str) -> Any:
    return obj.tr(field) if obj is not None else ""


def long_date(value: dt.date) -> str:
    return format_date(value, format="long")


def weekday_date(value: dt.date) -> str:
    """The locale's long date with the weekday: "Kamis, 3 Desember 2026",
    "Thursday, December 3, 2026"."""
    locale = get_locale() or Locale.parse("id")
    return format_date(value, format=f"EEEE, {locale.date_formats['long'].pattern}")


def time_label(value: dt.time) -> str:
    """08.00 in Indonesian, 08:00 in English: the locale's own 24-hour clock."""
    return format_skeleton("Hm", value, locale=get_locale() or "id")


def intervals_label(intervals: Iterable[tuple[dt.time, dt.time]]) -> str:
    return ", ".join(f"{time_label(opens)}–{time_label(closes)}" for opens, closes in intervals)


def group_alternatives(items: Iterable[Any]) -> list[list[Any]]:
    """Consecutive items sharing an `alt_group` become one group of alternatives."""
    groups: list[list[Any]] = []
    for item in items:
        if groups and item.alt_group is not None and groups[-1][-1].alt_group == item.alt_group:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def page_url(page: int) -> str:
    """The current page's URL with another ?page= number, keeping the other arguments."""
    view_args = request.view_args or {}
    # Only the query's own arguments: never url_for's options (_external, _anchor, ...) nor
    # one named like a path part (?site=...), which would change the link or clash with it.
    args = {key: value for key, value in request.args.items()
            if not key.startswith("_") and key not in view_args}
    args["page"] = str(page)
    return url_for(request.endpoint or "catalog.index", **view_args, **args)


def save_data() -> bool:
    """The browser asked for lighter pages (Chrome's data saver, Save-Data: on)."""
    return request.headers.get("Save-Data", "").strip().lower() == "on"


def announcements_in_force(site: Any, agency: Any = None, service: Any = None) -> list[Any]:
    """Notices in force now for a page (notices/services.py; components/_notices.html)."""
    from .notices.services import announcements_in_force as in_force

    return in_force(site, agency=agency, service=service)


def site_local(value: dt.datetime | None, timezone: str) -> dt.datetime:
    """A stored instant (None: now) in a site's time zone (SQLite gives it back naive, UTC)."""
    return local_now(timezone, as_utc(value))


def counter_warnings(site: Any, service: Any, day: Any = None) -> list[Any]:
    """Why the service's counter may be shut on `day` (a date or ISO text; today if None)."""
    from .counters.services import service_warnings

    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            day = None
    return service_warnings(site, service, day if isinstance(day, dt.date) else None)


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        tr=tr, rupiah=rupiah, save_data=save_data, requirement_groups=group_alternatives, page_url=page_url, language_links=language_links, current_language=current_language,
        life_events=LIFE_EVENTS, agency_kinds=AGENCY_KIND_LABELS,
        requirement_forms=REQUIREMENT_FORM_LABELS, weekdays=WEEKDAYS,
        staff_roles=STAFF_ROLE_LABELS, priorities=PRIORITY_LABELS,
        ticket_statuses=TICKET_STATUS_LABELS,
        announcements_in_force=announcements_in_force, counter_warnings=counter_warnings,
        site_local=site_local,
    )
    app.jinja_env.filters.update(long_date=long_date, weekday_date=weekday_date,
                                  time_label=time_label,
                                  intervals_label=intervals_label)
    # babel.cfg extracts {% trans %} blocks trimmed; render them the same way.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
