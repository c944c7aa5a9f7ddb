"""What the chat flows share: reading a short answer (a digit, yes/no), leaving a flow, the
conversation's tickets, following a ticket, application or complaint from a chat, absolute
links, and a ticket's status in the same words as the ticket page."""
from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..catalog.vocab import TICKET_STATUS_LABELS
from ..extensions import db
from ..identity import normalize_phone
from ..models import Service, Site, Subscription, Ticket
from ..queue.presenters import ticket_url
from ..queue.status import estimate
from ..templating import time_label, weekday_date
from .engine import Reply, Turn

# Channels where the conversation itself can carry notifications (a Subscription).
FOLLOW_CHANNELS = ("whatsapp", "telegram")
MAX_CHOICE_DIGITS = 3
_YES = {"ya", "y", "yes", "iya", "iyah", "yoi", "ok", "oke", "okay", "benar", "betul", "jadi",
        "setuju", "sip", "1"}
_NO = {"tidak", "tdk", "ga", "gak", "nggak", "enggak", "engga", "no", "n", "jangan", "2"}
# Words that leave a flow under way (typed alone).
_LEAVE = {"batal", "batalkan", "cancel", "keluar", "exit", "quit"}


def clean(text: str) -> str:
    """The text without control characters (NUL …), with single spaces."""
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text or "")
    return " ".join(text.split())


def folded(text: str) -> str:
    """Lower case, without the punctuation people add around a short answer ("Ya!", "2.")."""
    return clean(text).casefold().strip(" .,!?;:\"'()")


def pick(text: str, count: int) -> int | None:
    """The 0-based index of a numbered choice answered with its digit; None otherwise."""
    word = folded(text)
    if not word.isdigit() or len(word) > MAX_CHOICE_DIGITS or not word.isascii():
        return None
    index = int(word) - 1
    return index if 0 <= index < count else None


def is_yes(text: str) -> bool:
    word = folded(text)
    return word in _YES or word.startswith(("ya ", "yes "))


def is_no(text: str) -> bool:
    return folded(text) in _NO


def wants_leave(text: str) -> bool:
    return folded(text) in _LEAVE


def chat_phone(turn: Turn) -> str:
    """The phone number a booking from this chat carries: a WhatsApp chat's own number (so
    one-per-person rules apply), else none."""
    if turn.channel != "whatsapp":
        return ""
    try:
        return normalize_phone(turn.conversation.address)
    except ValueError:
        return ""


def numbered(options: list[str]) -> str:
    return "\n".join(f"{i}. {option}" for i, option in enumerate(options, 1))


def keep(turn: Turn, **state: object) -> None:
    """The new state of the conversation: a flow's step (or nothing), keeping the tickets."""
    kept = {"tickets": turn.state["tickets"]} if turn.state.get("tickets") else {}
    turn.state = {**kept, **state}


def leave(turn: Turn) -> Reply:
    keep(turn)
    return Reply(_("Baik, tidak dilanjutkan. Ketik \"menu\" untuk pilihan lain."))


def out_of_range(count: int) -> str:
    return _("Balas dengan angka 1 sampai %(count)s, atau \"batal\".", count=count)


def remember_ticket(turn: Turn, ticket: Ticket) -> None:
    codes = [c for c in turn.state.get("tickets", []) if c != ticket.code]
    turn.state["tickets"] = (codes + [ticket.code])[-10:]


def follows(turn: Turn, site: Site | None = None) -> bool:
    """Whether this chat can carry notifications: WhatsApp or Telegram, switched on in the
    settings and in the MPP's channel order (notify/channels.py site_order). Otherwise no
    reply promises a message."""
    from ..notify.channels import site_order

    site = site or turn.site
    return turn.channel in FOLLOW_CHANNELS and site is not None and \
        turn.channel in site_order(site.notify_channels, current_app.config)


def follow(turn: Turn, target: object) -> Subscription:
    """Subscribe this chat to a ticket, application or complaint (WhatsApp, Telegram)."""
    from ..notify.subscriptions import subscribe

    return subscribe(target, turn.channel, turn.conversation.address,  # type: ignore[arg-type]
                     language=turn.language, conversation_id=turn.conversation.id)


def chat_subscriptions(turn: Turn, active_only: bool = True) -> list[Subscription]:
    """The subscriptions this chat receives: made in it, or for its own address (a WhatsApp
    number given at the desk or on the booking form)."""
    conversation = turn.conversation
    mine = Subscription.conversation_id == conversation.id
    if turn.channel in FOLLOW_CHANNELS:
        mine = sa.or_(mine, sa.and_(Subscription.channel == turn.channel,
                                    Subscription.address == conversation.address))
    query = sa.select(Subscription).where(mine).order_by(Subscription.id)
    if active_only:
        query = query.where(Subscription.active.is_(True))
    return list(db.session.scalars(query))


def conversation_tickets(turn: Turn) -> list[Ticket]:
    """This chat's tickets at the current MPP, oldest first: booked or linked in this chat (its
    own subscriptions, which outlive the conversation's state) and those kept in the state.
    A subscription that only has this chat's address (a number typed on a booking form or a
    ticket page, by anyone) brings messages but no control: it does not make the ticket this
    chat's to see, cancel or rate."""
    ids = set(db.session.scalars(sa.select(Subscription.ticket_id).where(
        Subscription.conversation_id == turn.conversation.id,
        Subscription.ticket_id.is_not(None))))
    codes = [c for c in turn.state.get("tickets", []) if isinstance(c, str)][:10]
    if not ids and not codes:
        return []
    query = sa.select(Ticket).where(sa.or_(Ticket.id.in_(ids), Ticket.code.in_(codes)))
    if turn.site is not None:
        query = query.where(Ticket.site_id == turn.site.id)
    return list(db.session.scalars(query.order_by(Ticket.day, Ticket.id)))


def external(endpoint: str, **values: object) -> str:
    return url_for(endpoint, _external=True, **values)


def service_ref(service: Service) -> dict[str, str]:
    """A service the reply cites, for the web chat and the API."""
    return {"slug": service.slug, "name": service.tr("name"),
            "url": external("catalog.service", site=service.site.slug, service=service.slug)}


def service_label(service: Service) -> str:
    return service.tr("name")


def ticket_headline(ticket: Ticket) -> str:
    """ "A-007 · KTP-el baru · Selasa, 24 November 2026, 10.00–12.00" """
    day = weekday_date(ticket.day)
    if ticket.window is not None:
        day += ", " + ticket.window.label()
    return f"{ticket.number} · {service_label(ticket.service)} · {day}"


def ticket_status_lines(ticket: Ticket, turn: Turn) -> list[str]:
    """Where the ticket stands, in the ticket page's words (queue/status.py's estimate)."""
    status = str(TICKET_STATUS_LABELS[ticket.status])
    if ticket.status == "called" and ticket.counter is not None:
        status += ": " + _("silakan ke %(counter)s", counter=ticket.counter.label)
    lines = [status]
    if ticket.status != "waiting":
        return lines
    wait = estimate(ticket, current_app.config["QUEUE_DEFAULT_SERVICE_MINUTES"], now=turn.now)
    zone = wait.now.strftime("%Z")
    if wait.state == "before_opening" and wait.opens_at is not None:
        lines.append(_("Layanan buka") + ": " + _("Hari ini pukul %(time)s %(zone)s",
                                                  time=time_label(wait.opens_at.time()),
                                                  zone=zone))
    elif wait.state == "later_day" and wait.opens_at is not None:
        lines.append(_("Layanan buka") + ": " + _(
            "%(date)s pukul %(time)s %(zone)s", date=weekday_date(wait.opens_at.date()),
            time=time_label(wait.opens_at.time()), zone=zone))
    if wait.state != "closed" and wait.ahead is not None:
        ahead = _("Di depan Anda") + ": " + ngettext("%(num)s orang", "%(num)s orang",
                                                      wait.ahead)
        if wait.state == "later_day":
            ahead += " " + _("(yang sudah memesan sejauh ini)")
        lines.append(ahead)
    if wait.state == "today_open":
        lines.append(_("Perkiraan tunggu") + ": " + (
            _("Sebentar lagi") if wait.is_soon else
            ngettext("±%(num)s menit", "±%(num)s menit", wait.wait_minutes or 0)))
    elif wait.state == "no_counter_open":
        lines.append(_("Perkiraan tunggu") + ": " + _(
            "Belum bisa diperkirakan: saat ini belum ada gerai layanan ini yang buka."))
    elif wait.state == "closed":
        if wait.day_passed:
            text = _("Tanggal tiket ini sudah lewat. Ambil nomor baru untuk hari lain.")
        elif wait.closes_at is not None:
            text = _("Jam layanan hari ini sudah berakhir (tutup pukul %(time)s %(zone)s). Jika "
                     "Anda sudah di MPP, tanyakan petugas.",
                     time=time_label(wait.closes_at.time()), zone=zone)
        else:
            text = _("Layanan ini tidak buka pada tanggal tiket ini. Tanyakan petugas atau "
                     "ambil nomor untuk hari lain.")
        lines.append(_("Perkiraan tunggu") + ": " + text)
    if wait.call_from is not None and wait.call_to is not None:
        line = _("Perkiraan dipanggil") + ": " + (
            f"{time_label(wait.call_from.time())}–{time_label(wait.call_to.time())} {zone}")
        if wait.runs_past_closing:
            line += " " + _("Antrean sudah panjang: Anda mungkin baru dipanggil menjelang tutup.")
        lines.append(line)
    return lines


def ticket_block(ticket: Ticket, turn: Turn) -> str:
    """A ticket's headline, where it stands and its page."""
    return "\n".join([ticket_headline(ticket), *ticket_status_lines(ticket, turn),
                      ticket_url(ticket)])

