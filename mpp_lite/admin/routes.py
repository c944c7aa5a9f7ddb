"""Managers' overview under /kelola/: the dashboard and the audit log. Thin views: the figures
are in stats.py, the entries in audit.py."""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l

from ..dates import PeriodError, parse_period, stored_local
from ..extensions import db
from ..models import StaffUser
from ..staff.services import current_staff, register_tool, roles_required
from ..web.edge import page_number, parse_id
from . import audit, bp

register_tool("admin.dashboard", _l("Dasbor pengelola"), "admin")
register_tool("admin.audit_log", _l("Catatan perubahan"), "admin")

ENTITY_LABELS = {"site": _l("Situs"), "agency": _l("Instansi"), "counter": _l("Gerai"),
                 "service": _l("Layanan"), "staff_user": _l("Akun petugas"),
                 "agency_token": _l("Token API instansi")}
DASHBOARD_LINKS = (("feedback.staff_complaints", _l("Pengaduan")),
                   ("feedback.staff_ikm", _l("Hasil survei (IKM)")),
                   ("counters.report", _l("Laporan gerai")),
                   ("notices.announcements", _l("Pengumuman")))
ACTION_LABELS = {"create": _l("Dibuat"), "update": _l("Diubah"), "delete": _l("Dihapus")}


@bp.context_processor
def _helpers() -> dict[str, Any]:
    def local(value: dt.datetime | None) -> str:
        here = stored_local(current_staff().site, value)
        return here.strftime("%Y-%m-%d %H.%M") if here else ""
    return {"local": local, "entity_labels": ENTITY_LABELS, "action_labels": ACTION_LABELS}


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
    try:  # an empty box: no bound on that side; any length (the log is paged)
        since, until = parse_period(args.get("dari"), args.get("sampai"),
                                    default_first=None, default_last=None, max_days=None)
        errors: list[Any] = []
    except PeriodError as error:
        since, until, errors = None, None, list(error.errors.values())
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


