"""Conversations that do something in several turns (booking, status, cancel, application
lookup, SKM survey, complaint, linking a chat to a ticket, several services in one visit).

Each flow keeps where it stands in the conversation's state: {"flow": …, "step": …, …} plus
"tickets" (the codes of tickets booked or linked in this chat, for "tiket saya" on the web,
where no subscription remembers them). The flows themselves live in flows_booking.py
(take a ticket), flows_visit.py (several services in one visit), flows_tickets.py (status, cancel, survey) and flows_follow.py (application
by code, complaint, link tokens, stop); flows_common.py holds what they share.

Inside a flow, "batal" leaves it and "menu" (handled by the engine) starts over; a message
that starts another flow ("tiket saya" while booking) switches to it.
"""
from __future__ import annotations

from . import flows_booking, flows_follow, flows_tickets, flows_visit
from .engine import Reply, Turn
from .flows_common import clean, keep


def _start(turn: Turn, text: str) -> Reply | None:
    """A reply when `text` starts a flow, else None."""
    if flows_follow.wants_link(text):
        return flows_follow.link(turn, text)
    if flows_follow.wants_stop(text):
        return flows_follow.begin_stop(turn)
    if flows_tickets.wants_status(text):
        return flows_tickets.status(turn)
    if flows_tickets.wants_cancel(text):
        return flows_tickets.begin_cancel(turn)
    if flows_tickets.wants_survey(text):
        return flows_tickets.begin_survey(turn)
    if flows_booking.starts(text):
        return flows_booking.begin(turn, text)
    if flows_visit.starts(text) or flows_visit.life_event(text):
        return flows_visit.begin(turn, text)
    if flows_follow.wants_track(text):
        return flows_follow.begin_track(turn, text)
    if flows_follow.wants_complaint(text):
        return flows_follow.begin_complaint(turn, text)
    return None


def wants(text: str) -> bool:
    """Whether `text` starts one of the flows (so "menu"-like words do not swallow it)."""
    text = clean(text)
    return any(check(text) for check in (
        flows_follow.wants_link, flows_follow.wants_stop, flows_tickets.wants_status,
        flows_tickets.wants_cancel, flows_tickets.wants_survey, flows_booking.starts,
        flows_visit.starts, flows_visit.life_event,
        flows_follow.wants_track, flows_follow.wants_complaint))


def linked_site_id(text: str) -> int | None:
    """The MPP of the ticket, application or complaint a link message ("/start <token>",
    "Pantau <token>") names: the engine can skip asking which MPP. None otherwise."""
    return flows_follow.linked_site_id(text)


_STEPS = {
    "book": flows_booking.step,
    "visit": flows_visit.step,
    "cancel": flows_tickets.cancel_step,
    "survey": flows_tickets.survey_step,
    "track": flows_follow.track_step,
    "complaint": flows_follow.complaint_step,
    "stop": flows_follow.stop_step,
}
# Steps where a message that starts another flow switches to it (a free-text answer, such as
# a complaint's text or a name, is taken as it is).
_FREE_TEXT = {("complaint", "body"), ("book", "name"), ("visit", "name")}


def handle(turn: Turn, text: str) -> Reply | None:
    """A reply when the text belongs to a flow (started now or under way), else None."""
    text = clean(text)
    flow, step = turn.state.get("flow"), turn.state.get("step")
    if flow in _STEPS:
        if (flow, step) not in _FREE_TEXT and not text.isdigit():
            switched = _start(turn, text) if wants(text) and not _is_leave(text) else None
            if switched is not None:
                return switched
        reply = _STEPS[flow](turn, text)  # type: ignore[operator]
        if reply is not None:
            return reply
        keep(turn)  # the flow is over and the message is something else
    elif flow is not None:
        keep(turn)
    return _start(turn, text)


def _is_leave(text: str) -> bool:
    from .flows_common import wants_leave

    return wants_leave(text)
