"""The chat's tickets: where they stand ("tiket saya"), cancelling one ("batal"), and the SKM
survey after a finished one ("survei"), with the web's rules (queue/tickets.py can_cancel and
cancel_ticket, feedback/services.py check_surveyable and submit_survey, the survey form's
questions)."""
from __future__ import annotations

import re

from flask_babel import gettext as _

from ..dates import site_today
from ..extensions import db
from ..feedback.forms import QUESTIONS
from ..feedback.ikm import ELEMENTS
from ..feedback.services import SurveyError, check_surveyable, submit_survey
from ..models import Ticket
from ..queue.tickets import can_cancel, cancel_ticket
from .engine import Reply, Turn
from .flows_common import (
    clean, conversation_tickets, is_no, is_yes, keep, leave, numbered, out_of_range, pick,
    ticket_block, ticket_headline, wants_leave,
)

STATUS = re.compile(r"^(tiket saya|tiketku|nomor saya|nomorku|nomor antrean saya|status|"
                    r"status tiket|posisi|posisi saya|cek tiket|cek antrean|cek antrian|"
                    r"my tickets?|ticket status|my number|status of my ticket)$", re.I)
CANCEL = re.compile(r"^(batal|batalkan|batalin|batalkan tiket|batal tiket|batalkan antrean|"
                    r"batalkan nomor|cancel|cancel ticket|cancel my ticket)$", re.I)
SURVEY = re.compile(r"^(survei|survey|skm|isi survei|survei kepuasan|satisfaction survey|"
                    r"isi survey)$", re.I)
MAX_SHOWN = 5


def _phrase(text: str) -> str:
    return " ".join(clean(text).casefold().strip(" .!?").split())


def wants_status(text: str) -> bool:
    return bool(STATUS.match(_phrase(text)))


def wants_cancel(text: str) -> bool:
    return bool(CANCEL.match(_phrase(text)))


def wants_survey(text: str) -> bool:
    return bool(SURVEY.match(_phrase(text)))


def _current(turn: Turn) -> list[Ticket]:
    """Active tickets for today or later, and those finished today (for the survey)."""
    result = []
    for ticket in conversation_tickets(turn):
        today = site_today(ticket.site, turn.now)
        if (ticket.is_active and ticket.day >= today) or (
                ticket.status == "done" and ticket.day == today):
            result.append(ticket)
    return result[-MAX_SHOWN:]


def _surveyable(turn: Turn) -> list[Ticket]:
    result = []
    for ticket in conversation_tickets(turn):
        try:
            check_surveyable(ticket)
        except SurveyError:
            continue
        result.append(ticket)
    return result[-MAX_SHOWN:]


def _none_reply() -> Reply:
    return Reply(_("Belum ada tiket aktif dari percakapan ini. Ketik \"antre\" untuk mengambil "
                   "nomor. Tiket yang diambil di web ada di halaman \"Tiket saya\" ponsel "
                   "Anda."))


# --- status -----------------------------------------------------------------------------------

def status(turn: Turn) -> Reply:
    keep(turn)
    tickets = _current(turn)
    if not tickets:
        return _none_reply()
    blocks = [ticket_block(t, turn) for t in tickets]
    if _surveyable(turn):
        blocks.append(_("Layanan Anda sudah selesai. Ketik \"survei\" untuk mengisi survei "
                        "kepuasan (9 pertanyaan singkat)."))
    elif any(can_cancel(t) for t in tickets):
        blocks.append(_("Ketik \"batal\" untuk membatalkan tiket."))
    return Reply("\n\n".join(blocks))


# --- cancel -----------------------------------------------------------------------------------

def begin_cancel(turn: Turn) -> Reply:
    tickets = [t for t in _current(turn) if can_cancel(t)]
    if not tickets:
        keep(turn)
        return Reply(_("Tidak ada tiket yang bisa dibatalkan: hanya tiket yang masih menunggu "
                       "bisa dibatalkan."))
    if len(tickets) == 1:
        return _confirm_cancel(turn, tickets[0])
    labels = [ticket_headline(t) for t in tickets]
    keep(turn, flow="cancel", step="pick", options=[t.code for t in tickets])
    return Reply(_("Tiket mana yang dibatalkan? Balas dengan angkanya:") + "\n"
                 + numbered(labels), choices=labels)


def _confirm_cancel(turn: Turn, ticket: Ticket) -> Reply:
    keep(turn, flow="cancel", step="confirm", code=ticket.code)
    return Reply(_("Batalkan tiket %(ticket)s?", ticket=ticket_headline(ticket)) + "\n"
                 + numbered([_("Ya, batalkan"), _("Tidak")]),
                 choices=[_("Ya, batalkan"), _("Tidak")])


def _mine(turn: Turn, code: object) -> Ticket | None:
    return next((t for t in conversation_tickets(turn) if t.code == code), None)


def cancel_step(turn: Turn, text: str) -> Reply:
    state = turn.state
    if state.get("step") == "pick":
        if wants_leave(text):
            return leave(turn)
        codes = [c for c in state.get("options", []) if isinstance(c, str)]
        index = pick(text, len(codes))
        ticket = _mine(turn, codes[index]) if index is not None else None
        if ticket is None:
            return Reply(out_of_range(len(codes)))
        return _confirm_cancel(turn, ticket)
    if is_no(text) or wants_leave(text):
        keep(turn)
        return Reply(_("Baik, tiket tidak dibatalkan."))
    if not is_yes(text):
        return Reply(_("Balas 1 untuk membatalkan, 2 jika tidak."))
    ticket = _mine(turn, state.get("code"))
    keep(turn)
    if ticket is None:
        return _none_reply()
    if not cancel_ticket(ticket, staff=None, note="citizen"):
        db.session.refresh(ticket)
        return Reply(_("Tiket %(number)s tidak bisa dibatalkan lagi (statusnya sudah berubah).",
                       number=ticket.number) + "\n" + ticket_block(ticket, turn))
    db.session.refresh(ticket)
    return Reply(_("Tiket %(number)s sudah dibatalkan. Ketik \"antre\" untuk mengambil nomor "
                   "baru.", number=ticket.number))


# --- survey -----------------------------------------------------------------------------------

def begin_survey(turn: Turn) -> Reply:
    tickets = _surveyable(turn)
    if not tickets:
        keep(turn)
        mine = conversation_tickets(turn)
        if any(t.status == "done" for t in mine):
            return Reply(_("Survei untuk tiket ini sudah diisi. Terima kasih!"))
        return Reply(_("Survei bisa diisi setelah layanan untuk tiket ini selesai.") + " "
                     + _("Ketik \"tiket saya\" untuk melihat tiket Anda."))
    if len(tickets) == 1:
        return _question(turn, tickets[0].code, [])
    labels = [ticket_headline(t) for t in tickets]
    keep(turn, flow="survey", step="pick", options=[t.code for t in tickets])
    return Reply(_("Survei untuk layanan mana? Balas dengan angkanya:") + "\n"
                 + numbered(labels), choices=labels)


def _question(turn: Turn, code: str, answers: list[int], problem: str = "") -> Reply:
    keep(turn, flow="survey", step="answer", code=code, answers=answers)
    text, options = QUESTIONS[len(answers)]
    labels = [str(o) for o in options]
    intro = _("Survei kepuasan: 9 pertanyaan, balas dengan angka 1–4. Ketik \"batal\" untuk "
              "berhenti.") + "\n\n" if not answers and not problem else ""
    return Reply(intro + (problem + "\n" if problem else "")
                 + f"{len(answers) + 1}/{ELEMENTS}. {text}\n" + numbered(labels),
                 choices=labels)


def survey_step(turn: Turn, text: str) -> Reply:
    state = turn.state
    if wants_leave(text):
        keep(turn)
        return Reply(_("Survei dihentikan, belum ada jawaban yang disimpan. Ketik \"survei\" "
                       "untuk mengulang."))
    if state.get("step") == "pick":
        codes = [c for c in state.get("options", []) if isinstance(c, str)]
        index = pick(text, len(codes))
        if index is None:
            return Reply(out_of_range(len(codes)))
        return _question(turn, codes[index], [])
    code = state.get("code")
    answers = [a for a in state.get("answers", []) if isinstance(a, int) and 1 <= a <= 4]
    if not isinstance(code, str) or len(answers) >= ELEMENTS:
        return leave(turn)
    index = pick(text, 4)
    if index is None:
        return _question(turn, code, answers, _("Balas dengan angka 1, 2, 3 atau 4."))
    answers.append(index + 1)
    if len(answers) < ELEMENTS:
        return _question(turn, code, answers)
    keep(turn)
    ticket = _mine(turn, code)
    if ticket is None:
        return _none_reply()
    db.session.commit()  # the conversation so far: a lost race rolls the survey back alone
    try:
        submit_survey(ticket, answers, now=turn.now)
    except SurveyError as error:
        return Reply(str(error.message))
    return Reply(_("Terima kasih! Jawaban survei Anda sudah kami terima dan membantu MPP "
                   "memperbaiki layanan."))
