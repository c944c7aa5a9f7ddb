"""Managers' tools under /kelola/: dashboard, catalogue editing (site, agencies, counters,
services, requirements, steps) with preview and audit log, staff accounts. Thin views: the
rules are in editing.py, accounts.py and stats.py."""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user

from ..catalog.hours import local_now
from ..dates import as_utc, parse_day
from ..extensions import db
from ..models import (
    Agency, ClosedDate, Counter, Requirement, Service, StaffUser, Step,
)
from ..staff.services import (
    MIN_PASSWORD_LENGTH, current_staff, page_number, register_tool, roles_required,
)
from ..staff.forms import ConfirmForm
from ..web.edge import parse_id
from . import accounts, audit, bp, editing
from .editing import EditError
from .forms import (
    AVAILABILITY_LABELS, AccountEditForm, AccountForm, AgencyForm, ClosedDateForm,
    CounterForm, PasswordForm, opts, RequirementForm, ServiceForm, SiteForm, StepForm,
)

register_tool("admin.dashboard", _l("Dasbor pengelola"), "admin")
register_tool("admin.catalog", _l("Ubah katalog layanan"), "admin", "officer",
              when=editing.may_edit_catalog)
register_tool("admin.accounts_list", _l("Akun petugas"), "admin")
register_tool("admin.audit_log", _l("Catatan perubahan"), "admin")

PAGE_SIZE = 30
EDITOR_ROLES = ("admin", "officer")  # officers: only with can_edit_catalog, own agency
ENTITY_LABELS = {"site": _l("Situs"), "agency": _l("Instansi"), "counter": _l("Gerai"),
                 "service": _l("Layanan"), "staff_user": _l("Akun petugas")}
DASHBOARD_LINKS = (("feedback.staff_complaints", _l("Pengaduan")),
                   ("feedback.staff_ikm", _l("Hasil survei (IKM)")),
                   ("notices.report", _l("Laporan gerai")),
                   ("notices.announcements", _l("Pengumuman")))
ACTION_LABELS = {"create": _l("Dibuat"), "update": _l("Diubah"), "delete": _l("Dihapus")}


def _own(model: type, object_id: int) -> Any:
    """A record of the manager's own site; another site's record answers 404 (as if it did
    not exist: its existence is none of this site's business)."""
    obj = db.get_or_404(model, object_id)
    if obj.site_id != current_staff().site_id:
        abort(404)
    return obj


def _editable_service(service_id: int) -> Service:
    service = db.get_or_404(Service, service_id)
    if service.site_id != current_staff().site_id:
        abort(404)  # another site's service: do not reveal that it exists
    if not editing.may_edit_service(current_staff(), service):
        abort(403)
    return service


def _require_catalog_editor() -> None:
    if not editing.may_edit_catalog(current_staff()):
        abort(403)


def _form_page(template: str, form, **context):
    """Render a form page: 422 when the form was sent with errors (it is shown again)."""
    status = 422 if request.method == "POST" and form.has_errors else 200
    return render_template(template, form=form, has_errors=status == 422,
                           site=current_staff().site, **context), status


def _refusal(form, error: EditError) -> None:
    db.session.rollback()
    form.add_errors(error.errors)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    def local(value: dt.datetime | None) -> str:
        if value is None:
            return ""
        here = local_now(current_staff().site.timezone, as_utc(value))
        return here.strftime("%Y-%m-%d %H.%M")
    return {"local": local, "entity_labels": ENTITY_LABELS, "action_labels": ACTION_LABELS,
            "availability_labels": AVAILABILITY_LABELS, "min_password": MIN_PASSWORD_LENGTH}


# --- dashboard -------------------------------------------------------------------------------

@bp.route("/kelola/")
@roles_required("admin")
def dashboard():
    """The manager's day at a glance: tickets, waiting, wait and service times, closed
    counters, IKM this month, open complaints."""
    from . import stats

    site = current_staff().site
    # Other managers' pages (complaints, IKM, counter report) when those blueprints have them.
    links = [(endpoint, label) for endpoint, label in DASHBOARD_LINKS
             if endpoint in current_app.view_functions]
    return render_template("admin/dashboard.html", site=site, figures=stats.dashboard(site),
                           extra_links=links)


# --- catalogue hub ---------------------------------------------------------------------------

@bp.route("/kelola/katalog")
@roles_required(*EDITOR_ROLES)
def catalog():
    """What this account may edit: the site, agencies, counters and services."""
    _require_catalog_editor()
    return render_template("admin/catalog.html", site=current_staff().site)


@bp.route("/kelola/situs", methods=["GET", "POST"])
@roles_required("admin")
def site_edit():
    """The site's name, address, contact, weekly hours and holidays."""
    site = current_staff().site
    form = SiteForm(obj=site if request.method == "GET" else None)
    if request.method == "GET":
        form.facilities.data = "\n".join(site.facilities or [])
        form.fill_hours(editing.hours_text(site.hours))
    if form.validate_on_submit():
        hours, errors = editing.parse_hours(form.hours_texts())
        form.add_errors(errors)
        if not errors:
            try:
                editing.update_site(current_staff(), site, form.values(), hours)
            except EditError as error:
                _refusal(form, error)
            else:
                db.session.commit()
                flash(_("Data MPP disimpan."))
                return redirect(url_for(".site_edit"), code=303)
    return _form_page("admin/site.html", form, closed_form=ClosedDateForm(formdata=None),
                      closed_dates=_closed_dates(site))


def _closed_dates(site) -> list[ClosedDate]:
    today = editing.site_today(site)
    return [c for c in site.closed_dates if c.date >= today - dt.timedelta(days=31)]


@bp.route("/kelola/situs/libur", methods=["POST"])
@roles_required("admin")
def closed_date_add():
    """Add a holiday or other day the whole site is closed."""
    site = current_staff().site
    form = ClosedDateForm()
    if form.validate_on_submit():
        day = form.val_date("day")
        if not form.has_errors:
            try:
                editing.add_closed_date(current_staff(), site, day, form.val_text("reason"))
            except EditError as error:
                _refusal(form, error)
            else:
                db.session.commit()
                flash(_("Hari libur ditambahkan."))
                return redirect(url_for(".site_edit") + "#libur", code=303)
    else:
        form.add_error("day", _("Formulir kedaluwarsa; kirim ulang."))
    site_form = SiteForm(formdata=None, obj=site)
    site_form.facilities.data = "\n".join(site.facilities or [])
    site_form.fill_hours(editing.hours_text(site.hours))
    return render_template("admin/site.html", form=site_form, closed_form=form, has_errors=True,
                           closed_dates=_closed_dates(site), site=site), 422


@bp.route("/kelola/situs/libur/<int:closed_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def closed_date_delete(closed_id: int):
    """Remove a holiday (after confirmation)."""
    row = _own(ClosedDate, closed_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        editing.delete_closed_date(current_staff(), current_staff().site, row)
        db.session.commit()
        flash(_("Hari libur dihapus."))
        return redirect(url_for(".site_edit") + "#libur", code=303)
    return render_template("admin/confirm.html", form=form, site=current_staff().site,
                           title=_("Hapus hari libur?"),
                           message=_("Hapus %(date)s (%(reason)s) dari daftar hari libur?",
                                     date=row.date.isoformat(), reason=row.reason or "-"),
                           back=url_for(".site_edit"))


# --- agencies --------------------------------------------------------------------------------

@bp.route("/kelola/instansi")
@roles_required("admin")
def agencies():
    """The site's agencies."""
    pagination = db.paginate(sa.select(Agency).filter_by(site_id=current_staff().site_id)
                             .order_by(Agency.name), page=page_number(), per_page=PAGE_SIZE,
                             error_out=False)
    return render_template("admin/agencies.html", pagination=pagination, site=current_staff().site)


@bp.route("/kelola/instansi/baru", methods=["GET", "POST"])
@bp.route("/kelola/instansi/<int:agency_id>", methods=["GET", "POST"])
@roles_required("admin")
def agency_edit(agency_id: int | None = None):
    """Add or edit an agency."""
    agency = _own(Agency, agency_id) if agency_id else None
    form = AgencyForm(obj=agency if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            editing.save_agency(current_staff(), current_staff().site, agency, form.values())
        except EditError as error:
            _refusal(form, error)
        else:
            db.session.commit()
            flash(_("Instansi disimpan."))
            return redirect(url_for(".agencies"), code=303)
    return _form_page("admin/agency.html", form, agency=agency)


@bp.route("/kelola/instansi/<int:agency_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def agency_delete(agency_id: int):
    """Delete an agency that has no services or counters (after confirmation)."""
    agency = _own(Agency, agency_id)
    return _confirm_delete(
        lambda: editing.delete_agency(current_staff(), agency), _("Hapus instansi?"),
        _("Hapus instansi %(name)s?", name=agency.name), url_for(".agencies"),
        _("Instansi dihapus."))


def _confirm_delete(action, title: str, message: str, back: str, done: str):
    form = ConfirmForm()
    error = None
    if form.validate_on_submit():
        try:
            action()
        except EditError as refused:
            db.session.rollback()
            error = " ".join(m for ms in refused.errors.values() for m in ms)
        else:
            db.session.commit()
            flash(done)
            return redirect(back, code=303)
    return render_template("admin/confirm.html", form=form, title=title, message=message,
                           back=back, error=error, has_errors=bool(error),
                           site=current_staff().site), (422 if error else 200)


# --- counters --------------------------------------------------------------------------------

@bp.route("/kelola/gerai")
@roles_required("admin")
def counters():
    """The site's counters with their weekly schedule."""
    pagination = db.paginate(sa.select(Counter).filter_by(site_id=current_staff().site_id)
                             .order_by(Counter.position), page=page_number(),
                             per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/counters.html", pagination=pagination, site=current_staff().site,
                           hours_text=editing.hours_text)


def _agency_choices(blank: bool = True) -> list[Any]:
    rows = db.session.scalars(sa.select(Agency).filter_by(site_id=current_staff().site_id)
                              .order_by(Agency.name))
    return opts(([("", _("Pilih instansi"))] if blank else []) + [(a.id, a.name) for a in rows])


@bp.route("/kelola/gerai/baru", methods=["GET", "POST"])
@bp.route("/kelola/gerai/<int:counter_id>", methods=["GET", "POST"])
@roles_required("admin")
def counter_edit(counter_id: int | None = None):
    """Add or edit a counter and its weekly schedule."""
    counter = _own(Counter, counter_id) if counter_id else None
    form = CounterForm(obj=counter if request.method == "GET" else None)
    form.agency.choices = _agency_choices()
    if request.method == "GET" and counter:
        form.agency.data = str(counter.agency_id)
        form.fill_hours(editing.hours_text(counter.schedule))
    if form.validate_on_submit():
        schedule, errors = editing.parse_hours(form.hours_texts())
        form.add_errors(errors)
        if not errors:
            try:
                editing.save_counter(current_staff(), current_staff().site, counter, form.values(), schedule)
            except EditError as error:
                _refusal(form, error)
            else:
                db.session.commit()
                flash(_("Gerai disimpan."))
                return redirect(url_for(".counters"), code=303)
    return _form_page("admin/counter.html", form, counter=counter)


@bp.route("/kelola/gerai/<int:counter_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def counter_delete(counter_id: int):
    """Delete a counter without status history (after confirmation)."""
    counter = _own(Counter, counter_id)
    return _confirm_delete(
        lambda: editing.delete_counter(current_staff(), counter), _("Hapus gerai?"),
        _("Hapus %(label)s?", label=counter.label), url_for(".counters"), _("Gerai dihapus."))


# --- services --------------------------------------------------------------------------------

@bp.route("/kelola/layanan")
@roles_required(*EDITOR_ROLES)
def services():
    """The services this account may edit (all of the site for managers)."""
    _require_catalog_editor()
    pagination = db.paginate(editing.editable_services(current_staff()), page=page_number(),
                             per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/services.html", pagination=pagination, site=current_staff().site)


class PreviewService:
    """The unsaved form values dressed as a service for the citizen page's components."""

    def __init__(self, site, service: Service | None, agency: Agency, counters: list[Counter],
                 data: dict[str, Any]):
        self.site, self.agency = site, agency
        self.translations = dict(service.translations) if service else {}
        self.requirements = list(service.requirements) if service else []
        self.steps = list(service.steps) if service else []
        self.last_reviewed = service.last_reviewed if service else None
        self._counters = counters
        old_texts = editing.text_values(service, editing.rules.SERVICE_TEXT)
        editing.apply_service_fields(self, data, agency, counters)
        editing.drop_stale_translations(self, old_texts, editing.rules.SERVICE_TEXT)

    # The same derived facts as a saved service (fee headline, bookable, outside the MPP).
    fee_headline = Service.fee_headline
    bookable = Service.bookable
    is_outside = Service.is_outside

    @property
    def counters(self) -> list[Counter]:
        return self._counters

    @counters.setter
    def counters(self, value: list[Counter]) -> None:
        self._counters = value

    def tr(self, field: str) -> Any:
        from ..i18n import current_language

        value = (self.translations or {}).get(current_language(), {}).get(field)
        return getattr(self, field) if value in (None, "", []) else value


def _service_form(service: Service | None) -> ServiceForm:
    form = ServiceForm(obj=service if request.method == "GET" else None)
    staff = current_staff()
    form.agency.choices = _agency_choices()
    if staff.role != "admin":
        form.agency.choices = [c for c in form.agency.choices if c.value == str(staff.agency_id)]
    form.counters.choices = opts((c.id, f"{c.label} ({c.agency.display_name()})")
                                 for c in db.session.scalars(
                                     sa.select(Counter).filter_by(site_id=staff.site_id)
                                     .order_by(Counter.position)))
    if request.method == "GET":
        if service:
            form.agency.data = str(service.agency_id)
            form.counters.data = [str(c.id) for c in service.counters]
            form.fee_free.data = "1" if service.fee_free else "0"
            form.fee_amount.data = str(service.fee_amount) if service.fee_amount is not None \
                else ""
            form.daily_quota.data = str(service.daily_quota) if service.daily_quota else ""
            form.keywords.data = ", ".join(service.keywords or [])
            form.reviewed.data = False
        elif staff.role != "admin":
            form.agency.data = str(staff.agency_id)
    return form


@bp.route("/kelola/layanan/baru", methods=["GET", "POST"])
@bp.route("/kelola/layanan/<int:service_id>", methods=["GET", "POST"])
@roles_required(*EDITOR_ROLES)
def service_edit(service_id: int | None = None):
    """Add or edit a service; "Pratinjau" shows it as citizens will see it, unsaved."""
    _require_catalog_editor()
    staff = current_staff()
    if service_id is None and staff.role != "admin":
        abort(403)  # officers edit their agency's services; managers add new ones
    service = _editable_service(service_id) if service_id else None
    form = _service_form(service)
    preview = None
    if form.validate_on_submit():
        data = form.values()
        if staff.role != "admin":
            data["agency"] = staff.agency_id
        if request.form.get("action") == "preview":
            agency, counters_, errors = editing.validate_service(staff.site, service, data,
                                                                 new=service is None)
            form.add_errors(errors)
            if not form.has_errors:
                preview = PreviewService(staff.site, service, agency, counters_, data)
        elif not form.has_errors:
            try:
                saved = editing.save_service(staff, staff.site, service, data,
                                             reviewed=bool(form.reviewed.data))
            except EditError as error:
                _refusal(form, error)
            else:
                db.session.commit()
                flash(_("Layanan disimpan."))
                return redirect(url_for(".service_edit", service_id=saved.id), code=303)
    return _form_page("admin/service.html", form, service=service, preview=preview,
                      today=editing.site_today(staff.site))


@bp.route("/kelola/layanan/<int:service_id>/ditinjau", methods=["POST"])
@roles_required(*EDITOR_ROLES)
def service_reviewed(service_id: int):
    """Stamp "last reviewed" with the site's local today."""
    service = _editable_service(service_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        editing.mark_reviewed(current_staff(), service)
        db.session.commit()
        flash(_("Layanan ditandai sudah ditinjau hari ini (%(date)s).",
                date=service.last_reviewed.isoformat()))
    else:
        flash(_("Formulir kedaluwarsa; coba lagi."), "error")
    return redirect(url_for(".service_edit", service_id=service.id), code=303)


@bp.route("/kelola/layanan/<int:service_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def service_delete(service_id: int):
    """Delete a service that has no tickets (after confirmation)."""
    service = _own(Service, service_id)
    return _confirm_delete(
        lambda: editing.delete_service(current_staff(), service), _("Hapus layanan?"),
        _("Hapus layanan %(name)s beserta persyaratan dan langkahnya?", name=service.name),
        url_for(".services"), _("Layanan dihapus."))


# --- requirements and steps ------------------------------------------------------------------

ITEM_KINDS = {"persyaratan": ("requirement", Requirement, RequirementForm),
              "langkah": ("step", Step, StepForm)}


def _item(service: Service, kind_word: str, item_id: int | None):
    if kind_word not in ITEM_KINDS:
        abort(404)
    kind, model, form_class = ITEM_KINDS[kind_word]
    item = None
    if item_id is not None:
        item = db.get_or_404(model, item_id)
        if item.service_id != service.id:
            abort(404)
    return kind, item, form_class


@bp.route("/kelola/layanan/<int:service_id>/<kind_word>/baru", methods=["GET", "POST"])
@bp.route("/kelola/layanan/<int:service_id>/<kind_word>/<int:item_id>", methods=["GET", "POST"])
@roles_required(*EDITOR_ROLES)
def item_edit(service_id: int, kind_word: str, item_id: int | None = None):
    """Add or edit a requirement or a step of a service."""
    service = _editable_service(service_id)
    kind, item, form_class = _item(service, kind_word, item_id)
    form = form_class(obj=item if request.method == "GET" else None)
    if request.method == "GET" and item is not None:
        form.group.data = str(item.alt_group) if item.alt_group else ""
        if kind == "requirement":
            form.quantity.data = str(item.quantity)
    if form.validate_on_submit():
        data = form.values()
        if not form.has_errors:
            try:
                editing.save_item(current_staff(), service, kind, item, data)
            except EditError as error:
                _refusal(form, error)
            else:
                db.session.commit()
                flash(_("Persyaratan disimpan.") if kind == "requirement"
                      else _("Langkah disimpan."))
                return redirect(url_for(".service_edit", service_id=service.id)
                                + ("#persyaratan" if kind == "requirement" else "#langkah"),
                                code=303)
    return _form_page("admin/item.html", form, service=service, item=item, kind=kind,
                      kind_word=kind_word)


@bp.route("/kelola/layanan/<int:service_id>/<kind_word>/<int:item_id>/hapus",
          methods=["GET", "POST"])
@roles_required(*EDITOR_ROLES)
def item_delete(service_id: int, kind_word: str, item_id: int):
    """Delete a requirement or a step (after confirmation)."""
    service = _editable_service(service_id)
    kind, item, _form = _item(service, kind_word, item_id)
    label = item.text if kind == "requirement" else item.title
    return _confirm_delete(
        lambda: editing.delete_item(current_staff(), service, kind, item),
        _("Hapus persyaratan?") if kind == "requirement" else _("Hapus langkah?"),
        _("Hapus \"%(label)s\" dari layanan %(name)s?", label=label, name=service.name),
        url_for(".service_edit", service_id=service.id),
        _("Persyaratan dihapus.") if kind == "requirement" else _("Langkah dihapus."))


@bp.route("/kelola/layanan/<int:service_id>/<kind_word>/<int:item_id>/<direction>",
          methods=["POST"])
@roles_required(*EDITOR_ROLES)
def item_move(service_id: int, kind_word: str, item_id: int, direction: str):
    """Move a requirement or a step one place up or down."""
    service = _editable_service(service_id)
    kind, item, _form = _item(service, kind_word, item_id)
    if direction not in ("naik", "turun"):
        abort(404)
    if ConfirmForm().validate_on_submit():
        if editing.move_item(current_staff(), service, kind, item, -1 if direction == "naik" else 1):
            db.session.commit()
            flash(_("Urutan diubah."))
    else:
        flash(_("Formulir kedaluwarsa; coba lagi."), "error")
    return redirect(url_for(".service_edit", service_id=service.id)
                    + ("#persyaratan" if kind == "requirement" else "#langkah"), code=303)


# --- audit log -------------------------------------------------------------------------------

@bp.route("/kelola/audit")
@roles_required("admin")
def audit_log():
    """Every change to the catalogue and the accounts of this site: who, when, before, after."""
    site = current_staff().site
    args = request.args
    entity = args.get("jenis", "") if args.get("jenis", "") in ENTITY_LABELS else ""
    action = args.get("aksi", "") if args.get("aksi", "") in ACTION_LABELS else ""
    staff_id = parse_id(args.get("oleh"))
    errors = []

    def day(name: str) -> dt.date | None:
        raw = args.get(name, "").strip()
        if not raw:
            return None
        parsed = parse_day(raw)  # None also for years outside 2000–2100 (no overflow later)
        if parsed is None:
            errors.append(_("Tanggal \"%(value)s\" tidak sah; gunakan format YYYY-MM-DD "
                            "dengan tahun 2000–2100.", value=raw[:20]))
        return parsed
    since, until = day("dari"), day("sampai")
    query = audit.entries(site.id, entity=entity, action=action, staff_id=staff_id,
                          since=since, until=until, timezone=site.timezone)
    pagination = db.paginate(query, page=page_number(), per_page=20, error_out=False)
    people = db.session.scalars(sa.select(StaffUser).filter_by(site_id=site.id)
                                .order_by(StaffUser.username)).all()
    return render_template("admin/audit.html", site=site, pagination=pagination,
                           diff=audit.diff, people=people, errors=errors,
                           has_errors=bool(errors),
                           filters={"jenis": entity, "aksi": action, "oleh": staff_id,
                                    "dari": args.get("dari", "")[:20],
                                    "sampai": args.get("sampai", "")[:20]})


# --- staff accounts --------------------------------------------------------------------------

@bp.route("/kelola/akun")
@roles_required("admin")
def accounts_list():
    """The site's staff accounts."""
    pagination = db.paginate(accounts.site_accounts(current_staff().site_id), page=page_number(),
                             per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/accounts.html", pagination=pagination, site=current_staff().site)


@bp.route("/kelola/akun/baru", methods=["GET", "POST"])
@roles_required("admin")
def account_new():
    """Create a staff account at this site."""
    form = AccountForm()
    form.agency.choices = _agency_choices()
    if form.validate_on_submit():
        try:
            user = accounts.create_account(current_staff(), current_staff().site, form.values())
        except EditError as error:
            _refusal(form, error)
        else:
            db.session.commit()
            flash(_("Akun %(name)s dibuat.", name=user.username))
            return redirect(url_for(".accounts_list"), code=303)
    return _form_page("admin/account_new.html", form)


@bp.route("/kelola/akun/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def account_edit(user_id: int):
    """Change an account's name, role, agency, village and catalogue permission."""
    user = _own(StaffUser, user_id)
    form = AccountEditForm(obj=user if request.method == "GET" else None)
    form.agency.choices = _agency_choices()
    if request.method == "GET":
        form.agency.data = str(user.agency_id or "")
    if form.validate_on_submit():
        try:
            accounts.update_account(current_staff(), current_staff().site, user, form.values())
        except EditError as error:
            _refusal(form, error)
        else:
            db.session.commit()
            if user.id == current_staff().id:
                login_user(user)  # the role changed: keep the manager's own session valid
            flash(_("Akun %(name)s disimpan.", name=user.username))
            return redirect(url_for(".accounts_list"), code=303)
    return _form_page("admin/account_edit.html", form, user=user,
                      password_form=PasswordForm(formdata=None))


@bp.route("/kelola/akun/<int:user_id>/sandi", methods=["GET", "POST"])
@roles_required("admin")
def account_password(user_id: int):
    """Set a new password; every session of the account ends."""
    user = _own(StaffUser, user_id)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(current_staff(), user, form.password.data or "",
                                    form.password2.data or "")
        except EditError as error:
            _refusal(form, error)
        else:
            db.session.commit()
            if user.id == current_staff().id:
                login_user(user)  # keep this session; the others end
            flash(_("Kata sandi %(name)s diganti. Semua sesi akun itu berakhir.",
                    name=user.username))
            return redirect(url_for(".accounts_list"), code=303)
    return _form_page("admin/account_password.html", form, user=user)


@bp.route("/kelola/akun/<int:user_id>/<state>", methods=["GET", "POST"])
@roles_required("admin")
def account_active(user_id: int, state: str):
    """Deactivate (ends every session) or reactivate an account, after confirmation."""
    user = _own(StaffUser, user_id)
    if state not in ("nonaktifkan", "aktifkan"):
        abort(404)
    active = state == "aktifkan"
    return _confirm_delete(
        lambda: accounts.set_active(current_staff(), user, active),
        _("Aktifkan akun?") if active else _("Nonaktifkan akun?"),
        _("Aktifkan kembali akun %(name)s?", name=user.username) if active else
        _("Nonaktifkan akun %(name)s? Akun itu langsung keluar dari semua perangkat.",
          name=user.username),
        url_for(".accounts_list"),
        _("Akun diaktifkan.") if active else _("Akun dinonaktifkan."))
