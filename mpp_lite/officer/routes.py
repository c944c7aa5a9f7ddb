"""Officer routes: the counter console, walk-in tickets and check-in. Thin views; the rules
(who may act, who is called next) live in mpp_lite/queue/calling.py."""
from __future__ import annotations

from functools import partial
import uuid

import sqlalchemy as sa
from flask import (
    abort, current_app, flash, get_flashed_messages, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..counters.services import COUNTER_STATUS_LABELS
from ..dates import site_today, stored_local
from ..extensions import db
from ..models import Counter, Service, Ticket
from ..queue import calling, no_show
from ..queue.booking import BookingError
from ..queue.forms import show_refusal
from ..queue.presenters import CHANNEL_LABELS, ticket_qr
from ..queue.tickets import get_ticket_or_404
from ..staff.services import (
    current_staff, own_or_404, register_tool, roles_required,
)
from ..web.edge import page_number
from . import bp
from .forms import CounterStatusForm, TransferForm, WalkinForm
from .services import may_see_walkin, transfer_counters

register_tool("officer.index", _l("Konsol gerai"), *calling.CONSOLE_ROLES)
register_tool("officer.walkin", _l("Ambil tiket di tempat"), *calling.WALKIN_ROLES)

WAITING_PAGE_SIZE = 20
# URL word → (rule, success message). The messages take the ticket number.
TICKET_ACTIONS = {
    "panggil-ulang": (calling.recall, _l("Tiket %(number)s dipanggil ulang.")),
    "mulai": (calling.start_service, _l("Layanan tiket %(number)s dimulai.")),
    "selesai": (calling.finish, _l("Tiket %(number)s selesai dilayani.")),
    "tidak-hadir": (calling.mark_no_show, _l("Tiket %(number)s ditandai tidak hadir.")),
    "kembalikan": (calling.return_to_waiting, _l("Tiket %(number)s dikembalikan ke antrean.")),
}


def _has_flashed_error() -> bool:
    # Flask keeps the flashed messages for the rest of the request, so the template still
    # shows them after this look.
    return any(category == "error"
               for category, _message in get_flashed_messages(with_categories=True))


def _page_helpers(site) -> dict[str, object]:
    return {"local": partial(stored_local, site), "today": site_today(site),
            "counter_statuses": COUNTER_STATUS_LABELS, "channels": CHANNEL_LABELS}


def _counter_or_403(counter_id: int) -> Counter:
    """A counter the staff member may act on, always of their own site (so its tickets are
    found with own_or_404); 403 for any other."""
    counter = db.get_or_404(Counter, counter_id)
    if not calling.may_act_on_counter(counter, current_staff()):
        abort(403)
    return counter


def _refused(error: calling.CallError, destination: str):
    """A refusal becomes a flash message on the page the officer came from."""
    db.session.rollback()
    if error.code == "forbidden":
        abort(403)
    flash(str(error.message), "error")
    return redirect(destination, code=303)


def _back_to(counter: Counter) -> str:
    return url_for(".counter", counter_id=counter.id)


@bp.route("/")
@roles_required(*calling.CONSOLE_ROLES)
def index():
    """The officer's counters with their status, current ticket and waiting count."""
    staff = current_staff()
    rows = []
    for counter in calling.my_counters(staff):
        waiting = db.session.scalar(sa.select(sa.func.count()).select_from(
            calling.waiting_tickets(counter).subquery())) or 0
        rows.append((counter, calling.current_tickets(counter), waiting))
    return render_template("officer/index.html", rows=rows, site=staff.site,
                           **_page_helpers(staff.site))


@bp.route("/gerai/<int:counter_id>")
@roles_required(*calling.CONSOLE_ROLES)
def counter(counter_id: int):
    """One counter's console: status, the current ticket, call next, the waiting list."""
    counter_obj = _counter_or_403(counter_id)
    status_form = CounterStatusForm()
    status_form.set_choices()
    pagination = db.paginate(calling.waiting_tickets(counter_obj), page=page_number(),
                             per_page=WAITING_PAGE_SIZE, error_out=False)
    current = calling.current_tickets(counter_obj)
    return render_template(
        "officer/counter.html", counter=counter_obj, site=counter_obj.site,
        status_form=status_form, current=current, pagination=pagination,
        # Each current ticket by its own service's rule (queue/no_show.py).
        min_calls_of={t.id: no_show.calls_needed(t, current_app.config) for t in current},
        has_errors=_has_flashed_error(), **_page_helpers(counter_obj.site))


@bp.route("/gerai/<int:counter_id>/status", methods=["POST"])
@roles_required(*calling.CONSOLE_ROLES)
def counter_status(counter_id: int):
    """Open, pause or close the counter (a reason is required to pause or close)."""
    counter_obj = _counter_or_403(counter_id)
    form = CounterStatusForm()
    form.set_choices()
    if not form.validate_on_submit():
        flash(_("Pilih buka, istirahat atau tutup, dengan alasan yang jelas."), "error")
        return redirect(_back_to(counter_obj), code=303)
    reason = calling.status_reason_text(form.reason_label(), form.reason_text.data or "")
    try:
        calling.set_counter_status(counter_obj, current_staff(), form.status.data, reason)
    except calling.CallError as error:
        return _refused(error, _back_to(counter_obj))
    db.session.commit()
    flash(_("Status %(counter)s sekarang: %(status)s.", counter=counter_obj.label,
            status=COUNTER_STATUS_LABELS[counter_obj.status]), "ok")
    return redirect(_back_to(counter_obj), code=303)


@bp.route("/gerai/<int:counter_id>/panggil", methods=["POST"])
@roles_required(*calling.CONSOLE_ROLES)
def call(counter_id: int):
    """Call the next ticket to this counter."""
    counter_obj = _counter_or_403(counter_id)
    try:
        ticket = calling.call_next(counter_obj, current_staff(),
                                   streak=current_app.config["QUEUE_PRIORITY_STREAK"])
    except calling.CallError as error:
        return _refused(error, _back_to(counter_obj))
    if ticket is None:
        flash(_("Tidak ada antrean yang menunggu untuk gerai ini."), "ok")
    else:
        flash(_("Tiket %(number)s dipanggil ke %(counter)s.", number=ticket.number,
                counter=counter_obj.label), "ok")
    return redirect(_back_to(counter_obj), code=303)


@bp.route("/gerai/<int:counter_id>/tiket/<int:ticket_id>/<action>", methods=["POST"])
@roles_required(*calling.CONSOLE_ROLES)
def ticket_action(counter_id: int, ticket_id: int, action: str):
    """Recall, start, finish, mark absent or return to the queue the counter's ticket."""
    if action not in TICKET_ACTIONS:
        abort(404)
    counter_obj = _counter_or_403(counter_id)
    ticket = own_or_404(Ticket, ticket_id)
    rule, message = TICKET_ACTIONS[action]
    number = ticket.number
    try:
        if rule is calling.mark_no_show:
            rule(ticket, counter_obj, current_staff(),
                 min_calls=no_show.calls_needed(ticket, current_app.config))
        else:
            rule(ticket, counter_obj, current_staff())
    except calling.CallError as error:
        return _refused(error, _back_to(counter_obj))
    db.session.commit()
    flash(str(message % {"number": number}), "ok")
    return redirect(_back_to(counter_obj), code=303)


@bp.route("/gerai/<int:counter_id>/tiket/<int:ticket_id>/pindah", methods=["GET", "POST"])
@roles_required(*calling.CONSOLE_ROLES)
def transfer(counter_id: int, ticket_id: int):
    """Send the ticket to another service or counter, after a confirmation."""
    counter_obj = _counter_or_403(counter_id)
    ticket = own_or_404(Ticket, ticket_id)
    if ticket.counter_id != counter_obj.id or not ticket.is_active:
        flash(_("Tiket %(number)s tidak sedang di gerai ini.", number=ticket.number), "error")
        return redirect(_back_to(counter_obj), code=303)
    services = calling.service_choices(ticket.site_id)
    counters = calling.counter_choices(ticket.site_id)
    form = TransferForm()
    form.service.choices = [("", _("Tetap: %(service)s", service=ticket.service.tr("name")))] \
        + [(str(s.id), s.tr("name")) for s in services if s.id != ticket.service_id]
    form.counter.choices = [("", _("Gerai mana saja yang melayani"))] + [
        (str(c.id), f"{c.label} ({c.agency.display_name()})")
        for c in transfer_counters(ticket, counters, counter_obj)]
    target_service = target_counter = None
    if form.validate_on_submit():
        target_service = next((s for s in services if str(s.id) == form.service.data), None)
        target_counter = next((c for c in counters if str(c.id) == form.counter.data), None)
        if target_service is None and target_counter is None:
            flash(_("Pilih layanan atau gerai tujuan yang lain."), "error")
        elif form.confirm.data == "1":
            number = ticket.number
            try:
                calling.transfer(ticket, current_staff(), service=target_service,
                                 counter=target_counter)
            except calling.CallError as error:
                return _refused(error, url_for(".transfer", counter_id=counter_obj.id,
                                               ticket_id=ticket_id))
            db.session.commit()
            flash(_("Tiket %(number)s dipindahkan. Nomornya tetap.", number=number), "ok")
            return redirect(_back_to(counter_obj), code=303)
    confirming = target_service is not None or target_counter is not None
    return render_template(
        "officer/transfer.html", counter=counter_obj, ticket=ticket, site=counter_obj.site,
        form=form, confirming=confirming, target_service=target_service,
        target_counter=target_counter, has_errors=_has_flashed_error())


def _walkin_services() -> list[Service]:
    return calling.walkin_services(current_staff())


@bp.route("/ambil", methods=["GET", "POST"])
@roles_required(*calling.WALKIN_ROLES)
def walkin():
    """Issue a ticket at the MPP for a visitor (same numbering as online booking)."""
    staff = current_staff()
    services = _walkin_services()
    form = WalkinForm()
    form.set_priority_choices()
    form.service.choices = [("", _("Pilih layanan"))] + [
        (str(s.id), f"{s.tr('name')} ({s.agency.display_name()})") for s in services]
    if request.method == "GET":
        form.idempotency_key.data = uuid.uuid4().hex
        form.service.data = request.args.get("layanan", "")
    error = None
    if form.validate_on_submit():
        service = next((s for s in services if str(s.id) == form.service.data), None)
        if service is None:
            form.service.errors = [_("Pilih layanan.")]
        else:
            try:
                ticket, _created = calling.issue_walkin(
                    staff, service, name=form.name.data or "",
                    idempotency_key=form.idempotency_key.data or "",
                    secret=current_app.config["SECRET_KEY"],
                    priority=form.priority.data or None, phone=form.phone.data or "",
                    nik=form.nik.data or "")
            except calling.CallError as refusal:
                return _refused(refusal, url_for(".walkin"))
            except BookingError as refusal:
                error = show_refusal(form, refusal)
            else:
                return redirect(url_for(".walkin_ticket", code=ticket.code), code=303)
    failed = request.method == "POST"
    return render_template("officer/walkin.html", form=form, error=error, site=staff.site,
                           services=services, has_errors=failed), 422 if failed else 200


def _walkin_ticket_or_404(code: str) -> Ticket:
    """A ticket this staff member may see on the walk-in page; any other is 404, as if it
    did not exist (a 403 would confirm that the code is a real ticket)."""
    ticket = get_ticket_or_404(code)
    if not may_see_walkin(ticket, current_staff()):
        abort(404)
    return ticket


def _walkin_page(template: str, code: str):
    ticket = _walkin_ticket_or_404(code)
    return render_template(template, ticket=ticket, site=ticket.site, qr=ticket_qr(ticket),
                           **_page_helpers(ticket.site))


@bp.route("/ambil/<code>")
@roles_required(*calling.WALKIN_ROLES)
def walkin_ticket(code: str):
    """The ticket just issued: its number in large type, its QR code, and print."""
    return _walkin_page("officer/walkin_ticket.html", code)


@bp.route("/ambil/<code>/cetak")
@roles_required(*calling.WALKIN_ROLES)
def walkin_print(code: str):
    """The ticket slip alone, laid out for a receipt or A4 printer (no JavaScript needed)."""
    return _walkin_page("officer/walkin_print.html", code)


def _ticket_for_staff(code: str) -> Ticket:
    ticket = get_ticket_or_404(code)
    if not calling.may_act_on_ticket(ticket, current_staff()):
        abort(403)
    return ticket


@bp.route("/tiket/<code>")
@roles_required(*calling.CONSOLE_ROLES)
def ticket(code: str):
    """A ticket seen by an officer (from its QR code), with the check-in button."""
    ticket_obj = _ticket_for_staff(code)
    mine = {c.id for c in calling.my_counters(current_staff())}
    return render_template("officer/ticket.html", ticket=ticket_obj, site=ticket_obj.site,
                           at_my_counter=ticket_obj.counter_id in mine,
                           has_errors=_has_flashed_error(), **_page_helpers(ticket_obj.site))


@bp.route("/tiket/<code>/check-in", methods=["POST"])
@roles_required(*calling.CONSOLE_ROLES)
def check_in(code: str):
    """Record that the visitor is here."""
    ticket_obj = _ticket_for_staff(code)
    destination = url_for(".ticket", code=code)
    try:
        calling.check_in(ticket_obj, current_staff())
    except calling.CallError as error:
        return _refused(error, destination)
    db.session.commit()
    flash(_("Tiket %(number)s sudah check-in.", number=ticket_obj.number), "ok")
    return redirect(destination, code=303)
