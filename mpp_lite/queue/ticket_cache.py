"""The ticket page kept in the page cache (web/pagecache.py `serve_keyed`), keyed by the
ticket's state (issue #14).

A waiting citizen's phone reloads the ticket page every TICKET_REFRESH_SECONDS (without
JavaScript), and shares of the link open it again. What the page shows is a function of:
the ticket's state as queue/state.py reads it in one statement (its own columns, its site's
catalogue, counter and announcement versions, its visit's code, the people ahead, the
counters open now, the service's last finished ticket, whether an announcement has not ended),
the minute (the estimate and "Diperbarui 10.42" move with it), the request (host, path, ?s=,
language, Save-Data) and a few settings. All of these are the key, so a stored page is only
ever served for an equal state: any call, cancellation, booking ahead, counter opening or
catalogue edit reads as another state at once. An entry lives until the end of its minute at
most, and not past the site's next change by the clock (an announcement starting, an opening
or closing).

Never kept: tickets no longer active (the survey invitation reads more), pages for a signed-in
officer or with a message to show once, pages carrying a form's CSRF token (the "Kabari saya"
section, when a notification channel is on: the token is the visitor's own), and a page whose
ticket changed between the state and the render. The device cookie ("Tiket saya") is set on
every answer, hit or miss.
"""
from __future__ import annotations

import datetime as dt

from flask import Response, current_app

from ..models import ACTIVE_STATUSES, Ticket
from ..notify.channels import enabled_channels
from ..web import pagecache
from .state import TicketState, site_ref

ALLOWED_ARGS = frozenset({"s"})  # the signature of a scanned QR code (?lang= is always allowed)
MINUTE = dt.timedelta(minutes=1)
# Settings the page shows or depends on (a test may change them on a running app).
SETTINGS = ("QUEUE_DEFAULT_SERVICE_MINUTES", "TICKET_REFRESH_SECONDS", "WHATSAPP_NUMBER",
            "TELEGRAM_BOT_USERNAME", "VAPID_PUBLIC_KEY")


def serve(state: TicketState, now: dt.datetime) -> Response | None:
    """The stored page for this state and request, or None (then the view renders it and the
    page cache keeps it, unless keep() or shows() says otherwise)."""
    if state.status not in ACTIVE_STATUSES:
        return None
    site = site_ref(state)
    row = pagecache.SiteRow(state.site_id, site.timezone, pagecache.versions_text(
        state.catalog_version, state.counters_version, state.notices_version,
        state.site_created_at))
    minute = now.replace(second=0, microsecond=0)
    config = current_app.config
    text = "|".join((repr(tuple(state)), minute.isoformat(),
                     repr([config.get(name) for name in SETTINGS]),
                     ",".join(enabled_channels(config))))
    return pagecache.serve_keyed(text, row, now, minute + MINUTE, ALLOWED_ARGS)


def shows(ticket: Ticket, state: TicketState) -> bool:
    """Whether the loaded ticket is the one `state` describes (nothing moved in between)."""
    site = ticket.site
    return (ticket.status, ticket.site_id, ticket.service_id, ticket.day, ticket.prefix,
            ticket.sequence, ticket.window_id, ticket.priority, ticket.counter_id,
            site.catalog_version, site.counters_version, site.notices_version) == (
        state.status, state.site_id, state.service_id, state.day, state.prefix,
        state.sequence, state.window_id, state.priority, state.counter_id,
        state.catalog_version, state.counters_version, state.notices_version) \
        and (ticket.visit_id is None) == (state.visit_code is None)
