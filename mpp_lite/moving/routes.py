"""Moving a ticket to another day (citizen), returning an absent ticket (officer), declaring
closures and no-show rules (manager). Thin views over queue/moving.py, closures.py, no_show.py."""
from __future__ import annotations

import re
from functools import partial

import sqlalchemy as sa
from flask import abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..dates import parse_day, site_today, stored_local
from ..extensions import db
from ..models import Counter, Service, ServiceWindow, TicketEvent, service_counter
from ..queue import calling, closures, no_show
from ..queue.booking import BookingError
from ..queue.moving import MoveError, check_target, move_ticket, moves_of
from ..queue.presenters import day_choices
from ..queue.tickets import get_ticket
from ..staff.services import current_staff, register_tool, roles_required
from ..web.edge import parse_id
from . import bp
from .forms import ClosureForm, EmptyForm, MoveForm, NoShowRuleForm



def _ticket_moves(ticket):
    return moves_of(ticket)


def _no_show_deadline(ticket):
    return no_show.return_deadline(ticket, current_app.config)


def _closure_cancel_reason(ticket):
    """Why a ticket was cancelled by a declared closure (queue/closures.py), if it was."""
    if ticket.status != "cancelled":
        return None
    note = db.session.scalar(sa.select(TicketEvent.note).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.to_status == "cancelled")
        .order_by(TicketEvent.id.desc()).limit(1)) or ""
    return note.removeprefix(closures.NOTE_PREFIX) if note.startswith(closures.NOTE_PREFIX) \
        else None


bp.add_app_template_global(_ticket_moves, "ticket_moves")
bp.add_app_template_global(_closure_cancel_reason, "closure_cancel_reason")
bp.add_app_template_global(_no_show_deadline, "no_show_deadline")
register_tool("moving.closures_page", _l("Penutupan MPP atau gerai"), "admin")
register_tool("moving.no_show_rules", _l("Aturan tidak hadir"), "admin")
register_tool("moving.returnable", _l("Tiket tidak hadir (boleh kembali)"),
              *calling.CONSOLE_ROLES)


def _horizon() -> int:
    return current_app.config["QUEUE_BOOKING_DAYS_AHEAD"]


def _private(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# --- citizens: move a ticket to another day or time ------------------------------------------

@bp.route("/tiket/<code>/pindah", methods=["GET", "POST"])
def move(code: str):
    """Move a waiting ticket to another day or time window, after a confirmation."""
    ticket = get_ticket(code)
    if ticket is None:
        return render_template("queue/not_found.html"), 404
    if ticket.status != "waiting":
        flash(_("Hanya tiket yang masih menunggu yang bisa dipindah."), "error")
        return redirect(url_for("queue.ticket", code=code), code=303)
    site, service = ticket.site, ticket.service
    windows = list(db.session.scalars(db.select(ServiceWindow).filter_by(
        service_id=service.id).order_by(ServiceWindow.starts)))
    form = MoveForm()
    form.day.choices = day_choices(site, service)
    form.window.choices = [(str(w.id), w.label()) for w in windows]
    error = None
    confirming = False
    status = 200
    if form.validate_on_submit():
        day = parse_day(form.day.data)
        window_id = parse_id(form.window.data) if windows else None
        try:
            if day is None:
                raise MoveError("day", _l("Pilih tanggal."), "day")
            if form.confirm.data == "1":
                staff = current_staff() if current_user.is_authenticated else None
                move_ticket(ticket, day, window_id, kind="staff" if staff else "citizen",
                            staff=staff, horizon_days=_horizon())
                db.session.commit()
                flash(_("Tiket dipindah. Nomor baru Anda: %(number)s. Tautan tiket tetap "
                        "sama.", number=ticket.number), "ok")
                return redirect(url_for("queue.ticket", code=code), code=303)
            check_target(ticket, day, window_id, horizon_days=_horizon())
            if day == ticket.day and window_id == ticket.window_id:
                raise MoveError("same_slot", _l("Tiket sudah pada tanggal dan jam itu. Pilih "
                                                "tanggal atau jam lain."), "day")
            confirming = True
        except (MoveError, BookingError) as refusal:
            db.session.rollback()
            error = str(refusal.message)
            if refusal.field in ("day", "window"):
                getattr(form, refusal.field).errors = [error]
            status = 422
    elif form.is_submitted():
        error, status = _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), 400
    else:
        form.day.data = ticket.day.isoformat()
        form.window.data = str(ticket.window_id or "")
    chosen_window = next((w for w in windows if str(w.id) == form.window.data), None)
    return _private(render_template(
        "moving/move.html", ticket=ticket, site=site, service=service, form=form,
        windows=windows, error=error, confirming=confirming, chosen_window=chosen_window,
        chosen_day=parse_day(form.day.data), has_errors=bool(error))), status


# --- officers: an absent visitor came back in time ---------------------------------------------

def _absent_ticket(code: str):
    ticket = get_ticket(code)
    if ticket is None:
        abort(404)
    if not calling.may_act_on_ticket(ticket, current_staff()):
        abort(403)
    return ticket


@bp.route("/petugas/tiket/<code>/kembali-antre", methods=["POST"])
@roles_required(*calling.CONSOLE_ROLES)
def return_to_line(code: str):
    """Put an absent ticket back at the end of today's line (once, within the grace time)."""
    ticket = _absent_ticket(code)
    back = url_for("officer.ticket", code=code)
    if not EmptyForm().validate_on_submit():
        flash(_("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), "error")
        return redirect(back, code=303)
    try:
        move = no_show.return_to_line(ticket, current_staff(), current_app.config)
    except calling.CallError as refusal:
        db.session.rollback()
        if refusal.code == "forbidden":
            abort(403)
        flash(str(refusal.message), "error")
        return redirect(back, code=303)
    db.session.commit()
    flash(_("Tiket %(old)s kembali ke antrean dengan nomor baru %(number)s, di urutan "
            "belakang.", old=move.from_number, number=move.to_number), "ok")
    return redirect(back, code=303)


@bp.route("/petugas/tidak-hadir")
@roles_required(*calling.CONSOLE_ROLES)
def returnable():
    """Today's absent tickets of my counters' services that may still return."""
    staff = current_staff()
    counters = [c.id for c in calling.my_counters(staff)]
    services = set(db.session.scalars(sa.select(service_counter.c.service_id).where(
        service_counter.c.counter_id.in_(counters)))) if counters else set()
    rows = no_show.returnable_today(staff.site, sorted(services), current_app.config)
    return render_template("moving/returnable.html", rows=rows, site=staff.site,
                           form=EmptyForm(), local=partial(stored_local, staff.site),
                           today=site_today(staff.site))


# --- managers: declared closures -------------------------------------------------------------

def _counter_choices(site_id: int) -> list[Counter]:
    return calling.counter_choices(site_id)


@bp.route("/kelola/penutupan", methods=["GET", "POST"])
@roles_required("admin")
def closures_page():
    """Declare the MPP or a counter closed on a day; that day's tickets are moved."""
    staff = current_staff()
    site = staff.site
    today = site_today(site)
    counters = _counter_choices(site.id)
    form = ClosureForm()
    form.counter.choices = [("", _("Seluruh MPP"))] + [
        (str(c.id), f"{c.label} ({c.agency.display_name()})") for c in counters]
    error = None
    preview = None
    status = 200
    if form.validate_on_submit():
        day = parse_day(form.day.data)
        counter = next((c for c in counters if str(c.id) == form.counter.data), None)
        if form.counter.data and counter is None:
            error = _("Gerai tidak dikenal.")
        elif form.confirm.data == "1":
            try:
                outcome = closures.declare(staff, site, day, counter, form.reason.data or "",
                                           horizon_days=_horizon(), today=today)
            except closures.ClosureError as refusal:
                db.session.rollback()
                error = str(refusal.message)
            else:
                db.session.commit()
                # A booking that passed its day check before the closure was committed may
                # have been made meanwhile: once the closure is visible to everyone, move
                # what is left on that day too.
                late = closures.move_affected(staff, site, day, counter, form.reason.data or "",
                                              horizon_days=_horizon())
                db.session.commit()
                outcome.moved += late.moved
                outcome.cancelled += late.cancelled
                flash(_("Penutupan dicatat. %(moved)s tiket dipindah ke hari lain, "
                        "%(cancelled)s tiket dibatalkan karena tidak ada hari dengan kuota.",
                        moved=len(outcome.moved), cancelled=len(outcome.cancelled)), "ok")
                return redirect(url_for(".closures_page"), code=303)
        else:
            try:
                closures._validate(site, day, counter, form.reason.data or "", today)
            except closures.ClosureError as refusal:
                error = str(refusal.message)
            else:
                assert day is not None
                preview = {"day": day, "counter": counter,
                           "services": closures.closed_services(site, day, counter),
                           "tickets": len(closures.affected_tickets(site, day, counter))}
        if error:
            status = 422
    elif form.is_submitted():
        error, status = _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), 400
    return render_template("moving/closures.html", form=form, site=site, error=error,
                           preview=preview, upcoming=closures.upcoming(site, today),
                           has_errors=bool(error)), status


# --- managers: no-show rules -----------------------------------------------------------------

def _number(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{1,6}", text):  # not str.isdigit(): "²" is a digit to it
        raise ValueError(_("Isi angka bulat, misalnya 3."))
    return int(text)


@bp.route("/kelola/tidak-hadir", methods=["GET", "POST"])
@roles_required("admin")
def no_show_rules():
    """After how many calls a ticket is absent, and how long it may still return."""
    site = current_staff().site
    services = list(db.session.scalars(db.select(Service).filter_by(site_id=site.id)
                                       .order_by(Service.name)))
    form = NoShowRuleForm()
    form.service.choices = [("", _("Seluruh MPP (bawaan)"))] + [
        (str(s.id), s.tr("name")) for s in services]
    error = None
    status = 200
    if form.validate_on_submit():
        service = next((s for s in services if str(s.id) == form.service.data), None)
        try:
            if form.service.data and service is None:
                raise ValueError(_("Layanan tidak dikenal."))
            no_show.save_rule(site, service, _number(form.after_calls.data),
                              _number(form.grace_minutes.data))
        except ValueError as refusal:
            db.session.rollback()
            error, status = str(refusal), 422
        else:
            db.session.commit()
            flash(_("Aturan tidak hadir disimpan."), "ok")
            return redirect(url_for(".no_show_rules"), code=303)
    elif form.is_submitted():
        error, status = _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."), 400
    rules = [(None, no_show.site_rule(site.id, current_app.config))]
    rules += [(s, no_show.rule_for(s, current_app.config)) for s in services]
    return render_template("moving/no_show_rules.html", form=form, site=site, error=error,
                           rules=rules, has_errors=bool(error)), status
