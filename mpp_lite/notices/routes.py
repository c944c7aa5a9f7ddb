"""The managers' announcement pages (counters today and the counter report live in
mpp_lite.counters)."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import dates
from ..dates import as_utc
from ..extensions import db
from ..models import Announcement
from ..staff.forms import ConfirmForm
from ..staff.services import current_staff, own_or_404, register_tool, roles_required
from ..web.edge import page_number
from . import bp, services
from .forms import AnnouncementForm

register_tool("notices.announcements", _l("Pengumuman"), "admin")
ANNOUNCEMENTS_PAGE_SIZE = 20


# --- announcements ----------------------------------------------------------------------------

@bp.route("/kelola/pengumuman")
@roles_required("admin")
def announcements():
    """The site's announcements: in force, upcoming and ended, latest first."""
    site = current_staff().site
    pagination = db.paginate(services.site_announcements(site), page=page_number(),
                             per_page=ANNOUNCEMENTS_PAGE_SIZE, error_out=False)
    return render_template("notices/announcements.html", staff_site=site,
                           pagination=pagination, state=services.notice_state,
                           local=lambda v: dates.site_now(site, as_utc(v)))


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
        here = dates.site_now(site)
        later = here + dt.timedelta(hours=2)
        form.scope.data, form.severity.data = "site", "info"
        _show_period(form, here, later)
    return _save(form, None)


@bp.route("/kelola/pengumuman/<int:notice_id>", methods=["GET", "POST"])
@roles_required("admin")
def announcement_edit(notice_id: int):
    """Change a notice: its scope, kind, text or times."""
    notice = own_or_404(Announcement, notice_id)
    form = AnnouncementForm()
    if request.method == "GET":
        starts = dates.site_now(notice.site, as_utc(notice.starts_at))
        ends = dates.site_now(notice.site, as_utc(notice.ends_at))
        form.scope.data, form.severity.data = services.scope_value(notice), notice.severity
        form.message.data = notice.message
        form.message_en.data = (notice.translations or {}).get("en", {}).get("message", "")
        _show_period(form, starts, ends)
    return _save(form, notice)


def _confirmed(notice: Announcement, action: str, change: Callable[[], object], done: str):
    """Ask first (the confirmation page); once confirmed: change, commit, flash `done` and
    go back to the list."""
    form = ConfirmForm()
    if form.validate_on_submit():
        change()
        db.session.commit()
        flash(done, "ok")
        return redirect(url_for(".announcements"), code=303)
    return render_template("notices/announcement_confirm.html", notice=notice, form=form,
                           action=action, staff_site=current_staff().site,
                           scope=services.scope_label(notice))


@bp.route("/kelola/pengumuman/<int:notice_id>/akhiri", methods=["GET", "POST"])
@roles_required("admin")
def announcement_end(notice_id: int):
    """End a notice now (asks first)."""
    notice = own_or_404(Announcement, notice_id)
    if services.notice_state(notice) == "ended":
        flash(_("Pengumuman ini sudah berakhir."), "ok")
        return redirect(url_for(".announcements"), code=303)
    return _confirmed(notice, "end", lambda: services.end_announcement(notice),
                      _("Pengumuman diakhiri. Tidak tampil lagi di halaman warga."))


@bp.route("/kelola/pengumuman/<int:notice_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def announcement_delete(notice_id: int):
    """Delete a notice for good (asks first)."""
    notice = own_or_404(Announcement, notice_id)
    return _confirmed(notice, "delete", lambda: db.session.delete(notice),
                      _("Pengumuman dihapus."))
