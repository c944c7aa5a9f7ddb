"""An agency's list of applications (/kelola/berkas): what is still open, overdue first, with
filters, search and pages; and the bulk actions done in batches (40 printed KTP-el ready at
once) behind a confirmation step.

Who sees what comes from access.visible_to (an officer their agency's, the site's manager all
of the site's). The SQL "overdue" below is the twin of lifecycle.is_overdue (a test compares
them); the status changes themselves go through lifecycle.change_many.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import joinedload
from wtforms import RadioField, StringField

from .. import dates
from ..codes import grouped, normalise_code
from ..extensions import db
from ..models import (
    FINAL_APPLICATION_STATUSES, OFFICER_ROLES, OPEN_APPLICATION_STATUSES, Agency, Application,
    Service, StaffUser,
)
from ..staff.forms import ParsingForm, opts
from ..staff.services import current_staff, register_tool, roles_required
from ..web.edge import page_number, parse_id
from ..workdays import closed_days, working_days_between
from . import bp
from .access import visible_to
from .lifecycle import (
    MAX_NOTE, MAX_PLACE, PICKUP_DAYS_DEFAULT, STATUS_LABELS, TRANSITIONS, Actor, Change,
    change_many, effective_due_date, impossible_message, is_overdue, working_days_late,
)

register_tool("applications.agency_list", _l("Daftar berkas"), *OFFICER_ROLES)

# At most this many applications change in one bulk request (a day's batch of printed KTP-el
# is a few dozen; a bigger request is more likely a mistake than a batch).
MAX_BULK = 200
# What is done in batches. Pickup and rejection are one citizen at a time (desk pages).
BULK_ACTIONS = ("in_progress", "at_head_office", "ready")
MAX_QUERY = 100  # characters of the search text kept (a code is 10, a name at most 80)
# Beyond this many applications waiting for documents at once (never seen at an MPP), they
# sort by the due date they had when their clock stopped rather than a long CASE expression.
MAX_MOVED = 2000
MAX_REFUSALS_SHOWN = 10  # flashed refusals; the flash lives in the session cookie (~4 KB)
# Not finished: still worked on, or ready and waiting for the citizen (the default view).
NOT_FINAL = OPEN_APPLICATION_STATUSES + ("ready",)
# The list's own query arguments (kept by the bulk form and the pages; nothing else is).
# The search text (a code or part of a name) never goes into the address: the filter form is
# posted, the text kept in the staff member's session, and the address says only `cari=1`.
LIST_ARGS = ("status", "layanan", "instansi", "terlambat", "cari", "page")
SEARCH_KEY = "berkas_cari"

STATUS_FILTERS = {"open": _l("Belum selesai"), "all": _l("Semua status"), **STATUS_LABELS}
BULK_LABELS = {
    "in_progress": _l("Tandai sedang diproses"),
    "at_head_office": _l("Tandai dikirim ke kantor pusat instansi"),
    "ready": _l("Tandai siap diambil"),
}

assert set(FINAL_APPLICATION_STATUSES).isdisjoint(NOT_FINAL)


# --- the list ---------------------------------------------------------------------------------


@dataclass
class Filters:
    """What the list shows: status key of STATUS_FILTERS, a service and (managers) an agency,
    only the overdue ones, and the search text."""
    status: str = "open"
    service: Service | None = None
    agency: Agency | None = None
    overdue_only: bool = False
    query: str = ""

    @property
    def narrowed(self) -> bool:
        """Anything other than the default view."""
        return (self.status != "open" or self.service is not None or self.agency is not None
                or self.overdue_only or bool(self.query))


def overdue_clause(today: dt.date):
    """lifecycle.is_overdue in SQL: still being worked on with the clock running (so not
    while documents are awaited, when paused_on is set and the due date moves), and today
    past the due date. Ready, collected and closed applications are never overdue."""
    running = tuple(s for s in OPEN_APPLICATION_STATUSES if s != "needs_documents")
    return sa.and_(Application.status.in_(running), Application.due_date.is_not(None),
                   Application.due_date < today)


def search_clause(text: str):
    """The code (with or without dashes and spaces, or its beginning) or a part of the
    applicant's name, in any case; % and _ typed are plain characters."""
    text = text.strip()[:MAX_QUERY]
    name = sa.func.lower(Application.applicant_name).contains(text.lower(), autoescape=True)
    code = normalise_code(text)
    if code.isalnum():
        return sa.or_(Application.code.startswith(code, autoescape=True), name)
    return name


def applications_for(staff: StaffUser, filters: Filters, today: dt.date,
                     moved: dict[int, dt.date] | None = None):
    """The applications this account may see, filtered: overdue first, then by due date as
    it stands today (lifecycle.effective_due_date: a paused one's moves with every working
    day waited), none last, then the newest received."""
    query = visible_to(staff)
    if filters.status == "open":
        query = query.where(Application.status.in_(NOT_FINAL))
    elif filters.status in STATUS_LABELS:
        query = query.where(Application.status == filters.status)
    if filters.agency is not None and staff.role == "admin":
        query = query.where(Application.agency_id == filters.agency.id)
    if filters.service is not None:
        query = query.where(Application.service_id == filters.service.id)
    late = overdue_clause(today)
    if filters.overdue_only:
        query = query.where(late)
    if filters.query.strip():
        query = query.where(search_clause(filters.query))
    moved = paused_due_dates(staff, today) if moved is None else moved
    due = sa.case(moved, value=Application.id, else_=Application.due_date) if moved \
        else Application.due_date
    return query.options(joinedload(Application.service), joinedload(Application.agency)) \
        .order_by(sa.case((late, 0), else_=1), Application.due_date.is_(None), due,
                  Application.received_at.desc(), Application.id.desc())


def paused_due_dates(staff: StaffUser, today: dt.date) -> dict[int, dt.date]:
    """{id: due date as it stands today} of the applications this account sees that wait for
    documents: lifecycle.effective_due_date, with the site's closed days read once."""
    paused = db.session.execute(
        visible_to(staff).where(Application.status == "needs_documents",
                                Application.due_date.is_not(None))
        .with_only_columns(Application.id, Application.due_date, Application.paused_on)).all()
    if not paused or len(paused) > MAX_MOVED:
        return {}
    start = min(min(p.paused_on or today for p in paused), min(p.due_date for p in paused))
    waited_most = working_days_between(start, today)  # weekends only: an upper bound
    end = max(max(p.due_date for p in paused), today) + dt.timedelta(
        days=waited_most * 7 // 5 + 60)
    holidays = closed_days(staff.site_id, start, end)
    moved = {}
    for row in paused:
        due = effective_due_date(row, today, holidays)
        if due > end:  # closed far more than usual: ask lifecycle's own reading
            application = db.session.get(Application, row.id)
            due = effective_due_date(application, today) or row.due_date
        moved[row.id] = due
    return moved


def service_choices(staff: StaffUser, agency: Agency | None) -> list[Service]:
    """The services an account may filter by: an officer's agency's; for the manager the
    site's (or the chosen agency's)."""
    query = sa.select(Service).where(Service.site_id == staff.site_id)
    if staff.role != "admin":
        query = query.where(Service.agency_id == (staff.agency_id or -1))
    elif agency is not None:
        query = query.where(Service.agency_id == agency.id)
    return sorted(db.session.scalars(query.options(joinedload(Service.agency))),
                  key=lambda s: (str(s.agency.tr("name")).lower(), str(s.tr("name")).lower()))


def agency_choices(staff: StaffUser) -> list[Agency]:
    if staff.role != "admin":
        return []
    return sorted(db.session.scalars(sa.select(Agency).filter_by(site_id=staff.site_id)),
                  key=lambda a: str(a.tr("name")).lower())


def read_filters(staff: StaffUser, args) -> tuple[Filters, list[Agency], list[Service]]:
    """The filters of the query string; a value that is not one of the choices is ignored
    (the form then shows what the list really holds)."""
    agencies = agency_choices(staff)
    agency = next((a for a in agencies if a.slug == args.get("instansi", "")), None)
    services = service_choices(staff, agency)
    service = next((s for s in services if s.slug == args.get("layanan", "")), None)
    status = args.get("status", "open")
    return Filters(status=status if status in STATUS_FILTERS else "open", service=service,
                   agency=agency, overdue_only=args.get("terlambat") == "1",
                   query=_search_text(args)), agencies, services


def _search_text(args) -> str:
    """The search of this list view: the text posted last, while the address says `cari=1`."""
    if args.get("cari") != "1":
        return ""
    value = session.get(SEARCH_KEY, "")
    return value.strip()[:MAX_QUERY] if isinstance(value, str) else ""


def list_args(args) -> dict[str, str]:
    """The list's own arguments of a query string (never url_for's _external, _scheme...)."""
    return {key: args[key] for key in LIST_ARGS if args.get(key)}


@dataclass
class Row:
    application: Application
    due: dt.date | None      # the due date as it stands today
    overdue: bool
    late_days: int           # working days past the due date (0 when not overdue)
    paused: bool             # waiting for documents: the clock stands still


def rows_of(applications: list[Application], today: dt.date, site_id: int,
            moved: dict[int, dt.date]) -> list[Row]:
    """A row per application, "overdue" by lifecycle's rule (the SQL twin sorted them);
    `moved`: paused_due_dates."""
    late = {a.id for a in applications if is_overdue(a, today)}
    overdue_dues = [a.due_date for a in applications if a.id in late and a.due_date]
    holidays = closed_days(site_id, min(overdue_dues), today) if overdue_dues else set()
    rows = []
    for application in applications:
        paused = application.status == "needs_documents"
        overdue = application.id in late
        rows.append(Row(
            application=application,
            due=(moved.get(application.id) or effective_due_date(application, today))
            if paused else application.due_date,
            overdue=overdue, paused=paused,
            late_days=working_days_late(application, today, holidays)))
    return rows


def _list_page(form: BulkForm | None = None, ticked: set[int] | None = None,
               status_code: int = 200):
    """The list with the filters of the query string; after a refused bulk form, that form
    with its messages and the boxes still ticked (422)."""
    staff = current_staff()
    today = dates.site_today(staff.site)
    filters, agencies, services = read_filters(staff, request.args)
    moved = paused_due_dates(staff, today)
    page = db.paginate(applications_for(staff, filters, today, moved), page=page_number(),
                       per_page=int(current_app.config["APPLICATION_PAGE_SIZE"]), error_out=False)
    items = list(page.items)
    rows = rows_of(items, today, staff.site_id, moved)
    anything = page.total > 0 or db.session.scalar(
        sa.select(sa.func.count()).select_from(visible_to(staff).subquery())) > 0
    overdue_now = db.session.scalar(sa.select(sa.func.count()).select_from(
        visible_to(staff).where(overdue_clause(today)).subquery()))
    args = list_args(request.args)
    if form is None:
        form = BulkForm(formdata=None)
    form.set_choices()
    service_groups = [(group[0].agency, group) for group in (
        list(g) for _key, g in itertools.groupby(services, key=lambda s: s.agency_id))]
    return render_template(
        "applications/list.html", site=staff.site, staff=staff, page=page, rows=rows,
        filters=filters, agencies=agencies, services=services, service_groups=service_groups,
        status_filters=STATUS_FILTERS, statuses=STATUS_LABELS, grouped=grouped,
        anything=anything, overdue_now=overdue_now, args=args,
        page_link=lambda number: url_for(".agency_list", **{**args, "page": str(number)}),
        form=form, ticked=ticked or set(), select_all=request.args.get("pilih") == "semua",
        max_bulk=MAX_BULK, pickup_days=PICKUP_DAYS_DEFAULT,
        has_errors=status_code != 200), status_code


@bp.route("/kelola/berkas", methods=["GET", "POST"])
@roles_required(*OFFICER_ROLES)
def agency_list():
    """The applications of this officer's agency (the manager: of the site), open ones and
    overdue first, with filters, search, pages and the bulk action form. The filter form is
    posted (CSRF) so that a name searched for stays out of addresses and logs."""
    if request.method == "POST":
        text = request.form.get("q", "").strip()[:MAX_QUERY]
        args = {key: request.form[key] for key in ("status", "layanan", "instansi", "terlambat")
                if request.form.get(key)}
        if text:
            session[SEARCH_KEY] = text
            args["cari"] = "1"
        else:
            session.pop(SEARCH_KEY, None)
        return redirect(url_for(".agency_list", **args), code=303)
    return _list_page()


# --- bulk actions -----------------------------------------------------------------------------


class BulkForm(ParsingForm):
    """The action for the ticked applications (ids are read from the `berkas` checkboxes)."""
    action = RadioField(_l("Ubah berkas yang dipilih"), choices=[], validate_choice=False)
    pickup_place = StringField(_l("Tempat pengambilan"))
    pickup_from = StringField(_l("Bisa diambil mulai"))
    pickup_until = StringField(_l("Bisa diambil sampai"))
    note = StringField(_l("Catatan untuk pemohon (tidak wajib)"))

    def set_choices(self) -> None:
        self.action.choices = opts(BULK_LABELS.items())

    def values(self) -> dict[str, Any]:
        action = self.action.data or ""
        if action not in BULK_ACTIONS:
            self.add_error("action", _l("Pilih apa yang dilakukan pada berkas yang dipilih."))
        note = self.val_text("note")
        if len(note) > MAX_NOTE:
            self.add_error("note", _l("Paling panjang %(n)d karakter.", n=MAX_NOTE))
        values: dict[str, Any] = {"status": action, "note": note}
        if action == "ready":
            place = self.val_text("pickup_place")
            if len(place) > MAX_PLACE:
                self.add_error("pickup_place", _l("Paling panjang %(n)d karakter.", n=MAX_PLACE))
            start, until = self.val_date("pickup_from"), self.val_date("pickup_until")
            today = dates.site_today(current_staff().site)
            if start is not None and start < today:
                self.add_error("pickup_from",
                               _l("Tanggal mulai ambil tidak boleh sebelum hari ini."))
            if until is not None and until < (start or today):
                self.add_error("pickup_until",
                               _l("Batas ambil harus sesudah tanggal mulai ambil."))
            values.update(pickup_place=place, pickup_from=start, pickup_until=until)
        return values


def _chosen_ids(raw: list[str]) -> tuple[list[int], int]:
    """The distinct ids ticked, in order, and how many values were not ids at all."""
    ids, bad = [], 0
    for value in dict.fromkeys(raw):
        parsed = parse_id(value)
        if parsed is None:
            bad += 1
        elif parsed not in ids:
            ids.append(parsed)
    return ids, bad


def _items(raw: list[str]) -> tuple[dict[int, int], int]:
    """The confirmation page's "id:version" pairs (the version each application had when it
    was shown) and how many were broken."""
    pairs: dict[int, int] = {}
    bad = 0
    for value in dict.fromkeys(raw):
        raw_id, _sep, raw_version = value.partition(":")
        application_id, version = parse_id(raw_id), parse_id(raw_version)
        if application_id is None or version is None:
            bad += 1
        else:
            pairs.setdefault(application_id, version)
    return pairs, bad


def _visible(staff: StaffUser, ids: list[int]) -> dict[int, Application]:
    if not ids:
        return {}
    return {a.id: a for a in db.session.scalars(
        visible_to(staff).where(Application.id.in_(ids))
        .options(joinedload(Application.service)))}


def _too_many(count: int) -> str:
    return _("Paling banyak %(max)d berkas sekali ubah; Anda memilih %(count)d. Ubah "
             "sebagian dulu, lalu sisanya.", max=MAX_BULK, count=count)


def _not_found(count: int) -> str:
    return ngettext("%(num)d pilihan tidak ditemukan di antara berkas yang boleh Anda ubah, "
                    "jadi tidak diubah.",
                    "%(num)d pilihan tidak ditemukan di antara berkas yang boleh Anda ubah, "
                    "jadi tidak diubah.", count)


@bp.route("/kelola/berkas/ubah", methods=["POST"])
@roles_required(*OFFICER_ROLES)
def bulk():
    """Ticked applications and an action: first a confirmation page (how many and which will
    change, which cannot and why), then the change itself, each application on its own."""
    staff = current_staff()
    form = BulkForm()
    form.set_choices()
    back = url_for(".agency_list", **list_args(request.args))
    if request.form.get("step") == "apply":
        return _apply(staff, form, back)
    ids, bad = _chosen_ids(request.form.getlist("berkas"))
    if not form.validate_on_submit():  # CSRF is checked before; this is a broken form
        form.add_error("_form", _("Formulir tidak lengkap. Pilih berkasnya lagi."))
    values = form.values()
    if len(ids) > MAX_BULK:
        form.add_error("_form", _too_many(len(ids)))
    elif not ids and not form.has_errors:
        form.add_error("_form", _("Pilih dulu berkas yang akan diubah (centang di kolom "
                                  "pertama)."))
    if form.has_errors:
        return _list_page(form, set(ids[:MAX_BULK]), 422)
    found = _visible(staff, ids)
    chosen = [found[i] for i in ids if i in found]
    status = values["status"]
    today = dates.site_today(staff.site)
    start = values.get("pickup_from") or today
    until = values.get("pickup_until") or start + dt.timedelta(days=PICKUP_DAYS_DEFAULT)
    will = [a for a in chosen if status in TRANSITIONS[a.status]]
    wont = [(a, impossible_message(a.status, status)) for a in chosen
            if status not in TRANSITIONS[a.status]]
    return render_template(
        "applications/bulk_confirm.html", site=staff.site, form=form, values=values,
        status_label=STATUS_LABELS[status], will=will, wont=wont,
        missing=len(ids) - len(chosen) + bad, back=back, statuses=STATUS_LABELS,
        action_url=url_for(".bulk", **list_args(request.args)), not_found=_not_found,
        grouped=grouped, pickup_from=start, pickup_until=until)


def _apply(staff: StaffUser, form: BulkForm, back: str):
    """The confirmed change: an application changed since the confirmation page was shown is
    refused (the officer looks again), the others are changed."""
    if not form.validate_on_submit():  # CSRF is checked before; this is a broken form
        flash(_("Formulir tidak lengkap. Pilih berkasnya lagi."), "error")
        return redirect(back, code=303)
    values = form.values()
    pairs, bad = _items(request.form.getlist("item"))
    if form.has_errors:  # only a changed page could send a bad value here
        flash(" ".join(str(m) for f in form for m in f.errors) or
              " ".join(str(m) for m in form.form_errors), "error")
        return redirect(back, code=303)
    if len(pairs) > MAX_BULK:
        flash(_too_many(len(pairs)), "error")
        return redirect(back, code=303)
    if not pairs:
        flash(_("Pilih dulu berkas yang akan diubah (centang di kolom pertama)."), "error")
        return redirect(back, code=303)
    found = _visible(staff, list(pairs))
    missing = len(pairs) - len(found) + bad
    refused: list[str] = []
    current = []
    for application_id, version in pairs.items():
        application = found.get(application_id)
        if application is None:
            continue
        if application.version != version:
            refused.append(_("%(code)s: Berkas ini baru saja diubah petugas lain. Muat ulang "
                             "halaman, lalu periksa statusnya.",
                             code=grouped(application.code)))
        else:
            current.append(application)
    changed, refusals = change_many(current, Change(
        status=values["status"], note=values["note"],
        pickup_place=values.get("pickup_place", ""), pickup_from=values.get("pickup_from"),
        pickup_until=values.get("pickup_until"), actor=Actor(staff=staff)))
    db.session.commit()
    codes = {a.code: grouped(a.code) for a in current}
    refused += [_regroup(text, codes) for text in refusals]
    if changed:
        flash(ngettext("%(num)d berkas diubah menjadi \"%(status)s\".",
                       "%(num)d berkas diubah menjadi \"%(status)s\".", changed,
                       status=STATUS_LABELS[values["status"]]), "ok")
    if refused or missing:
        flash(ngettext("%(num)d berkas tidak diubah:", "%(num)d berkas tidak diubah:",
                       len(refused) + missing), "error")
        for text in refused[:MAX_REFUSALS_SHOWN]:
            flash(text, "error")
        if len(refused) > MAX_REFUSALS_SHOWN:
            flash(ngettext("... dan %(num)d lainnya (lihat statusnya di daftar).",
                           "... dan %(num)d lainnya (lihat statusnya di daftar).",
                           len(refused) - MAX_REFUSALS_SHOWN), "error")
        if missing:
            flash(_not_found(missing), "error")
    return redirect(back, code=303)


def _regroup(refusal: str, codes: dict[str, str]) -> str:
    """change_many's "CODE: message" with the code as staff read it (K7M2-QX9P-RA)."""
    code, sep, message = refusal.partition(": ")
    return f"{codes.get(code, code)}{sep}{message}"
