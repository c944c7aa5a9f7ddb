"""The public counters page /<site>/gerai and the managers' counter report."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import dates
from ..catalog import services as catalog
from ..csv_export import csv_response, safe_cell
from ..extensions import db
from ..models import OFFICER_ROLES, Agency, StaffUser
from ..staff.services import current_staff, register_tool, roles_required
from . import bp, report as counter_report, services

REPORT_ROLES = OFFICER_ROLES  # officers: their own agency only
register_tool("counters.report", _l("Laporan jam buka gerai"), *REPORT_ROLES)


# --- citizens ---------------------------------------------------------------------------------

@bp.route("/<site>/gerai")
def public(site: str):
    """Counters today: each counter's live status, since when, why, and today's hours."""
    site_obj = catalog.get_site(site)
    return render_template("counters/public.html", site=site_obj, now=dates.site_now(site_obj),
                           rows=services.counters_today(site_obj),
                           statuses=services.COUNTER_STATUS_LABELS)


# --- the counter report -----------------------------------------------------------------------

def _report_args(staff: StaffUser):
    """(site, agency, first, last, errors) from the query string, scoped to the account."""
    site = staff.site
    today = dates.site_today(site)
    errors: dict[str, str] = {}
    raw_first, raw_last = request.args.get("dari", ""), request.args.get("sampai", "")
    defaults = {"default_first": today.replace(day=1), "default_last": today}
    try:
        first, last = dates.parse_period(raw_first, raw_last, **defaults,
                                         max_days=counter_report.MAX_REPORT_DAYS)
    except dates.PeriodError as refused:
        errors.update((name, str(message)) for name, message in refused.errors.items())
        # The box without an error shows what was typed in it, when it can be read.
        first = (dates.parse_day(raw_first) if raw_first else None) or defaults["default_first"]
        last = (dates.parse_day(raw_last) if raw_last else None) or defaults["default_last"]
    agency = None
    raw_agency = request.args.get("agency", "")
    if staff.role == "officer":
        agency = staff.agency
    elif raw_agency:
        agency = db.session.scalar(sa.select(Agency).filter_by(site_id=site.id,
                                                               slug=raw_agency))
        if agency is None:
            errors["agency"] = _("Instansi tidak ada di MPP ini. Pilih dari daftar.")
    return site, agency, first, last, errors


def _hours(value: float) -> str:
    return f"{value:.2f}"


@bp.route("/kelola/laporan-gerai")
@roles_required(*REPORT_ROLES)
def report():
    """Scheduled against actual opening hours per counter and agency, for a period."""
    staff = current_staff()
    site, agency, first, last, errors = _report_args(staff)
    blocks = [] if errors else counter_report.counter_report(site, first, last, agency)
    agencies = list(db.session.scalars(sa.select(Agency).filter_by(site_id=site.id)))
    agencies.sort(key=lambda a: a.display_name().lower())
    return render_template(
        "counters/report.html", blocks=blocks, errors=errors, first=first, last=last,
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
    blocks = counter_report.counter_report(site, first, last, agency)
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
