"""Several services in one visit from the chat: services (a short numbered list: a life
event's services, those that go with the service just booked, or the MPP's few) → day → name
→ confirmation → visits/booking.book_visit, one ticket per service in a sensible order.

Started by "kunjungan" / "beberapa layanan" (after a booking too), or by naming a life event
("punya anak"): its answer lists the event's services, ready to pick. As with one ticket
(flows_booking.py), the idempotency key comes from the platform's message id when the
confirmation is asked and stays in the state: a retried or doubled "Ya" is the same visit.
"""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _

from ..catalog.services import active_services
from ..catalog.vocab import LIFE_EVENTS
from ..dates import parse_day, site_now
from ..extensions import db
from ..models import MAX_VISIT_SERVICES, ChatConversation, Requirement, Service, Site, Visit
from ..visits.booking import (
    VisitError, VisitRequest, book_visit, find_visit, visit_with_tickets,
)
from ..visits.planning import plan_visit
from .conversations import save_state
from .engine import Reply, Turn
from .flows_booking import ask_name, bookable_days, booking_key, day_label, read_name
from .flows_common import (
    chat_phone, folded, follows, is_no, is_yes, keep, leave, numbered, out_of_range,
    pick, remember_ticket, service_label, service_ref, wants_leave,
)

START = re.compile(r"^(kunjungan|satu kunjungan|buat kunjungan|pesan kunjungan|beberapa layanan|"
                   r"banyak layanan|sekaligus|urus sekaligus|visit|several services|"
                   r"book a visit)$", re.I)
MAX_LISTED = 9
_ALL = {"semua", "semuanya", "all"}
# A refusal about the day: ask for another day (the others end the flow).
_DAY_REFUSALS = ("quota_full", "closed_day", "closed_now", "past_day", "too_far", "not_today",
                 "window_full", "window_over")


def starts(text: str) -> bool:
    return bool(START.match(folded(text)))


def life_event(text: str) -> str | None:
    """The life event a message names and nothing else ("punya anak", "Menikah"), or None."""
    said = folded(text)
    for slug, label in LIFE_EVENTS.items():
        if said in (slug.replace("-", " "), str(label).casefold()):
            return slug
    return None


def _bookable(site: Site) -> list[Service]:
    """The services a visit can hold from the chat (NIK is never asked in a chat)."""
    return [s for s in db.session.scalars(active_services(site))
            if s.bookable and not s.nik_required]


def _related(site: Site, service: Service) -> list[Service]:
    """The services that go with `service`: a life event in common, or a document one makes
    for the other."""
    makers = set(db.session.scalars(sa.select(Requirement.product_of).where(
        Requirement.service_id == service.id, Requirement.product_of != "")))
    users = set(db.session.scalars(
        sa.select(Requirement.service_id).where(Requirement.product_of == service.slug)))
    events = set(service.life_events or [])
    return [s for s in _bookable(site) if s.id != service.id and (
        s.slug in makers or s.id in users or events & set(s.life_events or []))]


def offer_after_booking(turn: Turn, service: Service) -> str:
    """The line a booking's answer ends with when other services go with it, else ""."""
    if turn.site is None or len(_related(turn.site, service)) < 2:
        return ""
    return _("Perlu beberapa layanan lain juga? Ketik \"kunjungan\" untuk mengambil nomornya "
             "sekaligus.")


def begin(turn: Turn, text: str = "") -> Reply:
    """The list to pick from: a life event's services, those that go with the service just
    booked or asked about, or the MPP's services when they are few."""
    site = turn.site
    assert site is not None
    event = life_event(text)
    if event is not None:
        found = [s for s in _bookable(site) if event in (s.life_events or [])]
        head = _("%(event)s: layanan yang bisa diurus di MPP ini:", event=LIFE_EVENTS[event])
        return _offer(turn, found, head, event)
    previous = turn.state.get("service")
    current = db.session.scalar(sa.select(Service).filter_by(site_id=site.id, slug=previous)) \
        if isinstance(previous, str) else None
    if current is not None:
        found = _related(site, current)
        if turn.state.get("step") != "booked" and current.bookable and not current.nik_required:
            found = [current] + found  # asked about, not booked yet: it belongs in the visit
        if len(found) >= 2:
            return _offer(turn, found, _("Layanan yang biasa diurus bersama %(service)s:",
                                         service=service_label(current)))
    found = _bookable(site)
    if 2 <= len(found) <= MAX_LISTED:
        return _offer(turn, found, _("Layanan dengan antrean di MPP ini:"))
    keep(turn)
    events = [str(label) for slug, label in LIFE_EVENTS.items()
              if any(slug in (s.life_events or []) for s in found)][:4]
    return Reply(_("Satu kunjungan bisa berisi 2 sampai %(max)s layanan. Tulis peristiwanya, "
                   "misalnya: %(examples)s.", max=MAX_VISIT_SERVICES,
                   examples=", ".join(f"\"{e}\"" for e in events) or "\"punya anak\""))


def _offer(turn: Turn, found: list[Service], head: str, event: str = "") -> Reply:
    found = found[:MAX_LISTED]
    if len(found) < 2:
        keep(turn)
        return Reply(head + "\n" + (numbered([service_label(s) for s in found]) + "\n"
                                    if found else "")
                     + _("Satu kunjungan perlu minimal dua layanan dengan antrean. Untuk satu "
                         "layanan, ketik \"antre\"."),
                     services=[service_ref(s) for s in found])
    names = [service_label(s) for s in found]
    keep(turn, flow="visit", step="pick", services=[s.slug for s in found], event=event)
    return Reply(head + "\n" + numbered(names) + "\n"
                 + _("Ambil nomor untuk beberapa sekaligus (satu kunjungan)? Balas dengan "
                     "angkanya, misalnya \"1 2\", atau \"semua\".") + "\n"
                 + _("Atau balas \"batal\"."),
                 services=[service_ref(s) for s in found], choices=names)


def step(turn: Turn, text: str) -> Reply | None:
    state = turn.state
    current = state.get("step")
    if current == "booked" and not is_yes(text):
        keep(turn)  # the visit is booked: anything else is a new message
        return None
    if wants_leave(text) or (is_no(text) and current == "confirm"):
        return leave(turn)
    if current == "pick":
        return _take_pick(turn, text)
    services = _chosen(turn)
    if services is None:  # the catalogue changed under the conversation
        keep(turn)
        return Reply(_("Layanan itu tidak ditemukan lagi. Ketik \"kunjungan\" untuk mulai "
                       "lagi."))
    if current == "day":
        return _take_day(turn, services, text)
    if current == "name":
        return _take_name(turn, services, text)
    if current in ("confirm", "booked"):
        if is_yes(text):
            return _book(turn, services)
        return Reply(_("Balas \"Ya\" untuk mengambil nomor, atau \"batal\"."))
    return leave(turn)


def _chosen(turn: Turn) -> list[Service] | None:
    slugs = [s for s in turn.state.get("chosen", []) if isinstance(s, str)]
    if turn.site is None or not slugs:
        return None
    by_slug = {s.slug: s for s in db.session.scalars(sa.select(Service).where(
        Service.site_id == turn.site.id, Service.slug.in_(slugs)))}
    services = [by_slug.get(slug) for slug in slugs]
    return None if None in services else services  # type: ignore[return-value]


def _take_pick(turn: Turn, text: str) -> Reply | None:
    offered = [s for s in turn.state.get("services", []) if isinstance(s, str)]
    said = folded(text)
    if said in _ALL:
        indexes = list(range(len(offered)))
    else:
        parts = [p for p in re.split(r"[\s,;]+|\bdan\b|\band\b", said) if p]
        if not parts or not all(p.isascii() and p.isdigit() for p in parts):
            keep(turn)  # not an answer to the list: a new message
            return None
        indexes = [pick(p, len(offered)) for p in parts]
        if None in indexes:
            return Reply(out_of_range(len(offered)))
    indexes = list(dict.fromkeys(indexes))  # "1 1 2" is 1 and 2
    if len(indexes) < 2:
        return Reply(_("Pilih minimal dua layanan, misalnya \"1 2\". Untuk satu layanan, ketik "
                       "\"antre\"."))
    if len(indexes) > MAX_VISIT_SERVICES:
        return Reply(_("Satu kunjungan paling banyak %(max)s layanan. Pilih lagi.",
                       max=MAX_VISIT_SERVICES))
    turn.state.update(chosen=[offered[i] for i in indexes])  # type: ignore[index]
    services = _chosen(turn)
    if services is None:
        return leave(turn)
    return _ask_day(turn, services)


def _days(turn: Turn, services: list[Service]) -> list[dt.date]:
    """The days every chosen service can be booked with room (each by the booking's rules)."""
    common: set[dt.date] | None = None
    for service in services:
        days = set(bookable_days(turn, service))
        common = days if common is None else common & days
    return sorted(common or [])


def _ask_day(turn: Turn, services: list[Service], problem: str = "") -> Reply:
    days = _days(turn, services)
    names = ", ".join(service_label(s) for s in services)
    if not days:
        keep(turn)
        return Reply((problem + "\n" if problem else "") + _(
            "Maaf, belum ada hari yang masih punya tempat untuk semua layanan ini (%(services)s). "
            "Ambil nomornya satu per satu dengan \"antre\", atau tanyakan ke MPP.",
            services=names))
    labels = [day_label(turn, d) for d in days]
    turn.state.update(step="day", days=[d.isoformat() for d in days])
    return Reply((problem + "\n" if problem else "")
                 + _("%(services)s. Hari apa Anda datang? Balas dengan angkanya:",
                     services=names) + "\n" + numbered(labels), choices=labels)


def _take_day(turn: Turn, services: list[Service], text: str) -> Reply:
    days = [d for d in (parse_day(x) for x in turn.state.get("days", []) if isinstance(x, str))
            if d is not None]
    index = pick(text, len(days))
    if index is None:
        return Reply(out_of_range(len(days)) + "\n"
                     + numbered([day_label(turn, d) for d in days]))
    if days[index] not in _days(turn, services):
        return _ask_day(turn, services, _("Hari itu sudah tidak bisa dipilih (tutup atau "
                                          "penuh)."))
    turn.state.update(step="name", day=days[index].isoformat())
    return ask_name()


def _take_name(turn: Turn, services: list[Service], text: str) -> Reply:
    name, problem = read_name(text)
    if problem:
        return ask_name(problem)
    day = parse_day(turn.state.get("day"))
    if day is None:
        return leave(turn)
    turn.state.update(step="confirm", name=name, key=booking_key(turn))
    today = day == site_now(turn.site, turn.now).date()
    order = [service_label(p.service)
             for p in plan_visit(turn.site.id, day, services, today=today)]  # type: ignore[union-attr]
    return Reply(_("Periksa dulu:") + "\n"
                 + _("Hari: %(day)s", day=day_label(turn, day)) + "\n"
                 + _("Nama: %(name)s", name=name) + "\n"
                 + _("Urutan layanan:") + "\n" + numbered(order) + "\n"
                 + _("Ambil %(count)s nomor antrean sekarang?", count=len(services)) + "\n"
                 + numbered([_("Ya"), _("Batal")]), choices=[_("Ya"), _("Batal")])


def _book(turn: Turn, services: list[Service]) -> Reply:
    state = turn.state
    day = parse_day(state.get("day"))
    if day is None or not isinstance(state.get("name"), str) or turn.site is None:
        return leave(turn)
    conversation = turn.conversation
    request = VisitRequest(
        site=turn.site, services=services, day=day, name=state["name"],
        idempotency_key=str(state.get("key") or booking_key(turn)), phone=chat_phone(turn),
        channel="chat", now=turn.now, language=turn.language,
        life_event=state.get("event") if isinstance(state.get("event"), str) else "",
        subscriptions=[(turn.channel, conversation.address)] if follows(turn) else [],
        conversation_id=conversation.id, confirm=False)  # the reply itself confirms
    db.session.commit()  # the conversation so far: book_visit commits or rolls back
    try:
        visit, _created = book_visit(request, secret=current_app.config["SECRET_KEY"],
                                     horizon_days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"])
    except VisitError as refusal:
        return _refused(turn, services, refusal)
    for ticket in visit.tickets:
        remember_ticket(turn, ticket)
    keep(turn, flow="visit", step="booked", chosen=state["chosen"], day=state["day"],
         name=state["name"], key=request.idempotency_key, event=state.get("event", ""))
    return Reply(visit_text(turn, visit), services=[service_ref(t.service)
                                                    for t in visit.tickets])


def _refused(turn: Turn, services: list[Service], refusal: VisitError) -> Reply:
    message = str(refusal.message)
    if refusal.code in _DAY_REFUSALS:
        return _ask_day(turn, services, message)
    keep(turn)
    if refusal.code == "duplicate_person":
        message += " " + _("Ketik \"tiket saya\" untuk melihat tiket Anda.")
    return Reply(message)


def visit_text(turn: Turn, visit: Visit) -> str:
    """The booked visit: each ticket (order, number, service), then where to see them all."""
    lines = [_("Kunjungan Anda, %(day)s. Urutan dan nomor antrean:", day=day_label(turn,
                                                                                  visit.day))]
    lines += [f"{t.visit_step}. {t.number}: {service_label(t.service)}" for t in visit.tickets]
    lines.append(_("Semua tiket dan yang perlu dibawa: %(url)s",
                   url=url_for("visits.visit", code=visit.code, _external=True)))
    if follows(turn):
        lines.append(_("Kami kirim pesan di sini saat giliran Anda sudah dekat."))
    return "\n".join(lines)


def booked_before_failure(conversation: ChatConversation, now: dt.datetime) -> Reply | None:
    """As flows_booking.booked_before_failure, for a visit: the answer to a "Ya" whose turn
    failed after book_visit committed (the visit's tickets), or None when it booked nothing."""
    state = conversation.state or {}
    key = state.get("key")
    if state.get("flow") != "visit" or state.get("step") != "confirm" or \
            not isinstance(key, str) or conversation.site_id is None:
        return None
    found = find_visit(conversation.site_id, key)
    if found is None:
        return None
    visit = visit_with_tickets(found.id)
    turn = Turn(text="", channel=conversation.channel, conversation=conversation, now=now,
                site=db.session.get(Site, conversation.site_id), state=dict(state))
    for ticket in visit.tickets:
        remember_ticket(turn, ticket)
    save_state(conversation, {"tickets": turn.state["tickets"]}, now)
    return Reply(visit_text(turn, visit))
