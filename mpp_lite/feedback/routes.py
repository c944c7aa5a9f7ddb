"""Citizen satisfaction survey (SKM), public IKM results, complaints (pengaduan) and the
staff pages that answer them. Thin views: the rules are in services.py, the arithmetic in
ikm.py (working days: mpp_lite/workdays.py)."""
from __future__ import annotations

import datetime as dt
from functools import partial

import sqlalchemy as sa
from flask import (
    abort, flash, redirect, render_template, request, url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import dates
from ..catalog import services as catalog
from ..csv_export import csv_response
from ..extensions import db, limiter
from ..models import OFFICER_ROLES, Agency, Complaint, Service
from ..queue.tickets import get_ticket_or_404
from ..staff.services import (
    current_staff, own_or_404, register_tool, roles_required,
)
from ..web.edge import page_number
from . import bp
from .forms import ComplaintForm, ResponseForm, SurveyForm, TrackForm
from .ikm import ELEMENT_NAMES, ikm_by, ikm_from_answers, site_ikm
from .limits import feedback_rate_limit
from .services import (
    STATUS_LABELS, ComplaintError, ComplaintRequest, SurveyError, check_surveyable,
    complaints_for, file_complaint, get_complaint, ikm_period, may_see, normalise_code, overdue,
    respond, submit_survey, survey_comments, survey_for,
)

register_tool("feedback.staff_complaints", _l("Pengaduan warga"), *OFFICER_ROLES)
register_tool("feedback.staff_ikm", _l("Hasil survei kepuasan (IKM)"), *OFFICER_ROLES)

STAFF_PAGE_SIZE = 20
LAPOR_URL = "https://www.lapor.go.id/"


def _local(site):
    """For the templates: a stored instant (or None) on the site's wall clock."""
    return partial(dates.stored_local, site)


@bp.app_template_global()
def survey_state(ticket) -> str:
    """For the ticket page: "open" (invite), "answered" (thank), or "" (not done yet)."""
    if ticket.status != "done":
        return ""
    return "answered" if survey_for(ticket) is not None else "open"


@bp.app_template_filter("nilai")
def nilai(value) -> str:
    """An IKM or NRR figure with two decimals in the reader's locale (88,31 / 88.31)."""
    return format_decimal(value, format="#,##0.00") if value is not None else "–"


# --- survey -----------------------------------------------------------------------------------

@bp.route("/tiket/<code>/survei", methods=["GET", "POST"])
@limiter.limit(feedback_rate_limit, methods=["POST"])
def survey(code: str):
    """The nine-question satisfaction survey of a finished ticket (radio buttons, no JS)."""
    ticket = get_ticket_or_404(code)
    context = {"ticket": ticket, "site": ticket.site, "service": ticket.service}
    try:
        check_surveyable(ticket)
    except SurveyError as refusal:
        if refusal.code == "already_answered":
            return redirect(url_for(".survey_thanks", code=code), code=303)
        return render_template("feedback/survey_refused.html", message=refusal.message,
                               **context), 409
    form = SurveyForm()
    error = None
    if form.validate_on_submit():
        try:
            submit_survey(ticket, form.answers(), form.comment.data or "")
        except SurveyError as refusal:
            if refusal.code == "already_answered":
                flash(str(refusal.message), "ok")
                return redirect(url_for(".survey_thanks", code=code), code=303)
            error = refusal.message
        else:
            db.session.commit()
            return redirect(url_for(".survey_thanks", code=code), code=303)
    elif request.method == "POST":
        error = _("Ada pertanyaan yang belum dijawab. Periksa yang ditandai.")
    status = 422 if request.method == "POST" else 200
    return render_template("feedback/survey.html", form=form, error=error,
                           has_errors=request.method == "POST", **context), status


@bp.route("/tiket/<code>/survei/terima-kasih")
def survey_thanks(code: str):
    """Thanks after the survey (also what a second attempt sees)."""
    ticket = get_ticket_or_404(code)
    if survey_for(ticket) is None:
        return redirect(url_for(".survey", code=code), code=303)
    return render_template("feedback/survey_thanks.html", ticket=ticket, site=ticket.site,
                           service=ticket.service)


# --- IKM results ------------------------------------------------------------------------------

def _results(site, start: dt.date, end: dt.date,
             agency_id: int | None = None) -> dict[str, object]:
    """The total, per-agency and per-service results; of one agency when agency_id is given."""
    total = site_ikm(site.id, start, end, agency_id=agency_id)
    by_agency = ikm_by(site.id, start, end, "agency", agency_id) if total.respondents else {}
    by_service = ikm_by(site.id, start, end, "service", agency_id) if total.respondents else {}
    agencies = {a.id: a for a in db.session.scalars(
        sa.select(Agency).where(Agency.id.in_(list(by_agency))))} if by_agency else {}
    services = {s.id: s for s in db.session.scalars(
        sa.select(Service).where(Service.id.in_(list(by_service))))} if by_service else {}
    return {
        "total": total,
        "agency_rows": sorted(((agencies[i], r) for i, r in by_agency.items() if i in agencies),
                              key=lambda row: str(row[0].tr("name")).lower()),
        "service_rows": sorted(((services[i], r) for i, r in by_service.items()
                                if i in services),
                               key=lambda row: (str(row[0].agency.tr("name")).lower(),
                                                str(row[0].tr("name")).lower())),
    }


@bp.route("/<site>/ikm")
def ikm(site: str):
    """Public results of the satisfaction survey: IKM, grade, the nine elements, per agency
    and service, for a period (default: this year so far)."""
    site_obj = catalog.get_site(site)
    start_text, end_text = request.args.get("dari", ""), request.args.get("sampai", "")
    context = {"site": site_obj, "element_names": ELEMENT_NAMES, "start_text": start_text,
               "end_text": end_text}
    try:
        start, end = ikm_period(site_obj, start_text, end_text)
    except dates.PeriodError as error:
        return render_template("feedback/ikm.html", error=str(error), has_errors=True,
                               **context), 422
    return render_template("feedback/ikm.html", start=start, end=end,
                           **_results(site_obj, start, end), **context)


# --- complaints (citizens) --------------------------------------------------------------------

def _complaint_choices(form: ComplaintForm, site) -> tuple[dict[str, Agency], dict[str, Service]]:
    agencies = {a.slug: a for a in site.agencies}
    services = {s.slug: s for s in db.session.scalars(catalog.active_services(site))}
    form.agency.choices = [("", _("MPP secara umum"))] + [
        (slug, a.tr("name")) for slug, a in agencies.items()]
    form.service.choices = [("", _("Tidak tentang layanan tertentu"))] + [
        (slug, s.tr("name")) for slug, s in sorted(
            services.items(), key=lambda item: str(item[1].tr("name")).lower())]
    return agencies, services


@bp.route("/<site>/pengaduan", methods=["GET", "POST"])
@limiter.limit(feedback_rate_limit, methods=["POST"])
def complaint_form(site: str):
    """File a complaint about the MPP, an agency or a service, anonymously or with a
    contact; the citizen gets a tracking code."""
    site_obj = catalog.get_site(site)
    form = ComplaintForm()
    agencies, services = _complaint_choices(form, site_obj)
    if request.method == "GET":
        form.service.data = request.args.get("layanan", "") if request.args.get(
            "layanan", "") in services else ""
        form.agency.data = request.args.get("instansi", "") if request.args.get(
            "instansi", "") in agencies else ""
    error = None
    if form.validate_on_submit():
        agency = agencies.get(form.agency.data or "")
        service = services.get(form.service.data or "")
        if (form.agency.data and agency is None) or (form.service.data and service is None):
            error = _("Pilihan tidak ditemukan di MPP ini.")
        else:
            try:
                complaint = file_complaint(ComplaintRequest(
                    site=site_obj, body=form.body.data or "", agency=agency, service=service,
                    contact_name=form.contact_name.data or "", contact=form.contact.data or ""))
            except ComplaintError as refusal:
                error = str(refusal.message)
                for name, message in refusal.fields.items():
                    getattr(form, name).errors = list(getattr(form, name).errors) + [
                        str(message)]
            else:
                db.session.commit()
                flash(_("Pengaduan Anda sudah kami terima. Simpan kode pelacakan %(code)s.",
                        code=complaint.code), "ok")
                return redirect(url_for(".complaint", code=complaint.code), code=303)
    elif request.method == "POST":
        error = _("Periksa isian yang ditandai.")
    status = 422 if request.method == "POST" else 200
    return render_template("feedback/complaint_form.html", site=site_obj, form=form,
                           error=error, track=TrackForm(formdata=None), lapor_url=LAPOR_URL,
                           has_errors=request.method == "POST"), status


@bp.route("/pengaduan/lacak")
def track():
    """Find a complaint by the tracking code typed in (a plain GET form)."""
    code = normalise_code(request.args.get("kode"))
    complaint = get_complaint(code) if code else None
    if complaint is None:
        return render_template("feedback/track.html", code=request.args.get("kode", ""),
                               form=TrackForm(request.args), lapor_url=LAPOR_URL,
                               has_errors=bool(code)), 404 if code else 200
    return redirect(url_for(".complaint", code=complaint.code), code=303)


@bp.route("/pengaduan/<code>")
def complaint(code: str):
    """A complaint's tracking page: status timeline and deadlines, never the contact."""
    complaint_obj = get_complaint(code)
    if complaint_obj is None:
        abort(404)
    if complaint_obj.code != code:
        return redirect(url_for(".complaint", code=complaint_obj.code), code=301)
    site = complaint_obj.site
    return render_template("feedback/complaint.html", complaint=complaint_obj, site=site,
                           statuses=STATUS_LABELS, local=_local(site), lapor_url=LAPOR_URL,
                           late=overdue(complaint_obj, dates.site_today(site)))


# --- staff ------------------------------------------------------------------------------------

STATUS_FILTERS = {"": _l("Semua"), "open": _l("Belum selesai"), **STATUS_LABELS}


@bp.route("/kelola/pengaduan")
@roles_required(*OFFICER_ROLES)
def staff_complaints():
    """Complaints this account may answer: the manager sees the site's, an officer their
    agency's; overdue first, with deadlines."""
    staff = current_staff()
    today = dates.site_today(staff.site)
    status = request.args.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    late_only = request.args.get("terlambat") == "1"
    page = db.paginate(complaints_for(staff, today, status, late_only), page=page_number(),
                       per_page=STAFF_PAGE_SIZE, error_out=False)
    return render_template("feedback/staff_list.html", page=page, site=staff.site,
                           status=status, late_only=late_only, filters=STATUS_FILTERS,
                           statuses=STATUS_LABELS, overdue=overdue, today=today,
                           local=_local(staff.site))


def _complaint_or_404(complaint_id: int) -> Complaint:
    """Another site's complaint is 404, as if it did not exist (own_or_404); one of this site
    that the account may not answer (another agency's) is 403."""
    complaint_obj = own_or_404(Complaint, complaint_id)
    if not may_see(current_staff(), complaint_obj):
        abort(403)
    return complaint_obj


@bp.route("/kelola/pengaduan/<int:complaint_id>", methods=["GET", "POST"])
@roles_required(*OFFICER_ROLES)
def staff_complaint(complaint_id: int):
    """One complaint with its contact (staff only), timeline, deadlines and the response
    form (public message and new status)."""
    complaint_obj = _complaint_or_404(complaint_id)
    form = ResponseForm()
    if request.method == "GET":
        form.status.data = "answered" if complaint_obj.status == "in_progress" else \
            "in_progress"
    error = None
    if form.validate_on_submit():
        try:
            respond(complaint_obj, current_staff(), form.message.data or "", form.status.data or "")
        except ComplaintError as refusal:
            error = str(refusal.message)
            for name, message in refusal.fields.items():
                getattr(form, name).errors = list(getattr(form, name).errors) + [str(message)]
        else:
            db.session.commit()
            flash(_("Tanggapan tersimpan dan terlihat di halaman pelacakan warga."), "ok")
            return redirect(url_for(".staff_complaint", complaint_id=complaint_id), code=303)
    elif request.method == "POST":
        error = _("Periksa isian yang ditandai.")
    site = complaint_obj.site
    return render_template(
        "feedback/staff_detail.html", complaint=complaint_obj, form=form, error=error,
        site=site, statuses=STATUS_LABELS, local=_local(site),
        late=overdue(complaint_obj, dates.site_today(site)),
        has_errors=request.method == "POST"), 422 if request.method == "POST" else 200


def _staff_scope(staff) -> int | None:
    """The agency whose IKM this account sees: None (the whole site) for the manager."""
    if staff.role == "admin":
        return None
    if staff.agency_id is None:  # the schema forbids it; refuse rather than show the site
        abort(403)
    return staff.agency_id


def _staff_period(site) -> tuple[dt.date, dt.date, str | None]:
    """The ?dari=&sampai= period, or the default one and why the typed one was refused."""
    try:
        start, end = ikm_period(site, request.args.get("dari"), request.args.get("sampai"))
    except dates.PeriodError as error:
        start, end = ikm_period(site, None, None)
        return start, end, str(error)
    return start, end, None


def _comment_service(site) -> Service | None:
    slug = request.args.get("layanan", "").strip()
    if not slug:
        return None
    return db.session.scalar(sa.select(Service).filter_by(site_id=site.id, slug=slug))


@bp.route("/kelola/ikm")
@roles_required(*OFFICER_ROLES)
def staff_ikm():
    """IKM of a period for staff: the manager sees the site per agency and per service and
    the citizens' comments; an officer sees their own agency. Both download the CSV."""
    staff = current_staff()
    site, agency_id = staff.site, _staff_scope(staff)
    start, end, error = _staff_period(site)
    context = {"site": site, "agency": staff.agency if agency_id else None,
               "element_names": ELEMENT_NAMES, "error": error, "has_errors": bool(error),
               "start_text": request.args.get("dari", ""),
               "end_text": request.args.get("sampai", ""), "start": start, "end": end}
    if error:
        return render_template("feedback/staff_ikm.html", **context), 422
    context.update(_results(site, start, end, agency_id))
    if agency_id is None:
        service = _comment_service(site)
        comments = db.paginate(
            survey_comments(site.id, start, end, service.id if service else None),
            page=page_number(), per_page=STAFF_PAGE_SIZE, error_out=False)
        ids = {c.service_id for c in comments.items}
        context.update(
            comments=comments, comment_service=service,
            comment_services={s.id: s for s in db.session.scalars(
                sa.select(Service).where(Service.id.in_(ids)))} if ids else {},
            services=sorted(db.session.scalars(sa.select(Service).filter_by(site_id=site.id)),
                            key=lambda s: str(s.tr("name")).lower()))
    return render_template("feedback/staff_ikm.html", **context)


@bp.route("/kelola/ikm.csv")
@roles_required(*OFFICER_ROLES)
def ikm_csv():
    """Per agency its services and then the agency's total (respondents, the nine NRR, IKM,
    grade); the manager's file ends with the site's total, an officer's covers their agency."""
    staff = current_staff()
    site, agency_id = staff.site, _staff_scope(staff)
    start, end, error = _staff_period(site)
    if error:
        flash(error, "error")
        return redirect(url_for(".staff_ikm"), code=303)
    results = _results(site, start, end, agency_id)

    def numbers(result) -> list[str]:
        if not result.respondents:
            return ["0"] + [""] * (len(ELEMENT_NAMES) + 2)
        return [str(result.respondents)] + [str(v) for v in result.elements] + [
            str(result.ikm), result.grade or ""]

    rows: list[list[object]] = [
        [_("Layanan"), _("Instansi"), _("Responden")]
        + [f"U{i} {name}" for i, name in enumerate(ELEMENT_NAMES, 1)] + [_("IKM"), _("Mutu")]]
    services_of: dict[int, list] = {}
    for service, result in results["service_rows"]:  # type: ignore[union-attr]
        services_of.setdefault(service.agency_id, []).append((service, result))
    for agency, agency_result in results["agency_rows"]:  # type: ignore[union-attr]
        for service, result in services_of.get(agency.id, []):
            rows.append([service.tr("name"), agency.tr("name")] + numbers(result))
        rows.append([_("Semua layanan instansi"), agency.tr("name")] + numbers(agency_result))
    total = results["total"]
    if agency_id is None:
        rows.append([_("Total %(site)s", site=site.tr("name")), ""] + numbers(total))
        name = f"ikm-{site.slug}-{start.isoformat()}-{end.isoformat()}.csv"
    else:
        if not results["agency_rows"]:  # nobody answered: still say so for the agency
            rows.append([_("Semua layanan instansi"), staff.agency.tr("name")] + numbers(total))
        name = (f"ikm-{site.slug}-{staff.agency.slug}-{start.isoformat()}-"
                f"{end.isoformat()}.csv")
    return csv_response(rows, name)


@bp.route("/kelola/ikm/saran.csv")
@roles_required("admin")
def comments_csv():
    """The citizens' comments of a period (optionally one service), newest first."""
    staff = current_staff()
    site = staff.site
    start, end, error = _staff_period(site)
    if error:
        flash(error, "error")
        return redirect(url_for(".staff_ikm"), code=303)
    service = _comment_service(site)
    query = survey_comments(site.id, start, end, service.id if service else None)
    services = {s.id: s for s in db.session.scalars(
        sa.select(Service).filter_by(site_id=site.id))}
    rows: list[list[object]] = [[_("Tanggal"), _("Layanan"), _("Instansi"), _("IKM"),
                                 _("Saran atau komentar")]]
    for response in db.session.scalars(query.limit(50_000)):
        svc = services.get(response.service_id)
        rows.append([response.day.isoformat(), svc.tr("name") if svc else "",
                     svc.agency.tr("name") if svc else "",
                     str(ikm_from_answers([response.answers]).ikm), response.comment])
    name = f"saran-skm-{site.slug}-{start.isoformat()}-{end.isoformat()}.csv"
    return csv_response(rows, name)
