"""Following things from the chat: an application by its code ("lacak K7M2-QX9P-RA"), a
complaint filed here ("pengaduan"), a ticket, application or complaint linked by a token
("/start <token>" from Telegram's deep link, "Pantau <token>" from the WhatsApp link), and
"stop". Texts are the tracking pages' own (applications/public.py progress, the status
labels); never a name or phone number."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from ..applications.lifecycle import STATUS_LABELS as APPLICATION_STATUSES
from ..applications.lifecycle import get_application
from ..applications.presenters import application_url, code_from_scan
from ..applications.public import progress
from ..codes import grouped
from ..dates import site_today
from ..extensions import db
from ..feedback.services import STATUS_LABELS as COMPLAINT_STATUSES
from ..feedback.services import ComplaintError, ComplaintRequest, file_complaint, get_complaint
from ..models import Application, Complaint, Service, Ticket
from ..notify.subscriptions import drop, from_link_token
from .engine import Reply, Turn
from .answers import find_services
from .flows_common import (
    chat_subscriptions, clean, external, follow, follows, is_no, is_yes, keep,
    leave, numbered, out_of_range, pick, remember_ticket, service_label, service_ref,
    ticket_block, wants_leave,
)

TRACK = re.compile(r"^(lacak berkas|cek berkas|status berkas|track application|lacak|"
                   r"track)\b[\s:]*(.*)$", re.I)
COMPLAINT = re.compile(r"^(pengaduan baru|pengaduan|komplain|complain|complaint|lapor|"
                       r"aduan|mengadu|keluhan)\b[\s:,-]*(.*)$", re.I)
LINK = re.compile(r"^(/start|pantau|follow)\s+([A-Za-z0-9_-]{1,80})$", re.I)
STOP = re.compile(r"^(stop|/stop|berhenti|unsubscribe|jangan kirim lagi|berhenti "
                  r"berlangganan)$", re.I)
MIN_COMPLAINT = 10


def _phrase(text: str) -> str:
    return " ".join(clean(text).casefold().strip(" .!?").split())


def wants_track(text: str) -> bool:
    return bool(TRACK.match(clean(text)))


def wants_complaint(text: str) -> bool:
    return bool(COMPLAINT.match(clean(text)))


def wants_link(text: str) -> bool:
    return bool(LINK.match(clean(text)))


def wants_stop(text: str) -> bool:
    return bool(STOP.match(_phrase(text)))


# --- an application (or complaint) by its code ------------------------------------------------

def begin_track(turn: Turn, text: str) -> Reply:
    match = TRACK.match(clean(text))
    code = match.group(2).strip() if match else ""
    if not code:
        keep(turn, flow="track", step="code")
        return Reply(_("Tulis kode berkas dari tanda terima Anda, misalnya K7M2-QX9P-RA."))
    return _look_up(turn, code)


def track_step(turn: Turn, text: str) -> Reply:
    if wants_leave(text):
        return leave(turn)
    if turn.state.get("step") == "follow":
        return _follow_step(turn, text)
    return _look_up(turn, clean(text))


def _look_up(turn: Turn, typed: str) -> Reply:
    code = code_from_scan(typed[:300])
    application = get_application(code) if re.fullmatch(r"[0-9A-Z]{4,16}", code) else None
    if application is not None:
        return _application_reply(turn, application)
    complaint = get_complaint(code) if code else None
    if complaint is not None:
        return _complaint_reply(turn, complaint)
    if re.fullmatch(r"[0-9A-Z]{4,16}", code):
        keep(turn, flow="track", step="code")  # a mistyped code: the next message retries
        return Reply(_("Berkas dengan kode %(code)s tidak ditemukan. Periksa lagi kode pada "
                       "tanda terima Anda.", code=grouped(code)) + " "
                     + _("Tulis kodenya lagi, atau \"batal\"."))
    keep(turn)
    return Reply(_("Kode berkas tidak dikenali. Tulis kode pada tanda terima Anda, misalnya "
                   "K7M2-QX9P-RA.") + " " + _("Ketik \"lacak\" lalu kodenya."))


def application_lines(application: Application, turn: Turn) -> list[str]:
    today = site_today(application.site, turn.now)
    return [_("Berkas %(code)s · %(service)s", code=grouped(application.code),
              service=service_label(application.service)),
            str(APPLICATION_STATUSES[application.status]),
            progress(application, today).sentence,
            application_url(application)]


def complaint_lines(complaint: Complaint) -> list[str]:
    return [_("Pengaduan %(code)s", code=grouped(complaint.code)),
            str(COMPLAINT_STATUSES[complaint.status]),
            external("feedback.complaint", code=complaint.code)]


def _offer_follow(turn: Turn, kind: str, target_id: int, lines: list[str]) -> Reply:
    if not follows(turn):
        keep(turn)
        return Reply("\n".join(lines))
    if any(getattr(s, {"a": "application_id", "c": "complaint_id"}[kind]) == target_id
           for s in chat_subscriptions(turn)):
        keep(turn)
        return Reply("\n".join(lines) + "\n\n" + _("Anda sudah menerima kabarnya di sini."))
    keep(turn, flow="track", step="follow", kind=kind, id=target_id)
    return Reply("\n".join(lines) + "\n\n" + _("Mau dikabari di sini saat statusnya berubah?")
                 + "\n" + numbered([_("Ya"), _("Tidak")]), choices=[_("Ya"), _("Tidak")])


def _application_reply(turn: Turn, application: Application) -> Reply:
    return _offer_follow(turn, "a", application.id, application_lines(application, turn))


def _complaint_reply(turn: Turn, complaint: Complaint) -> Reply:
    return _offer_follow(turn, "c", complaint.id, complaint_lines(complaint))


def _follow_step(turn: Turn, text: str) -> Reply | None:
    kind, target_id = turn.state.get("kind"), turn.state.get("id")
    model = {"a": Application, "c": Complaint}.get(kind)  # type: ignore[call-overload]
    if is_yes(text) and model is not None and isinstance(target_id, int):
        target = db.session.get(model, target_id)
        keep(turn)
        if target is None:
            return leave(turn)
        follow(turn, target)
        return Reply(_("Baik, kabar berikutnya kami kirim di sini. Ketik \"stop\" untuk "
                       "berhenti."))
    keep(turn)
    if is_no(text):
        return Reply(_("Baik. Ketik \"menu\" untuk pilihan lain."))
    return None  # something else: answered as a new message


# --- complaint --------------------------------------------------------------------------------

def begin_complaint(turn: Turn, text: str) -> Reply:
    match = COMPLAINT.match(clean(text))
    body = match.group(2).strip() if match else ""
    if len(body) >= MIN_COMPLAINT:
        return _ask_service(turn, body)
    keep(turn, flow="complaint", step="body")
    contact = _("Jawaban akan kami kirim di sini.") if follows(turn) else _(
        "Anda akan mendapat kode untuk melihat jawabannya.")
    return Reply(_("Tuliskan pengaduan Anda (paling sedikit 10 karakter).") + " " + contact
                 + " " + _("Ketik \"batal\" untuk tidak jadi."))


def complaint_step(turn: Turn, text: str) -> Reply:
    if wants_leave(text):
        return leave(turn)
    state = turn.state
    body = state.get("body") if isinstance(state.get("body"), str) else ""
    current = state.get("step")
    if current == "body":
        body = clean(text)
        if len(body) < MIN_COMPLAINT:
            return Reply(_("Tuliskan pengaduan Anda (paling sedikit 10 karakter)."))
        if len(body) > 4000:
            return Reply(_("Pengaduan terlalu panjang (maksimal 4.000 karakter)."))
        return _ask_service(turn, body)
    if current == "service":
        if clean(text) in ("0", "-") or is_no(text):
            return _file(turn, body, None)
        found = find_services(turn.site, clean(text)[:200], limit=3) if turn.site else []
        if len(found) == 1:
            return _file(turn, body, found[0])
        if not found:
            return Reply(_("Layanan itu tidak ditemukan. Tulis nama lain, atau 0 jika pengaduan "
                           "tidak tentang satu layanan."))
        names = [service_label(s) for s in found]
        keep(turn, flow="complaint", step="service_pick", body=body,
             services=[s.slug for s in found])
        return Reply(_("Layanan yang mana? Balas dengan angkanya:") + "\n"
                     + numbered(names) + "\n" + _("0. Tidak tentang satu layanan"),
                     choices=names)
    if current == "service_pick":
        if clean(text) == "0":
            return _file(turn, body, None)
        slugs = [s for s in state.get("services", []) if isinstance(s, str)]
        index = pick(text, len(slugs))
        if index is None or turn.site is None:
            return Reply(out_of_range(len(slugs)))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=turn.site.id,
                                                                 slug=slugs[index]))
        return _file(turn, body, service)
    return leave(turn)


def _ask_service(turn: Turn, body: str) -> Reply:
    keep(turn, flow="complaint", step="service", body=body[:4000])
    return Reply(_("Pengaduan ini tentang layanan apa? Tulis nama layanannya, atau 0 jika tidak "
                   "tentang satu layanan."))


def _file(turn: Turn, body: str, service: Service | None) -> Reply:
    keep(turn)
    if turn.site is None:
        return leave(turn)
    db.session.commit()  # the conversation so far: a clash of codes rolls back the complaint alone
    try:
        complaint = file_complaint(ComplaintRequest(site=turn.site, body=body, service=service,
                                                    now=turn.now))
    except ComplaintError as refusal:
        message = next(iter(refusal.fields.values()), refusal.message)
        keep(turn, flow="complaint", step="body")
        return Reply(str(message))
    if follows(turn):
        follow(turn, complaint)
        after = _("Jawaban petugas akan kami kirim di sini.")
    else:
        after = _("Buka tautan itu untuk melihat jawabannya.")
    return Reply(_("Pengaduan Anda sudah kami terima. Simpan kode pelacakan %(code)s.",
                   code=complaint.code) + "\n"
                 + external("feedback.complaint", code=complaint.code) + "\n" + after,
                 services=[service_ref(service)] if service else [])


# --- link tokens and stop ---------------------------------------------------------------------

def link(turn: Turn, text: str) -> Reply:
    keep(turn)
    match = LINK.match(clean(text))
    target = from_link_token(match.group(2)) if match else None
    if target is None:
        return Reply(_("Tautan ini tidak sah atau sudah tidak berlaku. Buka lagi halaman tiket "
                       "atau berkas Anda, atau ketik \"menu\"."))
    if follows(turn, target.site):
        follow(turn, target)
        if turn.conversation.site_id is None:
            turn.conversation.site_id = target.site_id
        intro = _("Tersambung. Kabar berikutnya kami kirim di sini; ketik \"stop\" untuk "
                  "berhenti.")
    elif turn.channel == "web":
        intro = _("Pemberitahuan lewat chat hanya bisa di WhatsApp atau Telegram.")
    else:
        intro = _("Pemberitahuan lewat chat ini belum aktif di MPP ini. Lihat statusnya di "
                  "tautan berikut.")
    if isinstance(target, Ticket):
        remember_ticket(turn, target)
        lines = [ticket_block(target, turn)]
    elif isinstance(target, Application):
        lines = application_lines(target, turn)
    else:
        lines = complaint_lines(target)
    return Reply(intro + "\n\n" + "\n".join(lines))


def linked_site_id(text: str) -> int | None:
    match = LINK.match(clean(text))
    target = from_link_token(match.group(2)) if match else None
    return target.site_id if target is not None else None


def begin_stop(turn: Turn) -> Reply:
    count = len(chat_subscriptions(turn))
    if not count:
        keep(turn)
        return Reply(_("Tidak ada pemberitahuan yang aktif untuk chat ini."))
    keep(turn, flow="stop", step="confirm")
    labels = [_("Ya, berhenti"), _("Tidak")]
    return Reply(_("Berhenti menerima semua pemberitahuan (%(count)s) di chat ini?", count=count)
                 + "\n" + numbered(labels), choices=labels)


def stop_step(turn: Turn, text: str) -> Reply:
    keep(turn)
    if not is_yes(text):
        return Reply(_("Baik, pemberitahuan tetap aktif."))
    subscriptions = chat_subscriptions(turn)
    for subscription in subscriptions:
        drop(subscription, "unsubscribed")
    return Reply(_("Selesai: Anda tidak akan menerima pemberitahuan lagi di chat ini. Nomor "
                   "antrean dan berkas tetap berlaku; lihat halamannya kapan saja."))
