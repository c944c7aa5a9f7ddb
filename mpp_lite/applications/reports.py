"""On-time performance pages: the managers' report /kelola/kinerja-berkas (with CSV) and the
public /<site>/kinerja. Thin views; the figures are in performance.py."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import dates
from ..catalog import services as catalog
from ..csv_export import csv_response
from ..extensions import db
from ..models import OFFICER_ROLES, Agency, Site, StaffUser
from ..staff.services import current_staff, register_tool, roles_required
from . import bp
from . import performance as perf

PERFORMANCE_ROLES = OFFICER_ROLES  # officers: their own agency only
register_tool("applications.performance", _l("Kinerja berkas"), *PERFORMANCE_ROLES)


def _period_args(site: Site) -> tuple[dt.date, dt.date, dict[str, str]]:
    """(first, last, errors) from ?dari=&sampai=; on an error the boxes keep what can be read."""
    raw_first, raw_last = request.args.get("dari", ""), request.args.get("sampai", "")
    try:
        first, last = perf.period(site, raw_first, raw_last)
        return first, last, {}
    except dates.PeriodError as refused:
        errors = {name: str(message) for name, message in refused.errors.items()}
        defaults = perf.default_period(site)
        first = (dates.parse_day(raw_first) if raw_first else None) or defaults["default_first"]
        last = (dates.parse_day(raw_last) if raw_last else None) or defaults["default_last"]
        return first, last, errors


def _staff_args(staff: StaffUser) -> tuple[Site, Agency | None, dt.date, dt.date,
                                           dict[str, str]]:
    """(site, agency, first, last, errors), scoped to the account: an officer sees only their
    own agency whatever the query string says; a manager any agency of the site, or all."""
    site = staff.site
    first, last, errors = _period_args(site)
    agency = None
    if staff.role != "admin":
        agency = staff.agency
    elif raw_agency := request.args.get("instansi", ""):
        agency = db.session.scalar(sa.select(Agency).filter_by(site_id=site.id,
                                                               slug=raw_agency[:60]))
        if agency is None:
            errors["instansi"] = _("Instansi tidak ada di MPP ini. Pilih dari daftar.")
    return site, agency, first, last, errors


def median_text(value: float | int | None) -> str:
    """A median of working days in the reader's locale: 3, 2,5 (id) / 2.5 (en); – for none."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.#")


def share_text(figures: perf.Figures) -> str:
    """The on-time share as a reader should see it: "80% (8 dari 10)", or only "2 dari 3"
    when there are too few for a percentage; – when no completed application had a promise."""
    if not figures.with_promise:
        return "–"
    count = _("%(on_time)d dari %(total)d", on_time=figures.on_time,
              total=figures.with_promise)
    if figures.small:
        return count
    return _("%(percent)d%% (%(count)s)", percent=figures.on_time_percent, count=count)


def _helpers() -> dict[str, object]:
    return {"median_text": median_text, "share_text": share_text,
            "small_count": perf.SMALL_COUNT}


# --- managers ---------------------------------------------------------------------------------

@bp.route("/kelola/kinerja-berkas")
@roles_required(*PERFORMANCE_ROLES)
def performance():
    """On-time performance per agency and service for a period (officers: their agency)."""
    staff = current_staff()
    site, agency, first, last, errors = _staff_args(staff)
    report = None if errors else perf.performance(site, first, last,
                                                  agency.id if agency else None)
    agencies = []
    if staff.role == "admin":
        agencies = list(db.session.scalars(sa.select(Agency).filter_by(site_id=site.id)))
        agencies.sort(key=lambda a: a.display_name().lower())
    return render_template(
        "applications/performance.html", report=report, errors=errors, first=first,
        last=last, agency=agency, agencies=agencies, staff_site=site,
        officer=staff.role != "admin", has_errors=bool(errors),
        csv_url=url_for(".performance_csv", **request.args.to_dict()),
        **_helpers()), 422 if errors else 200


@bp.route("/kelola/kinerja-berkas.csv")
@roles_required(*PERFORMANCE_ROLES)
def performance_csv():
    """The same figures as the performance page, one row per agency and per service."""
    staff = current_staff()
    site, agency, first, last, errors = _staff_args(staff)
    if errors:
        flash(" ".join(errors.values()), "error")
        return redirect(url_for(".performance", **request.args.to_dict()), code=303)
    report = perf.performance(site, first, last, agency.id if agency else None)
    rows: list[list[object]] = [[
        _("Tingkat"), _("Instansi"), _("Layanan"), _("Waktu layanan yang diumumkan"),
        _("Janji (hari kerja)"), _("Diterima"), _("Selesai"), _("Ditolak/dibatalkan"),
        _("Median hari kerja"), _("Selesai dengan janji"), _("Tepat waktu"),
        _("Persen tepat waktu"), _("Selesai tanpa janji"), _("Masih diproses"),
        _("Terlambat sekarang")]]

    def figures(f: perf.Figures) -> list[object]:
        median = f.median_days
        ratio = f.on_time_ratio
        return [f.received, f.completed, f.stopped,
                "" if median is None else f"{float(median):g}", f.with_promise, f.on_time,
                "" if ratio is None else f"{ratio * 100:.1f}", f.no_promise, f.open_now,
                f.overdue_now]

    for agency_row in report.agencies:
        name = agency_row.agency.display_name()
        rows.append([_("Instansi"), name, "", "", "", *figures(agency_row.figures)])
        for service_row in agency_row.services:
            service = service_row.service
            days = "" if service.processing_days is None else service.processing_days
            rows.append([_("Layanan"), name, service.tr("name"), service.tr("processing_time"),
                         days, *figures(service_row.figures)])
    if agency is None:
        rows.append([_("Jumlah"), "", "", "", "", *figures(report.total)])
    scope = f"{site.slug}-{agency.slug}" if agency else site.slug
    filename = f"kinerja-berkas-{scope}-{first.isoformat()}-{last.isoformat()}.csv"
    return csv_response(rows, filename)


# --- citizens ---------------------------------------------------------------------------------

@bp.route("/<site>/kinerja")
def public_performance(site: str):
    """Published processing time beside the actual median and the share on time, per
    service and agency, for a period (default: the last 90 days). Counts only."""
    site_obj = catalog.get_site(site)
    first, last, errors = _period_args(site_obj)
    report = None if errors else perf.performance(site_obj, first, last)
    return render_template(
        "applications/public_performance.html", site=site_obj, report=report, errors=errors,
        first=first, last=last, has_errors=bool(errors),
        default_days=perf.DEFAULT_DAYS, **_helpers()), 422 if errors else 200
