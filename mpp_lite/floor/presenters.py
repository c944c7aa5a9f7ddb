"""The floor view as one document of display texts: the page renders it, and the JSON that
floor.js polls is the very same document, so a patched page reads exactly as a reloaded one."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from ..counters.services import COUNTER_STATUS_LABELS
from ..queue.presenters import CHANNEL_LABELS
from ..templating import intervals_label, time_label
from .services import CounterFloor, FloorView, ServiceWaiting

NONE = "–"


def duration_label(value: dt.timedelta | None) -> str:
    """"kurang dari 1 menit", "12 menit", "1 jam 5 menit" (whole minutes, rounded down)."""
    if value is None:
        return NONE
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return _("kurang dari 1 menit")
    hours, minutes = divmod(minutes, 60)
    text = ngettext("%(num)s menit", "%(num)s menit", minutes) if minutes else ""
    if hours:
        text = (ngettext("%(num)s jam", "%(num)s jam", hours) + " " + text).strip()
    return text


def _counter_row(row: CounterFloor, now: dt.datetime) -> dict[str, Any]:
    today, counter = row.today, row.counter
    where = counter.agency.display_name() + (f", {counter.tr('floor')}" if counter.floor else "")
    status = str(COUNTER_STATUS_LABELS.get(today.status, today.status))
    if today.since is not None and today.since.date() == now.date():
        status = _("%(status)s sejak %(time)s", status=status, time=time_label(today.since.time()))
    if today.status != "open" and today.reason:
        status += f": {today.reason}"
    if today.intervals:
        hours = intervals_label(today.intervals)
    elif today.closed_reason:
        hours = _("Libur: %(reason)s", reason=today.closed_reason)
    else:
        hours = _("Tidak terjadwal hari ini")
    officer = NONE if row.officer is None else _(
        "%(name)s, %(time)s", name=row.officer.name, time=time_label(row.officer.at.time()))
    ticket, lasted = NONE, NONE
    if row.ticket is not None:
        state = _("dipanggil") if row.ticket_status == "called" else _("dilayani")
        ticket = f"{row.ticket} ({state})"
        if row.ticket_since is not None:
            lasted = duration_label(now - row.ticket_since)
    alert, kind = "", ""
    if row.closed_in_hours:
        alert, kind = _("Tutup padahal dalam jam jadwalnya"), "closed"
    elif row.idle_with_waiting:
        alert, kind = ngettext("Buka tetapi tidak memanggil, %(num)s tiket menunggu",
                               "Buka tetapi tidak memanggil, %(num)s tiket menunggu",
                               row.waiting), "idle"
    return {"key": str(counter.id), "alert": kind,
            "cells": [counter.label, where, status, hours, officer, ticket, lasted,
                      str(row.waiting), alert]}


def _service_row(entry: ServiceWaiting) -> dict[str, Any]:
    return {"key": str(entry.service_id), "alert": "",
            "cells": [entry.name, entry.prefix, str(entry.waiting),
                      duration_label(entry.longest) if entry.waiting else NONE,
                      str(entry.later)]}


def floor_document(view: FloorView) -> dict[str, Any]:
    """Every text the page shows, by place: `summary` (figures by key) and `rows` (tables by
    name, each row a key, an alert kind and its cells' texts)."""
    now = view.local_now
    if view.open_now:
        state = _("MPP buka sekarang.")
    elif view.holiday:
        state = _("MPP tutup sekarang (libur: %(reason)s).", reason=view.holiday)
    else:
        state = _("MPP tutup sekarang.")
    return {
        "now": now.isoformat(timespec="seconds"),
        "summary": {
            "clock": _("Keadaan pukul %(time)s %(zone)s.", time=time_label(now.time()),
                       zone=now.strftime("%Z")),
            "state": state,
            "waiting": str(view.waiting_total),
            "later": str(view.later_total),
            "open": _("%(open)s dari %(all)s", open=view.open_counters,
                      all=len(view.counters)),
            "alerts": str(view.alerts),
            "tickets": str(view.tickets_today),
        },
        "rows": {
            "counters": [_counter_row(row, now) for row in view.counters],
            "services": [_service_row(entry) for entry in view.services],
            "channels": [{"key": channel, "alert": "",
                          "cells": [str(CHANNEL_LABELS.get(channel, channel)), str(count)]}
                         for channel, count in view.channels],
        },
    }
