"""Counters today (public), the counter report and the announcements (managers)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..catalog import services as catalog
from ..catalog.hours import local_now
from ..csv_export import csv_response, safe_cell
from ..dates import as_utc
from ..extensions import db
from ..models import Agency, Announcement, StaffUser
from ..staff.services import current_staff, page_number, register_tool, roles_required
from . import bp, services
from .forms import AnnouncementForm, ConfirmForm, parse_date

REPORT_ROLES = ("admin", "officer")  # officers: their own agency only
register_tool("notices.report", _l("Laporan jam buka gerai"), *REPORT_ROLES)
register_tool("notices.announcements", _l("Pengumuman"), "admin")
ANNOUNCEMENTS_PAGE_SIZE = 20


# --- citizens ---------------------------------------------------------------------------------

@bp.route("/<site>/gerai")
def counters(site: str):
    """Counters today: each counter's live status, since when, why, and today's hours."""
    site_obj = catalog.get_site(site)
    now = local_now(site_obj.timezone, services.current_time())
    return render_template("notices/counters.html", site=site_obj, now=now,
                           rows=services.counters_today(site_obj),
                           statuses=services.COUNTER_STATUS_LABELS)


# --- the counter report -----------------------------------------------------------------------

def _report_args(staff: StaffUser):
    """(site, agency, first, last, errors) from the query string, scoped to the account."""
    site = staff.site
    today = local_now(site.timezone, services.current_time()).date()
    errors: dict[str, str] = {}
    raw_first, raw_last = request.args.get("dari", ""), request.args.get("sampai", "")
    first = parse_date(raw_first) if raw_first else today.replace(day=1)
    last = parse_date(raw_last) if raw_last else today
    if first is None:
        errors["dari"] = _("Tanggal awal tidak terbaca. Isi seperti 2026-10-01.")
    if last is None:
        errors["sampai"] = _("Tanggal akhir tidak terbaca. Isi seperti 2026-10-31.")
    if first and last:
        if last < first:
            errors["sampai"] = _("Tanggal akhir harus sama dengan atau sesudah tanggal awal.")
        elif (last - first).days + 1 > services.MAX_REPORT_DAYS:
            errors["sampai"] = _("Periode paling panjang %(days)s hari.",
                                 days=services.MAX_REPORT_DAYS)
    agency = None
    raw_agency = request.args.get("agency", "")
    if staff.role == "officer":
        agency = staff.agency
    elif raw_agency:
        agency = db.session.scalar(sa.select(Agency).filter_by(site_id=site.id,
                                                               slug=raw_agency))
        if agency is None:
            errors["agency"] = _("Instansi tidak ada di MPP ini. Pilih dari daftar.")
    return site, agency, first or today.replace(day=1), last or today, errors


def _hours(value: float) -> str:
    return f"{value:.2f}"


@bp.route("/kelola/laporan-gerai")
@roles_required(*REPORT_ROLES)
def report():
    """Scheduled against actual opening hours per counter and agency, for a period."""
    staff = current_staff()
    site, agency, first, last, errors = _report_args(staff)
    blocks = [] if errors else services.counter_report(site, first, last, agency)
    agencies = list(db.session.scalars(sa.select(Agency).filter_by(site_id=site.id)))
    agencies.sort(key=lambda a: a.display_name().lower())
    return render_template(
        "notices/report.html", blocks=blocks, errors=errors, first=first, last=last,
        agency=agency, agencies=agencies, staff_site=site, officer=staff.role == "officer",
        hours=_hours, has_errors=bool(errors),
        csv_url=url_for(".report_csv", **request.args.to_dict())), 422 if errors else 200


@bp.route("/kelola/laporan-gerai.csv")
@roles_required(*REPORT_ROLES)
def report_csv():
    """The same figures as the report page, as a CSV file."""
    staff = current_staff()
    site, agency, first, last, errors = _report_args(staff)
    if errors:
        flash(" ".join(errors.values()), "error")
        return redirect(url_for(".report", **request.args.to_dict()), code=303)
    blocks = services.counter_report(site, first, last, agency)
    rows: list[list[str]] = [[
        _("Instansi"), _("Gerai"), _("Jam terjadwal"), _("Jam buka"),
        _("Jam buka dalam jadwal"), _("Persen jadwal terpenuhi"), _("Istirahat/tutup"),
        _("Istirahat/tutup tanpa alasan"), _("Hari terjadwal"),
        _("Hari tidak buka sama sekali"), _("Tanggal tidak buka")]]

    def row(agency_name: str, label: str, f) -> list[str]:
        coverage = "" if f.coverage is None else f"{f.coverage * 100:.1f}"
        return [safe_cell(v) for v in (
            agency_name, label, _hours(f.scheduled_hours), _hours(f.open_hours),
            _hours(f.open_in_schedule_hours), coverage, f.stops, f.stops_without_reason,
            f.days_scheduled, len(f.days_not_opened),
            " ".join(d.isoformat() for d in sorted(f.days_not_opened)))]

    for block in blocks:
        name = block.agency.display_name()
        for item in block.rows:
            rows.append(row(name, item.counter.label, item.figures))
        rows.append(row(name, _("Jumlah"), block.total))
    filename = f"laporan-gerai-{site.slug}-{first.isoformat()}-{last.isoformat()}.csv"
    return csv_response(rows, filename, bom=False)


# --- announcements ----------------------------------------------------------------------------

def _own_notice(notice_id: int) -> Announcement:
    """A notice of the manager's own site (404 otherwise: another site's ids are not told)."""
    notice = db.session.get(Announcement, notice_id)
    if notice is None or notice.site_id != current_staff().site_id:
        abort(404)
    return notice


@bp.route("/kelola/pengumuman")
@roles_required("admin")
def announcements():
    """The site's announcements: in force, upcoming and ended, latest first."""
    site = current_staff().site
    pagination = db.paginate(services.site_announcements(site), page=page_number(),
                             per_page=ANNOUNCEMENTS_PAGE_SIZE, error_out=False)
    return render_template("notices/announcements.html", staff_site=site,
                           pagination=pagination, state=services.notice_state,
                           local=lambda v: as_utc(v).astimezone(
                               local_now(site.timezone, services.current_time()).tzinfo))


def _form_page(form: AnnouncementForm, notice: Announcement | None, status: int = 200):
    return render_template("notices/announcement_form.html", form=form, notice=notice,
                           staff_site=current_staff().site, has_errors=status == 422), status


FIELD_OF_ERROR = {"starts": "starts_date", "ends": "ends_time"}


def _save(form: AnnouncementForm, notice: Announcement | None):
    """Shared by create and edit: show the form, or validate, save, commit and redirect."""
    site = current_staff().site
    form.set_choices(services.scope_choices(site))
    if not form.validate_on_submit():
        if request.method == "POST":  # only the CSRF token can fail here
            flash(_("Formulir kedaluwarsa. Silakan kirim lagi."), "error")
            return _form_page(form, notice, 422)
        return _form_page(form, notice)
    starts, ends = form.moment("starts"), form.moment("ends")
    data = services.AnnouncementInput(
        scope=form.scope.data or "", severity=form.severity.data or "",
        message=form.message.data or "", message_en=form.message_en.data or "",
        starts=starts, ends=ends)
    errors = services.announcement_errors(site, data)
    for name, message in errors.items():
        field = getattr(form, FIELD_OF_ERROR.get(name, name))
        field.errors = [*field.errors, str(message)]
    if errors or starts is None or ends is None:
        return _form_page(form, notice, 422)
    services.save_announcement(site, data, current_staff(), notice)
    db.session.commit()
    flash(_("Pengumuman disimpan.") if notice else _("Pengumuman dibuat."), "ok")
    return redirect(url_for(".announcements"), code=303)


def _show_period(form: AnnouncementForm, starts: dt.datetime, ends: dt.datetime) -> None:
    """Fill the form's date and time fields with two site-local moments."""
    form.starts_date.data, form.starts_time.data = starts.date().isoformat(), \
        starts.strftime("%H:%M")
    form.ends_date.data, form.ends_time.data = ends.date().isoformat(), ends.strftime("%H:%M")


@bp.route("/kelola/pengumuman/baru", methods=["GET", "POST"])
@roles_required("admin")
def announcement_new():
    """Post a notice for the whole MPP, one agency or one service."""
    form = AnnouncementForm()
    if request.method == "GET":
        site = current_staff().site
        here = local_now(site.timezone, services.current_time())
        later = here + dt.timedelta(hours=2)
        form.scope.data, form.severity.data = "site", "info"
        _show_period(form, here, later)
    return _save(form, None)


@bp.route("/kelola/pengumuman/<int:notice_id>", methods=["GET", "POST"])
@roles_required("admin")
def announcement_edit(notice_id: int):
    """Change a notice: its scope, kind, text or times."""
    notice = _own_notice(notice_id)
    form = AnnouncementForm()
    if request.method == "GET":
        zone = local_now(notice.site.timezone, services.current_time()).tzinfo
        starts = as_utc(notice.starts_at).astimezone(zone)
        ends = as_utc(notice.ends_at).astimezone(zone)
        form.scope.data, form.severity.data = services.scope_value(notice), notice.severity
        form.message.data = notice.message
        form.message_en.data = (notice.translations or {}).get("en", {}).get("message", "")
        _show_period(form, starts, ends)
    return _save(form, notice)


@bp.route("/kelola/pengumuman/<int:notice_id>/akhiri", methods=["GET", "POST"])
@roles_required("admin")
def announcement_end(notice_id: int):
    """End a notice now (asks first)."""
    notice = _own_notice(notice_id)
    form = ConfirmForm()
    if services.notice_state(notice) == "ended":
        flash(_("Pengumuman ini sudah berakhir."), "ok")
        return redirect(url_for(".announcements"), code=303)
    if form.validate_on_submit():
        services.end_announcement(notice)
        db.session.commit()
        flash(_("Pengumuman diakhiri. Tidak tampil lagi di halaman warga."), "ok")
        return redirect(url_for(".announcements"), code=303)
    return render_template("notices/announcement_confirm.html", notice=notice, form=form,
                           action="end", staff_site=current_staff().site,
                           scope=services.scope_label(notice))


@bp.route("/kelola/pengumuman/<int:notice_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def announcement_delete(notice_id: int):
    """Delete a notice for good (asks first)."""
    notice = _own_notice(notice_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        db.session.delete(notice)
        db.session.commit()
        flash(_("Pengumuman dihapus."), "ok")
        return redirect(url_for(".announcements"), code=303)
    return render_template("notices/announcement_confirm.html", notice=notice, form=form,
                           action="delete", staff_site=current_staff().site,
                           scope=services.scope_label(notice))
