"""Taking a queue ticket in the chat: service → day → time window (if the service has
windows) → name → confirmation → queue/booking.issue_ticket, with the web's rules and
refusals. The booking's idempotency key is derived from the platform's message id when the
confirmation is asked, and kept in the state: a retried or doubled "Ya" gets the same ticket.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ..dates import parse_day, site_now, wall_clock
from ..extensions import db
from ..catalog.services import active_services
from ..models import ChatConversation, Service, ServiceWindow, Ticket
from ..queue.booking import COUNTED_STATUSES, BookingError, BookingRequest, has_room, issue_ticket
from ..queue.calendar import next_service_days, still_open_today
from ..queue.presenters import ticket_url
from ..templating import group_alternatives, weekday_date
from .conversations import save_state
from .engine import Reply, Turn
from .answers import find_services
from .flows_common import (
    chat_phone, clean, external, folded, follows, is_no, is_yes, keep, leave, numbered,
    out_of_range, pick, remember_ticket, service_label, service_ref, ticket_block,
    wants_leave,
)

START = re.compile(
    r"^(antre|antri|antrean|antrian|ngantri|ngantre|ambil (nomor|no|nomer|antrean|antrian|"
    r"tiket)( antrean| antrian)?|pesan (nomor|antrean|antrian|tiket)|daftar antrean|"
    r"booking|book|queue|take a (number|ticket)|get a (number|ticket))\b\s*(untuk\s+|for\s+)?",
    re.I)
MAX_DAYS = 5
MAX_LISTED = 9  # services offered as numbered choices when the MPP queues no more than this
CHECKLIST_ITEMS = 3
_RELATIVE = {"hari ini": 0, "today": 0, "besok": 1, "tomorrow": 1, "lusa": 2}


def starts(text: str) -> bool:
    return bool(START.match(clean(text)))


def begin(turn: Turn, text: str) -> Reply:
    rest = START.sub("", clean(text), count=1).strip()
    if rest:
        return _choose_service(turn, rest)
    asked = _service(turn, turn.state.get("service")) if not turn.state.get("flow") else None
    if asked is not None and asked.bookable:  # the service the last answer was about
        return _ask_day(turn, asked)
    return _ask_service(turn)


def _ask_service(turn: Turn, problem: str = "") -> Reply:
    """Which service: numbered when the MPP queues only a few, else typed."""
    assert turn.site is not None
    few = [s for s in db.session.scalars(active_services(turn.site)) if s.bookable]
    question = _("Untuk layanan apa? Tulis namanya, misalnya \"KTP\" atau \"paspor\".")
    if not few or len(few) > MAX_LISTED:
        keep(turn, flow="book", step="service")
        return Reply((problem + "\n" if problem else "") + question)
    names = [service_label(s) for s in few]
    keep(turn, flow="book", step="service_pick", services=[s.slug for s in few])
    return Reply((problem + "\n" if problem else "")
                 + _("Untuk layanan apa? Balas dengan angkanya, atau tulis namanya:") + "\n"
                 + numbered(names), choices=names)


def step(turn: Turn, text: str) -> Reply | None:
    state = turn.state
    current = state.get("step")
    if current == "booked" and not is_yes(text):
        keep(turn)  # the booking is done: anything else is a new message
        return None
    if wants_leave(text) or (is_no(text) and current == "confirm"):
        return leave(turn)
    service = _service(turn, state.get("service"))
    if current == "service":
        return _choose_service(turn, clean(text))
    if current == "service_pick":
        offered = [s for s in state.get("services", []) if isinstance(s, str)]
        index = pick(text, len(offered))
        if index is None:
            if not folded(text).isdigit() and folded(text):
                return _choose_service(turn, clean(text))  # another name typed
            return Reply(out_of_range(len(offered)))
        chosen = _service(turn, offered[index])
        if chosen is None:
            return _choose_service(turn, "")
        return _ask_day(turn, chosen)
    if service is None:  # the catalogue changed under the conversation
        keep(turn, flow="book", step="service")
        return Reply(_("Layanan itu tidak ditemukan lagi. Untuk layanan apa?"))
    if current == "day":
        return _take_day(turn, service, text)
    if current == "window":
        return _take_window(turn, service, text)
    if current == "name":
        return _take_name(turn, service, text)
    if current in ("confirm", "booked"):
        if is_yes(text):
            return _book(turn, service)
        return Reply(_("Balas \"Ya\" untuk mengambil nomor, atau \"batal\"."))
    return leave(turn)


# --- service ----------------------------------------------------------------------------------

def _service(turn: Turn, slug: object) -> Service | None:
    if not isinstance(slug, str) or turn.site is None:
        return None
    return db.session.scalar(sa.select(Service).filter_by(site_id=turn.site.id, slug=slug))


def _choose_service(turn: Turn, text: str) -> Reply:
    assert turn.site is not None
    found = [s for s in find_services(turn.site, text[:200], limit=5) if s.bookable] \
        if text else []
    if not found:
        return _ask_service(turn, _("Saya tidak menemukan layanan dengan antrean untuk "
                                    "\"%(text)s\".", text=text[:60]) if text else "")
    named = _named(found, text)
    if len(named) == 1:
        found = named
    if len(found) == 1:
        return _ask_day(turn, found[0])
    names = [service_label(s) for s in found]
    keep(turn, flow="book", step="service_pick", services=[s.slug for s in found])
    return Reply(_("Layanan yang mana? Balas dengan angkanya:") + "\n" + numbered(names),
                 services=[service_ref(s) for s in found], choices=names)


def _named(services: list[Service], text: str) -> list[Service]:
    """The services whose own name holds every word typed ("ktp" → "KTP-el baru", though
    other services list "ktp" among their keywords): by the name shown, else the Indonesian."""
    words = re.findall(r"\w+", text.casefold())
    if not words:
        return []
    for name_of in (lambda s: s.tr("name"), lambda s: s.name):
        named = [s for s in services
                 if all(w in re.findall(r"\w+", name_of(s).casefold()) for w in words)]
        if len(named) == 1:
            return named
    return []


# --- day --------------------------------------------------------------------------------------

def _windows(service: Service) -> list[ServiceWindow]:
    return list(db.session.scalars(sa.select(ServiceWindow).filter_by(
        service_id=service.id).order_by(ServiceWindow.starts)))


def _open_windows(turn: Turn, service: Service, day: dt.date) -> list[ServiceWindow]:
    """The windows of `day` still to come, with room (the capacity rule of the booking)."""
    local = site_now(service.site, turn.now)
    result = []
    for window in _windows(service):
        if day == local.date() and window.ends <= wall_clock(local):
            continue
        taken = db.session.scalar(sa.select(sa.func.count()).select_from(Ticket).where(
            Ticket.window_id == window.id, Ticket.day == day,
            Ticket.status.in_(COUNTED_STATUSES))) or 0
        if taken < window.capacity:
            result.append(window)
    return result


def bookable_days(turn: Turn, service: Service) -> list[dt.date]:
    """The next days the service can be booked with room (the web's calendar, horizon and
    quota; today only while the service is still open)."""
    site = service.site
    local = site_now(site, turn.now)
    today = local.date()
    horizon = today + dt.timedelta(days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"])
    first = today if still_open_today(site, service, local) else today + dt.timedelta(days=1)
    days = []
    windows = bool(_windows(service))
    for day in next_service_days(site, service, first, 30):
        if day > horizon or len(days) == MAX_DAYS:
            break
        if has_room(service, day) and (not windows or _open_windows(turn, service, day)):
            days.append(day)
    return days


def day_label(turn: Turn, day: dt.date) -> str:
    today = site_now(turn.site, turn.now).date()
    label = weekday_date(day)
    if day == today:
        return _("Hari ini, %(date)s", date=label)
    if day == today + dt.timedelta(days=1):
        return _("Besok, %(date)s", date=label)
    return label


def _ask_day(turn: Turn, service: Service, problem: str = "") -> Reply:
    if service.nik_required:
        keep(turn)
        return Reply(_("Layanan %(service)s memerlukan NIK saat mengambil nomor. Demi keamanan "
                       "NIK tidak diminta lewat chat: ambil nomor di halaman ini:",
                       service=service_label(service)) + "\n"
                     + external("queue.book", site=service.site.slug, service=service.slug),
                     services=[service_ref(service)])
    days = bookable_days(turn, service)
    if not days:
        keep(turn)
        return Reply((problem + "\n" if problem else "") + _(
            "Maaf, untuk %(service)s belum ada hari dengan tempat kosong dalam %(days)s hari ke "
            "depan. Coba lagi besok, atau tanyakan ke MPP.", service=service_label(service),
            days=current_app.config["QUEUE_BOOKING_DAYS_AHEAD"]),
            services=[service_ref(service)])
    labels = [day_label(turn, d) for d in days]
    keep(turn, flow="book", step="day", service=service.slug,
         days=[d.isoformat() for d in days])
    return Reply((problem + "\n" if problem else "")
                 + _("%(service)s. Hari apa Anda datang? Balas dengan angkanya:",
                     service=service_label(service)) + "\n" + numbered(labels),
                 services=[service_ref(service)], choices=labels)


def _typed_day(turn: Turn, text: str) -> dt.date | None:
    word = folded(text)
    today = site_now(turn.site, turn.now).date()
    if word in _RELATIVE:
        return today + dt.timedelta(days=_RELATIVE[word])
    day = parse_day(word)
    if day is None and (match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})", word)):
        try:
            day = dt.date(today.year, int(match[2]), int(match[1]))
        except ValueError:
            return None
        if day < today:
            try:
                day = day.replace(year=today.year + 1)
            except ValueError:
                return None
    return day


def _take_day(turn: Turn, service: Service, text: str) -> Reply:
    offered = [parse_day(d) for d in turn.state.get("days", []) if isinstance(d, str)]
    days = [d for d in offered if d is not None]
    index = pick(text, len(days))
    day = days[index] if index is not None else _typed_day(turn, text)
    if day is None:
        return Reply(out_of_range(len(days)) + "\n" + numbered(
            [day_label(turn, d) for d in days]))
    if day not in bookable_days(turn, service):
        return _ask_day(turn, service, _("Tanggal itu tidak bisa dipilih (tutup, penuh, atau "
                                         "di luar jangka pemesanan)."))
    turn.state["day"] = day.isoformat()
    return _ask_window(turn, service, day)


# --- window, name, confirmation ---------------------------------------------------------------

def _ask_window(turn: Turn, service: Service, day: dt.date, problem: str = "") -> Reply:
    if not _windows(service):
        turn.state.update(step="name", window=None)
        return ask_name(problem)
    windows = _open_windows(turn, service, day)
    if not windows:
        return _ask_day(turn, service, _("Semua jam kedatangan pada hari itu sudah penuh."))
    labels = [w.label() for w in windows]
    turn.state.update(step="window", windows=[w.id for w in windows])
    return Reply((problem + "\n" if problem else "")
                 + _("Jam berapa Anda datang? Balas dengan angkanya:") + "\n" + numbered(labels),
                 choices=labels)


def _take_window(turn: Turn, service: Service, text: str) -> Reply:
    ids = [i for i in turn.state.get("windows", []) if isinstance(i, int)]
    index = pick(text, len(ids))
    if index is None:
        return Reply(out_of_range(len(ids)))
    turn.state.update(step="name", window=ids[index])
    return ask_name()


def ask_name(problem: str = "") -> Reply:
    return Reply((problem + "\n" if problem else "")
                 + _("Atas nama siapa? Tulis nama atau inisial Anda (tidak perlu NIK)."))


def read_name(text: str) -> tuple[str, str]:
    """(the name typed, "") or ("", what is wrong with it)."""
    name = clean(text)
    if not name or not any(c.isalpha() for c in name):
        return "", _("Nama tidak terbaca.")
    if len(name) > 80:
        return "", _("Nama terlalu panjang (maksimal 80 karakter).")
    return name, ""


def _take_name(turn: Turn, service: Service, text: str) -> Reply:
    name, problem = read_name(text)
    if problem:
        return ask_name(problem)
    turn.state.update(step="confirm", name=name, key=booking_key(turn))
    day = parse_day(turn.state.get("day"))
    window = db.session.get(ServiceWindow, turn.state["window"]) \
        if turn.state.get("window") else None
    when = day_label(turn, day) if day else ""
    if window is not None:
        when += ", " + window.label()
    return Reply(_("Periksa dulu:") + "\n"
                 + _("Layanan: %(service)s", service=service_label(service)) + "\n"
                 + _("Hari: %(day)s", day=when) + "\n"
                 + _("Nama: %(name)s", name=name) + "\n"
                 + _("Ambil nomor antrean sekarang?") + "\n" + numbered([_("Ya"), _("Batal")]),
                 choices=[_("Ya"), _("Batal")])


def booking_key(turn: Turn) -> str:
    """The booking's idempotency key: from the platform's message id (a retried message is
    the same booking), or random on the web where messages have no id."""
    source = turn.message_id or uuid.uuid4().hex
    return "chat-" + hashlib.sha256(source.encode()).hexdigest()[:40]


def _book(turn: Turn, service: Service) -> Reply:
    state = turn.state
    day = parse_day(state.get("day"))
    if day is None or not isinstance(state.get("name"), str):
        return leave(turn)
    conversation = turn.conversation
    phone = chat_phone(turn)
    request = BookingRequest(
        site=service.site, service=service, day=day, name=state["name"],
        idempotency_key=str(state.get("key") or booking_key(turn)),
        window_id=state.get("window") if isinstance(state.get("window"), int) else None,
        phone=phone, channel="chat", now=turn.now, language=turn.language,
        conversation_id=conversation.id,
        subscriptions=[(turn.channel, conversation.address)] if follows(turn) else [],
        confirm=False)
    db.session.commit()  # the message and conversation so far: issue_ticket commits or rolls back
    try:
        ticket, created = issue_ticket(request, secret=current_app.config["SECRET_KEY"],
                                       horizon_days=current_app.config[
                                           "QUEUE_BOOKING_DAYS_AHEAD"])
    except BookingError as refusal:
        return _refused(turn, service, day, refusal)
    remember_ticket(turn, ticket)
    if not created and not ticket.is_active:  # booked earlier, cancelled or served since
        keep(turn)
        return Reply(ticket_block(ticket, turn))
    keep(turn, flow="book", step="booked", service=service.slug, day=state["day"],
         window=state.get("window"), name=state["name"], key=request.idempotency_key)
    return _booked_reply(turn, ticket)


def booked_before_failure(conversation: ChatConversation, now: dt.datetime) -> Reply | None:
    """The answer to a "Ya" whose turn failed after issue_ticket committed (called by
    chat.inbox.answer_failure after the rollback): the ticket's number and link, or None when
    the failed turn booked nothing. The conversation still stands at the confirmation (_book
    commits it before issuing the ticket), whose idempotency key finds the ticket; it then
    leaves the confirmation, keeping the ticket for "tiket saya"."""
    state = conversation.state or {}
    key = state.get("key")
    if state.get("flow") != "book" or state.get("step") != "confirm" or not isinstance(key, str):
        return None
    query = sa.select(Ticket).where(Ticket.idempotency_key == key[:80])
    if conversation.site_id is not None:
        query = query.where(Ticket.site_id == conversation.site_id)
    ticket = db.session.scalars(query.order_by(Ticket.id.desc()).limit(1)).first()
    if ticket is None:
        return None
    tickets = [c for c in state.get("tickets", []) if isinstance(c, str) and c != ticket.code]
    save_state(conversation, {"tickets": (tickets + [ticket.code])[-10:]}, now)
    return Reply(_("Nomor antrean Anda: %(number)s", number=ticket.number) + "\n"
                 + _("Tiket: %(url)s", url=ticket_url(ticket)))


def _refused(turn: Turn, service: Service, day: dt.date, refusal: BookingError) -> Reply:
    message = str(refusal.message)
    if refusal.code in ("quota_full", "closed_day", "closed_now", "past_day", "too_far"):
        if refusal.next_day is not None:
            message += " " + _("Hari berikutnya yang masih ada tempat: %(day)s.",
                               day=weekday_date(refusal.next_day))
        return _ask_day(turn, service, message)
    if refusal.code in ("window_full", "window_over"):
        return _ask_window(turn, service, day, message)
    if refusal.field == "name":
        turn.state["step"] = "name"
        return ask_name(message)
    keep(turn)
    if refusal.code == "duplicate_person":
        message += " " + _("Ketik \"tiket saya\" untuk melihat tiket Anda.")
    return Reply(message, services=[service_ref(service)])


def checklist_lines(service: Service) -> list[str]:
    """The first requirements (alternatives joined by "atau"), as the ticket page lists them."""
    lines = []
    for group in group_alternatives(service.requirements)[:CHECKLIST_ITEMS]:
        lines.append("- " + _(" atau ").join(r.tr("text") for r in group))
    return lines


def _booked_reply(turn: Turn, ticket: Ticket) -> Reply:
    service = ticket.service
    when = weekday_date(ticket.day) + (", " + ticket.window.label() if ticket.window else "")
    parts = ["\n".join([_("Nomor antrean Anda: %(number)s", number=ticket.number),
                        _("Layanan: %(service)s", service=service_label(service)),
                        _("Hari: %(day)s", day=when),
                        _("Tiket: %(url)s", url=ticket_url(ticket))])]
    bring = checklist_lines(service)
    if bring:
        more = len(group_alternatives(service.requirements)) > CHECKLIST_ITEMS
        parts.append(_("Jangan lupa bawa:") + "\n" + "\n".join(bring)
                     + ("\n- …" if more else ""))
        parts.append(_("Daftar lengkap: %(url)s", url=service_ref(service)["url"]))
    if follows(turn):
        parts.append(_("Kami kirim pesan di sini saat giliran Anda sudah dekat. Ketik \"tiket "
                       "saya\" untuk melihat posisi Anda, \"stop\" untuk berhenti menerima "
                       "pesan."))
    else:
        parts.append(_("Buka tautan tiket untuk melihat posisi Anda, atau ketik \"tiket saya\" "
                       "di sini."))
    from .flows_visit import offer_after_booking  # flows_visit builds on this module

    more = offer_after_booking(turn, service)
    if more:
        parts.append(more)
    return Reply("\n\n".join(parts), services=[service_ref(service)])
