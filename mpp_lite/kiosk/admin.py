"""The site admin's kiosk pages, /kelola/anjungan: the list (with today's tickets per channel),
register, edit, a one-time pairing code (shown once, on the answer to the form: never in a URL
nor stored) and revocation after a confirmation. The rules are in services.py."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..catalog.forms import agency_choices
from ..extensions import db
from ..models import Kiosk
from ..queue.presenters import CHANNEL_LABELS
from ..staff.editing import confirm_page
from ..staff.forms import ConfirmForm
from ..staff.services import EditError, current_staff, own_or_404, register_tool, roles_required
from ..web.edge import page_number
from . import bp, services
from .forms import KioskForm

register_tool("kiosk.kiosks", _l("Anjungan mandiri"), "admin")
PAGE_SIZE = 20


def _form(kiosk: Kiosk | None = None, formdata: bool = True) -> KioskForm:
    form = KioskForm() if formdata else KioskForm(formdata=None)
    form.agencies.choices = agency_choices(current_staff().site_id, blank=False)
    if kiosk is not None and request.method == "GET":
        form.name.data, form.location.data = kiosk.name, kiosk.location
        form.agencies.data = [str(a.id) for a in kiosk.agencies]
    return form


def _list_page(form: KioskForm, status: int = 200, paired: Kiosk | None = None,
               code: str | None = None):
    site = current_staff().site
    pagination = db.paginate(services.site_kiosks(site.id), page=page_number(),
                             per_page=PAGE_SIZE, error_out=False)
    return render_template(
        "kiosk/admin_list.html", site=site, form=form, pagination=pagination,
        paired=paired, code=code, lifetime=int(services.PAIRING_LIFETIME.total_seconds() // 60),
        channels=services.channel_counts(site), channel_labels=CHANNEL_LABELS,
        per_kiosk=services.kiosk_counts(site), code_form=ConfirmForm(),
        has_errors=status == 422), status


@bp.route("/kelola/anjungan", methods=["GET", "POST"])
@roles_required("admin")
def kiosks():
    """The site's kiosks, today's tickets per channel, and a form to register a kiosk."""
    staff = current_staff()
    form = _form()
    if request.method != "POST":
        return _list_page(form)
    if not form.validate_on_submit():
        form.form_errors.append(_("Formulir kedaluwarsa. Silakan kirim lagi."))
        return _list_page(form, 422)
    try:
        kiosk = services.create_kiosk(staff.site, form.valid_values(), staff)
    except EditError as error:
        db.session.rollback()
        form.add_errors(error.errors)
        return _list_page(form, 422)
    db.session.commit()
    flash(_("Anjungan %(name)s didaftarkan. Buat kode pemasangan untuk perangkatnya.",
            name=kiosk.name), "ok")
    return redirect(url_for(".kiosks"), code=303)


@bp.route("/kelola/anjungan/<int:kiosk_id>/ubah", methods=["GET", "POST"])
@roles_required("admin")
def kiosk_edit(kiosk_id: int):
    """Change a kiosk's name, location or agencies."""
    kiosk = own_or_404(Kiosk, kiosk_id)
    form = _form(kiosk)
    status = 200
    if request.method == "POST":
        status = 422
        if not form.validate_on_submit():
            form.form_errors.append(_("Formulir kedaluwarsa. Silakan kirim lagi."))
        else:
            try:
                services.update_kiosk(kiosk, form.valid_values(), current_staff())
            except EditError as error:
                db.session.rollback()
                form.add_errors(error.errors)
            else:
                db.session.commit()
                flash(_("Anjungan %(name)s disimpan.", name=kiosk.name), "ok")
                return redirect(url_for(".kiosks"), code=303)
    return render_template("kiosk/admin_edit.html", site=kiosk.site, kiosk=kiosk, form=form,
                           has_errors=status == 422), status


@bp.route("/kelola/anjungan/<int:kiosk_id>/kode", methods=["POST"])
@roles_required("admin")
def kiosk_code(kiosk_id: int):
    """A new one-time pairing code, shown once on this answer."""
    kiosk = own_or_404(Kiosk, kiosk_id)
    form = ConfirmForm()
    blank = _form(formdata=False)
    if not form.validate_on_submit():
        blank.form_errors.append(_("Formulir kedaluwarsa. Silakan kirim lagi."))
        return _list_page(blank, 422)
    try:
        code = services.new_pairing_code(kiosk, current_staff())
    except EditError as error:
        db.session.rollback()
        blank.add_errors(error.errors)
        return _list_page(blank, 422)
    db.session.commit()
    return _list_page(blank, paired=kiosk, code=code)


@bp.route("/kelola/anjungan/<int:kiosk_id>/cabut", methods=["GET", "POST"])
@roles_required("admin")
def kiosk_revoke(kiosk_id: int):
    """Revoke a kiosk for good, after a confirmation (its device is refused from then on)."""
    kiosk = own_or_404(Kiosk, kiosk_id)

    def revoke() -> None:
        if not services.revoke(kiosk, current_staff()):
            raise EditError({"_form": [_("Anjungan ini sudah dicabut.")]})

    return confirm_page(
        revoke, _("Cabut anjungan?"),
        _("Cabut anjungan \"%(name)s\"? Perangkatnya langsung tidak bisa mengambilkan tiket "
          "lagi. Anjungan yang dicabut tidak bisa diaktifkan kembali; daftarkan anjungan baru "
          "bila perlu.", name=kiosk.name),
        url_for(".kiosks"), _("Anjungan %(name)s dicabut.", name=kiosk.name))
