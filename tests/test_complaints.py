"""Complaints (pengaduan): working-day deadlines with weekends and holidays, filing anonymously
or with a contact, the public tracking page (never the contact), staff responses on the
timeline, overdue flags, and who may see what."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.codes import CODE_ALPHABET, normalise_code
from mpp_lite.feedback.services import ComplaintRequest, complaint_deadlines, file_complaint
from mpp_lite.workdays import add_working_days
from mpp_lite.models import ClosedDate, Complaint, Site

from support.catalogs import load_queue_catalog
from support.database import make_app
from support.queue import service
from support.staff import CSRF, login, post

D = dt.date
UTC = dt.timezone.utc


# --- working days (pure) ----------------------------------------------------------------------

def test_deadlines_skip_the_weekend():
    """Filed on Friday 14 Aug 2026 (no holidays): Mon, Tue, Wed → Wednesday; answer Friday."""
    assert complaint_deadlines(D(2026, 8, 14)) == (D(2026, 8, 19), D(2026, 8, 21))


def test_friday_before_a_holiday_monday():
    """17 August (Independence Day) is a Monday: Tue 18, Wed 19, Thu 20; answer Mon 24."""
    assert complaint_deadlines(D(2026, 8, 14), {D(2026, 8, 17)}) == (D(2026, 8, 20),
                                                                     D(2026, 8, 24))


def test_filed_on_a_weekend_or_holiday_counts_from_the_next_working_day():
    assert add_working_days(D(2026, 8, 15), 3) == D(2026, 8, 19)   # Saturday → Wednesday
    assert add_working_days(D(2026, 8, 17), 3, {D(2026, 8, 17)}) == D(2026, 8, 20)
    # Christmas Friday and cuti bersama Thursday: filed Wednesday 23 December.
    holidays = {D(2026, 12, 24), D(2026, 12, 25)}
    assert complaint_deadlines(D(2026, 12, 23), holidays) == (D(2026, 12, 30), D(2027, 1, 1))
    assert complaint_deadlines(D(2026, 12, 23), holidays | {D(2027, 1, 1)})[1] == D(2027, 1, 4)


def test_zero_days_is_the_day_itself():
    assert add_working_days(D(2026, 8, 14), 0) == D(2026, 8, 14)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 8, 14), -1)


def test_statuses_are_the_models_each_with_a_label():
    """A label per model status, in its order; a staff response sets any status but "new"."""
    from mpp_lite.feedback.services import RESPONSE_STATUSES, STATUS_LABELS
    from mpp_lite.models import COMPLAINT_STATUSES

    assert tuple(STATUS_LABELS) == COMPLAINT_STATUSES
    assert RESPONSE_STATUSES == ("in_progress", "answered", "closed")


# --- filing (pages) ---------------------------------------------------------------------------

def file_form(client, site: str = "maros", **fields):
    token = CSRF.search(client.get(f"/{site}/pengaduan").get_data(as_text=True)).group(1)
    data = {"agency": "", "service": "", "body": "Antrean sangat lama dan tidak ada informasi.",
            "contact_name": "", "contact": "", **fields}
    return client.post(f"/{site}/pengaduan", data={"csrf_token": token, **data})


def complaints(app) -> list[Complaint]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Complaint).order_by(Complaint.id)))
        for c in found:
            c.events  # noqa: B018 (load the timeline before the session ends)
        db.session.expunge_all()
        return found


def test_file_anonymously(web_app):
    client = web_app.test_client()
    form = client.get("/maros/pengaduan").get_data(as_text=True)
    assert "anonim" in form and "lapor.go.id" in form and "1708" in form
    response = file_form(client)
    assert response.status_code == 303
    (complaint,) = complaints(web_app)
    assert response.location.endswith(f"/pengaduan/{complaint.code}")
    assert len(complaint.code) == 10 and set(complaint.code) <= set(CODE_ALPHABET)
    assert complaint.anonymous and complaint.agency_id is None and complaint.status == "new"
    assert [e.status for e in complaint.events] == ["new"]
    page = client.get(response.location).get_data(as_text=True)
    assert complaint.code in page and "anonim" in page and "Diterima" in page
    assert "https://www.lapor.go.id/" in page and "SMS 1708" in page
    assert "paling lambat" in page


def test_file_with_contact_which_the_tracking_page_never_shows(web_app):
    client = web_app.test_client()
    response = file_form(client, service="paspor-baru", contact_name="Siti Rahma",
                         contact="0812 3456 7890")
    assert response.status_code == 303
    (complaint,) = complaints(web_app)
    assert (complaint.contact_name, complaint.contact) == ("Siti Rahma", "0812 3456 7890")
    with web_app.app_context():
        assert complaint.agency_id == service("paspor-baru").agency_id  # the service's agency
    page = client.get(response.location).get_data(as_text=True)
    assert "Siti" not in page and "3456" not in page and "Paspor baru" in page
    staff_page = login(web_app, "admin.maros").get(f"/kelola/pengaduan/{complaint.id}")
    assert "0812 3456 7890" in staff_page.get_data(as_text=True)


@pytest.mark.parametrize("fields, message", [
    ({"body": "pendek"}, "10"),
    ({"contact": "bukan kontak"}, "nomor HP"),
    ({"service": "tidak-ada"}, "tidak ditemukan"),
    ({"agency": "tidak-ada"}, "tidak ditemukan"),
])
def test_bad_complaints_are_shown_again_and_nothing_is_saved(web_app, fields, message):
    response = file_form(web_app.test_client(),
                         **{"body": "Pelayanan kurang ramah sekali.", **fields})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page and "<title>Kesalahan:" in page
    assert "Pelayanan kurang ramah sekali." in page or fields.get("body") == "pendek"
    assert complaints(web_app) == []


def test_tracking_code_lookup_forgives_case_spaces_and_dashes(web_app):
    client = web_app.test_client()
    file_form(client)
    code = complaints(web_app)[0].code
    typed = f"{code[:4].lower()}-{code[4:]} "
    response = client.get("/pengaduan/lacak", query_string={"kode": typed})
    assert response.status_code == 303 and response.location.endswith(f"/pengaduan/{code}")
    assert normalise_code(typed) == code
    assert client.get("/pengaduan/lacak?kode=ZZZZZZZZZZ").status_code == 404
    assert client.get("/pengaduan/ZZZZZZZZZZ").status_code == 404
    assert client.get("/pengaduan/lacak").status_code == 200


def test_deadlines_use_the_sites_local_day_and_holidays(web_app):
    """00.30 WITA Friday 14 August is still Thursday in UTC; Monday 17 August is closed."""
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        db.session.add(ClosedDate(site_id=site.id, date=D(2026, 8, 17), reason="HUT RI"))
        complaint = file_complaint(ComplaintRequest(
            site=site, body="Gerai tutup tanpa pemberitahuan.",
            now=dt.datetime(2026, 8, 13, 16, 30, tzinfo=UTC)))
        db.session.commit()
        assert (complaint.first_response_due, complaint.answer_due) == (D(2026, 8, 20),
                                                                        D(2026, 8, 24))


# --- staff ------------------------------------------------------------------------------------

def seed(app, slug: str | None = "ktp-el-baru", site_slug: str = "maros",
         now: dt.datetime | None = None, body: str = "Petugas datang terlambat.") -> int:
    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug=site_slug))
        complaint = file_complaint(ComplaintRequest(
            site=site, body=body, service=service(slug, site_slug) if slug else None,
            contact_name="Budi", contact="budi@contoh.id", now=now))
        db.session.commit()
        return complaint.id


def test_officer_responds_and_the_timeline_and_dates_follow(web_app):
    complaint_id = seed(web_app)
    officer = login(web_app, "dukcapil.maros")
    assert "/kelola/pengaduan" in officer.get("/staff/").get_data(as_text=True)
    assert "Petugas datang terlambat." in officer.get("/kelola/pengaduan/%d" % complaint_id) \
        .get_data(as_text=True)
    empty = post(officer, f"/kelola/pengaduan/{complaint_id}", message="", status="in_progress")
    assert empty.status_code == 422 and "paling sedikit 5 karakter" in empty.get_data(
        as_text=True)
    first = post(officer, f"/kelola/pengaduan/{complaint_id}",
                 message="Kami sedang memeriksa jadwal petugas.", status="in_progress")
    assert first.status_code == 303
    (complaint,) = complaints(web_app)
    assert complaint.status == "in_progress" and complaint.first_response_at is not None
    assert complaint.answered_at is None
    answer = post(officer, f"/kelola/pengaduan/{complaint_id}",
                  message="Petugas sudah ditegur; jadwal dipasang di gerai.", status="answered")
    assert answer.status_code == 303
    (complaint,) = complaints(web_app)
    assert complaint.status == "answered" and complaint.answered_at is not None
    assert [e.status for e in complaint.events] == ["new", "in_progress", "answered"]
    page = web_app.test_client().get(f"/pengaduan/{complaint.code}").get_data(as_text=True)
    assert "Kami sedang memeriksa jadwal petugas." in page and "Sudah dijawab" in page
    assert "jadwal dipasang di gerai" in page
    assert "dukcapil.maros" not in page and "budi@contoh.id" not in page and "Budi" not in page
    assert "paling lambat" not in page  # both dates are met now
    assert post(officer, f"/kelola/pengaduan/{complaint_id}", message="x",
                status="hapus").status_code == 422


def test_overdue_complaints_come_first_and_are_flagged(web_app):
    late = seed(web_app, now=dt.datetime(2026, 1, 5, 2, 0, tzinfo=UTC), body="Yang lama sekali.")
    seed(web_app, body="Yang baru saja dikirim.")
    admin = login(web_app, "admin.maros")
    page = admin.get("/kelola/pengaduan").get_data(as_text=True)
    codes = re.findall(r'/kelola/pengaduan/(\d+)"', page)
    assert codes[0] == str(late) and len(codes) == 2
    assert "Terlambat: belum dijawab" in page and page.count('class="overdue"') == 1
    only_late = admin.get("/kelola/pengaduan?terlambat=1").get_data(as_text=True)
    assert re.findall(r'/kelola/pengaduan/(\d+)"', only_late) == [str(late)]
    answered = admin.get("/kelola/pengaduan?status=answered").get_data(as_text=True)
    assert "Tidak ada pengaduan yang cocok" in answered
    detail = admin.get(f"/kelola/pengaduan/{late}").get_data(as_text=True)
    assert "Terlambat: belum dijawab" in detail
    public = web_app.test_client().get(
        f"/pengaduan/{complaints(web_app)[0].code}").get_data(as_text=True)
    assert "Batas waktu tanggapan sudah lewat" in public


def test_list_is_paginated_with_an_empty_state(web_app):
    admin = login(web_app, "admin.maros")
    assert "Belum ada pengaduan." in admin.get("/kelola/pengaduan").get_data(as_text=True)
    for _ in range(23):
        seed(web_app)
    first = admin.get("/kelola/pengaduan").get_data(as_text=True)
    assert len(re.findall(r'/kelola/pengaduan/\d+"', first)) == 20 and 'rel="next"' in first
    second = admin.get("/kelola/pengaduan?page=2").get_data(as_text=True)
    assert len(re.findall(r'/kelola/pengaduan/\d+"', second)) == 3


def test_who_may_see_which_complaint(web_app):
    dukcapil = seed(web_app, "ktp-el-baru")
    imigrasi = seed(web_app, "paspor-baru")
    general = seed(web_app, None)
    ngawi = seed(web_app, "ktp-el-baru", site_slug="ngawi")

    def visible(username: str) -> set[int]:
        page = login(web_app, username).get("/kelola/pengaduan").get_data(as_text=True)
        return {int(i) for i in re.findall(r'/kelola/pengaduan/(\d+)"', page)}

    assert visible("admin.maros") == {dukcapil, imigrasi, general}
    assert visible("dukcapil.maros") == {dukcapil}
    assert visible("imigrasi.maros") == {imigrasi}
    assert visible("admin.ngawi") == {ngawi}
    officer = login(web_app, "imigrasi.maros")
    assert officer.get(f"/kelola/pengaduan/{dukcapil}").status_code == 403
    assert officer.get(f"/kelola/pengaduan/{general}").status_code == 403
    assert post(officer, f"/kelola/pengaduan/{dukcapil}", message="Bukan urusan kami",
                status="closed").status_code == 403
    other_admin = login(web_app, "admin.ngawi")
    # Another site's complaint: 404 as if it did not exist (an id must not reveal it).
    assert other_admin.get(f"/kelola/pengaduan/{dukcapil}").status_code == 404
    assert post(other_admin, f"/kelola/pengaduan/{dukcapil}", message="Bukan urusan kami",
                status="closed").status_code == 404
    assert login(web_app, "dukcapil.ngawi").get(
        f"/kelola/pengaduan/{dukcapil}").status_code == 404
    for username in ("pendamping.maros", "desa.maros"):
        client = login(web_app, username)
        assert client.get("/kelola/pengaduan").status_code == 403
        assert client.get(f"/kelola/pengaduan/{dukcapil}").status_code == 403
    anonymous = web_app.test_client()
    for path in ("/kelola/pengaduan", f"/kelola/pengaduan/{dukcapil}"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/staff/login" in response.location
    assert login(web_app, "admin.maros").get("/kelola/pengaduan/99999").status_code == 404
    assert login(web_app, "admin.maros").get(
        "/kelola/pengaduan/99999999999").status_code == 404  # beyond an integer id
    assert all(c.status == "new" for c in complaints(web_app))


def test_staff_response_needs_csrf(web_app):
    complaint_id = seed(web_app)
    admin = login(web_app, "admin.maros")
    response = admin.post(f"/kelola/pengaduan/{complaint_id}",
                          data={"message": "Tanpa token", "status": "closed"})
    assert response.status_code == 400
    assert complaints(web_app)[0].status == "new"


def test_complaints_are_rate_limited(database_url):
    app = make_app(database_url, FEEDBACK_RATE_LIMIT="2 per minute")
    try:
        load_queue_catalog(app)
        client = app.test_client()
        assert [file_form(client).status_code for _ in range(3)] == [303, 303, 429]
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
