"""Managers' counter pages under /kelola/gerai: the list, add or edit a counter and its weekly
schedule, delete one without status history. Counters are catalogue records: the rules are in
catalog/editing.py (shared with the import), the save/refuse/confirm steps in staff/editing.py."""
from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import gettext as _

from ..catalog import editing
from ..catalog.forms import CounterForm, agency_choices
from ..extensions import db
from ..models import Counter
from ..staff.editing import confirm_page, save_or_refuse
from ..staff.services import current_staff, own_or_404, roles_required
from ..web.edge import page_number
from . import bp

PAGE_SIZE = 30


@bp.route("/kelola/gerai")
@roles_required("admin")
def manage():
    """The site's counters with their weekly schedule."""
    pagination = db.paginate(sa.select(Counter).filter_by(site_id=current_staff().site_id)
                             .order_by(Counter.position), page=page_number(),
                             per_page=PAGE_SIZE, error_out=False)
    return render_template("counters/manage/list.html", pagination=pagination,
                           site=current_staff().site, hours_text=editing.hours_text)


@bp.route("/kelola/gerai/baru", methods=["GET", "POST"])
@bp.route("/kelola/gerai/<int:counter_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit(counter_id: int | None = None):
    """Add or edit a counter and its weekly schedule."""
    counter = own_or_404(Counter, counter_id) if counter_id else None
    form = CounterForm(obj=counter if request.method == "GET" else None)
    form.agency.choices = agency_choices(current_staff().site_id)
    if request.method == "GET" and counter:
        form.agency.data = str(counter.agency_id)
        form.fill_hours(editing.hours_text(counter.schedule))
    return save_or_refuse(
        form, lambda: editing.save_counter(current_staff(), current_staff().site, counter,
                                           form.valid_values(),
                                           editing.hours_or_refuse(form.hours_texts())),
        _("Gerai disimpan."), url_for(".manage"), "counters/manage/edit.html", counter=counter)


@bp.route("/kelola/gerai/<int:counter_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def delete(counter_id: int):
    """Delete a counter without status history (after confirmation)."""
    counter = own_or_404(Counter, counter_id)
    return confirm_page(
        lambda: editing.delete_counter(current_staff(), counter), _("Hapus gerai?"),
        _("Hapus %(label)s?", label=counter.label), url_for(".manage"), _("Gerai dihapus."))
