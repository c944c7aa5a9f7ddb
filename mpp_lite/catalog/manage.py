"""Managers' catalogue pages under /kelola/: the site (with its hours and holidays), agencies,
services with preview and "reviewed", requirements and steps. Counters are edited beside the
counters (counters/manage.py), accounts beside staff (staff/accounts.py). Thin views: the
rules are in editing.py; the shared save/refuse/confirm steps in staff/editing.py."""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..dates import site_today
from ..extensions import db
from ..models import Agency, ClosedDate, Counter, Requirement, Service, Step
from ..models.staff import OFFICER_ROLES
from ..staff.editing import confirm_page, form_page, save_or_refuse
from ..staff.forms import ConfirmForm, opts
from ..staff.services import (
    EditError, current_staff, own_or_404, register_tool, roles_required,
)
from ..web.edge import page_number
from . import bp, editing
from .forms import (
    AgencyForm, ClosedDateForm, RequirementForm, ServiceForm, SiteForm, StepForm, agency_choices,
)

register_tool("catalog.manage", _l("Ubah katalog layanan"), *OFFICER_ROLES,
              when=editing.may_edit_catalog)

PAGE_SIZE = 30


def _editable_service(service_id: int) -> Service:
    service = own_or_404(Service, service_id)  # another site's service: do not reveal it
    if not editing.may_edit_service(current_staff(), service):
        abort(403)
    return service


def _require_catalog_editor() -> None:
    if not editing.may_edit_catalog(current_staff()):
        abort(403)


# --- catalogue hub and the site --------------------------------------------------------------

@bp.route("/kelola/katalog")
@roles_required(*OFFICER_ROLES)  # officers: with can_edit_catalog, own agency
def manage():
    """What this account may edit: the site, agencies, counters and services."""
    _require_catalog_editor()
    return render_template("catalog/manage/index.html", site=current_staff().site)


def _site_form(site, *, stored: bool) -> SiteForm:
    """The site form filled from the stored site, or from what was sent."""
    if not stored:
        return SiteForm()
    form = SiteForm(formdata=None, obj=site)
    form.facilities.data = "\n".join(site.facilities or [])
    form.fill_hours(editing.hours_text(site.hours))
    return form


@bp.route("/kelola/situs", methods=["GET", "POST"])
@roles_required("admin")
def site_edit():
    """The site's name, address, contact, weekly hours and holidays."""
    site = current_staff().site
    form = _site_form(site, stored=request.method == "GET")

    def save() -> None:
        editing.update_site(current_staff(), site, form.valid_values(),
                            editing.hours_or_refuse(form.hours_texts()))

    return save_or_refuse(form, save, _("Data MPP disimpan."), url_for(".site_edit"),
                          "catalog/manage/site.html", closed_form=ClosedDateForm(formdata=None),
                          closed_dates=_closed_dates(site))


def _closed_dates(site) -> list[ClosedDate]:
    today = site_today(site)
    return [c for c in site.closed_dates if c.date >= today - dt.timedelta(days=31)]


@bp.route("/kelola/situs/libur", methods=["POST"])
@roles_required("admin")
def closed_date_add():
    """Add a holiday or other day the whole site is closed."""
    site = current_staff().site
    form = ClosedDateForm()
    if not form.validate_on_submit():
        form.add_error("day", _("Formulir kedaluwarsa; kirim ulang."))

    def save() -> None:
        data = form.valid_values()
        editing.add_closed_date(current_staff(), site, data["day"], data["reason"])

    return save_or_refuse(form, save, _("Hari libur ditambahkan."),
                          url_for(".site_edit") + "#libur", "catalog/manage/site.html",
                          form_name="closed_form", form=_site_form(site, stored=True),
                          closed_dates=_closed_dates(site))


@bp.route("/kelola/situs/libur/<int:closed_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def closed_date_delete(closed_id: int):
    """Remove a holiday (after confirmation)."""
    row = own_or_404(ClosedDate, closed_id)
    return confirm_page(
        lambda: editing.delete_closed_date(current_staff(), current_staff().site, row),
        _("Hapus hari libur?"),
        _("Hapus %(date)s (%(reason)s) dari daftar hari libur?",
          date=row.date.isoformat(), reason=row.reason or "-"),
        url_for(".site_edit"), _("Hari libur dihapus."))


# --- agencies --------------------------------------------------------------------------------

@bp.route("/kelola/instansi")
@roles_required("admin")
def manage_agencies():
    """The site's agencies."""
    pagination = db.paginate(sa.select(Agency).filter_by(site_id=current_staff().site_id)
                             .order_by(Agency.name), page=page_number(), per_page=PAGE_SIZE,
                             error_out=False)
    return render_template("catalog/manage/agencies.html", pagination=pagination,
                           site=current_staff().site)


@bp.route("/kelola/instansi/baru", methods=["GET", "POST"])
@bp.route("/kelola/instansi/<int:agency_id>", methods=["GET", "POST"])
@roles_required("admin")
def agency_edit(agency_id: int | None = None):
    """Add or edit an agency."""
    agency = own_or_404(Agency, agency_id) if agency_id else None
    form = AgencyForm(obj=agency if request.method == "GET" else None)
    return save_or_refuse(
        form, lambda: editing.save_agency(current_staff(), current_staff().site, agency,
                                          form.valid_values()),
        _("Instansi disimpan."), url_for(".manage_agencies"), "catalog/manage/agency.html",
        agency=agency)


@bp.route("/kelola/instansi/<int:agency_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def agency_delete(agency_id: int):
    """Delete an agency that has no services or counters (after confirmation)."""
    agency = own_or_404(Agency, agency_id)
    return confirm_page(
        lambda: editing.delete_agency(current_staff(), agency), _("Hapus instansi?"),
        _("Hapus instansi %(name)s?", name=agency.name), url_for(".manage_agencies"),
        _("Instansi dihapus."))


# --- services --------------------------------------------------------------------------------

@bp.route("/kelola/layanan")
@roles_required(*OFFICER_ROLES)
def manage_services():
    """The services this account may edit (all of the site for managers)."""
    _require_catalog_editor()
    pagination = db.paginate(editing.editable_services(current_staff()), page=page_number(),
                             per_page=PAGE_SIZE, error_out=False)
    return render_template("catalog/manage/services.html", pagination=pagination,
                           site=current_staff().site)


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
    form.agency.choices = agency_choices(current_staff().site_id)
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
@roles_required(*OFFICER_ROLES)
def service_edit(service_id: int | None = None):
    """Add or edit a service; "Pratinjau" shows it as citizens will see it, unsaved."""
    _require_catalog_editor()
    staff = current_staff()
    if service_id is None and staff.role != "admin":
        abort(403)  # officers edit their agency's services; managers add new ones
    service = _editable_service(service_id) if service_id else None
    form = _service_form(service)
    template = "catalog/manage/service.html"

    def values() -> dict[str, Any]:
        data = form.values()
        if staff.role != "admin":
            data["agency"] = staff.agency_id
        return data

    if request.form.get("action") == "preview" and form.validate_on_submit():
        data = values()
        agency, counters_, errors = editing.check_service(staff.site, service, data,
                                                          new=service is None)
        form.add_errors(errors)
        preview = None if form.has_errors else PreviewService(staff.site, service, agency,
                                                              counters_, data)
        return form_page(template, form, service=service, preview=preview)

    def save() -> Service:
        data = values()
        if form.has_errors:
            raise EditError({})  # the form's own reading errors are on its fields already
        return editing.save_service(staff, staff.site, service, data,
                                    reviewed=bool(form.reviewed.data))

    return save_or_refuse(form, save, _("Layanan disimpan."),
                          lambda saved: url_for(".service_edit", service_id=saved.id),
                          template, service=service, preview=None)


@bp.route("/kelola/layanan/<int:service_id>/ditinjau", methods=["POST"])
@roles_required(*OFFICER_ROLES)
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
    service = own_or_404(Service, service_id)
    return confirm_page(
        lambda: editing.delete_service(current_staff(), service), _("Hapus layanan?"),
        _("Hapus layanan %(name)s beserta persyaratan dan langkahnya?", name=service.name),
        url_for(".manage_services"), _("Layanan dihapus."))


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


def _items_url(service: Service, kind: str) -> str:
    return (url_for(".service_edit", service_id=service.id)
            + ("#persyaratan" if kind == "requirement" else "#langkah"))


@bp.route("/kelola/layanan/<int:service_id>/<kind_word>/baru", methods=["GET", "POST"])
@bp.route("/kelola/layanan/<int:service_id>/<kind_word>/<int:item_id>", methods=["GET", "POST"])
@roles_required(*OFFICER_ROLES)
def item_edit(service_id: int, kind_word: str, item_id: int | None = None):
    """Add or edit a requirement or a step of a service."""
    service = _editable_service(service_id)
    kind, item, form_class = _item(service, kind_word, item_id)
    form_kwargs = {"service": service} if kind == "requirement" else {}
    form = form_class(obj=item if request.method == "GET" else None, **form_kwargs)
    if request.method == "GET" and item is not None:
        form.group.data = str(item.alt_group) if item.alt_group else ""
        if kind == "requirement":
            form.quantity.data = str(item.quantity)
    return save_or_refuse(
        form, lambda: editing.save_item(current_staff(), service, kind, item,
                                        form.valid_values()),
        _("Persyaratan disimpan.") if kind == "requirement" else _("Langkah disimpan."),
        _items_url(service, kind), "catalog/manage/item.html", service=service, item=item,
        kind=kind, kind_word=kind_word)


@bp.route("/kelola/layanan/<int:service_id>/<kind_word>/<int:item_id>/hapus",
          methods=["GET", "POST"])
@roles_required(*OFFICER_ROLES)
def item_delete(service_id: int, kind_word: str, item_id: int):
    """Delete a requirement or a step (after confirmation)."""
    service = _editable_service(service_id)
    kind, item, _form = _item(service, kind_word, item_id)
    label = item.text if kind == "requirement" else item.title
    return confirm_page(
        lambda: editing.delete_item(current_staff(), service, kind, item),
        _("Hapus persyaratan?") if kind == "requirement" else _("Hapus langkah?"),
        _("Hapus \"%(label)s\" dari layanan %(name)s?", label=label, name=service.name),
        url_for(".service_edit", service_id=service.id),
        _("Persyaratan dihapus.") if kind == "requirement" else _("Langkah dihapus."))


@bp.route("/kelola/layanan/<int:service_id>/<kind_word>/<int:item_id>/<direction>",
          methods=["POST"])
@roles_required(*OFFICER_ROLES)
def item_move(service_id: int, kind_word: str, item_id: int, direction: str):
    """Move a requirement or a step one place up or down."""
    service = _editable_service(service_id)
    kind, item, _form = _item(service, kind_word, item_id)
    if direction not in ("naik", "turun"):
        abort(404)
    if ConfirmForm().validate_on_submit():
        if editing.move_item(current_staff(), service, kind, item,
                             -1 if direction == "naik" else 1):
            db.session.commit()
            flash(_("Urutan diubah."))
    else:
        flash(_("Formulir kedaluwarsa; coba lagi."), "error")
    return redirect(_items_url(service, kind), code=303)
