"""What pages, prints and the API show of an application: its public address and QR code, the
one-sentence status, and the timeline. Public views never carry the name, phone, documents or
internal notes (tests/test_applications_privacy.py checks)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from .. import dates
from ..codes import grouped, normalise_code
from ..models import Application, ApplicationEvent
from ..qr import qr_svg
from .lifecycle import STATUS_LABELS

_BERKAS_URL = re.compile(r"/berkas/([A-Za-z0-9-]+)/?(?:[?#].*)?$")


def application_url(application: Application, external: bool = True) -> str:
    """The public tracking page: the address in the receipt's QR code. Only the code, which is
    unguessable and personal to nobody."""
    return url_for("applications.track", code=application.code, _external=external)


def application_qr(application: Application) -> str:
    return qr_svg(application_url(application),
                  title=_("Kode QR berkas %(code)s", code=grouped(application.code)))


def code_from_scan(text: str | None) -> str:
    """What a QR scanner (acting as a keyboard) or an officer typed → a code: the tracking
    page's address or the code itself, in any case, with or without dashes."""
    text = (text or "").strip()
    match = _BERKAS_URL.search(text)
    return normalise_code(match.group(1) if match else text)


@dataclass
class TimelineRow:
    status: str
    label: str
    at: Any          # site-local datetime
    note: str
    details: dict[str, Any]
    source: str
    staff_name: str  # staff views only; "" in public


def timeline(application: Application, public: bool = True) -> list[TimelineRow]:
    """The events, oldest first. Public: internal notes left out, no staff names."""
    rows = []
    for event in application.events:
        show_note = event.public or not public
        rows.append(TimelineRow(
            status=event.status, label=str(STATUS_LABELS[event.status]),
            at=dates.stored_local(application.site, event.at),
            note=event.note if show_note else "", details=_public_details(event),
            source=event.source,
            staff_name="" if public else _who(event)))
    return rows


def _public_details(event: ApplicationEvent) -> dict[str, Any]:
    return {k: v for k, v in (event.details or {}).items() if k != "collected_by"}


def _who(event: ApplicationEvent) -> str:
    if event.staff is not None:
        return event.staff.display_name or event.staff.username
    if event.token is not None:
        return _("Sistem instansi (%(name)s)", name=event.token.name)
    return _("Sistem MPP Lite")
