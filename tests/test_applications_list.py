"""The agency's list of applications (/kelola/berkas): who sees which, overdue first (the SQL
twin of lifecycle.is_overdue), filters, search, true counts, pages, and the bulk actions with
their confirmation step, limits, refusals and stale forms."""
from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.applications import lists
from mpp_lite.applications.lifecycle import (
    Change, Receipt, change, effective_due_date, is_overdue, receive,
)
from mpp_lite.codes import grouped
from mpp_lite.extensions import db
from mpp_lite.models import (
    APPLICATION_STATUSES, Application, ClosedDate, Service, Site, StaffUser,
)
from support.html import parse, text_of
from support.html import text as plain_text
from support.staff import login, post

WITA = dt.timezone(dt.timedelta(hours=8))
MONDAY = dt.date(2026, 11, 30)  # received; 3 working days → due Thursday 3 December
TODAY = dt.date(2026, 12, 8)  # a Tuesday: Thursday's promise is 3 working days late


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), WITA)


def _change(status: str, **kw) -> Change:
    extra = {"needs_documents": {"missing": ["Akta kelahiran"]},
             "collected": {"collected_by": "applicant"},
             "rejected": {"reason": "Data tidak sesuai."}}.get(status, {})
    return Change(status=status, **{**extra, **kw})


def make(app, *, service: str = "ktp-el-baru", site: str = "maros", name: str = "Siti Aminah",
         day: dt.date = MONDAY, hour: int = 9, days: int | None = 3, walk: tuple = (),
         walk_day: dt.date | None = None) -> tuple[int, str]:
    """An application received on `day` (then taken through the statuses of `walk`)."""
    with app.app_context():
        site_obj = db.session.scalar(sa.select(Site).filter_by(slug=site))
        service_obj = db.session.scalar(sa.select(Service).filter_by(site_id=site_obj.id,
                                                                     slug=service))
        service_obj.processing_days = days
        application, created = receive(Receipt(site=site_obj, service=service_obj,
                                               applicant_name=name, now=at(day, hour)))
        assert created
        for status in walk:
            change(application, _change(status, now=at(walk_day or day, hour + 1)))
        db.session.commit()
        return application.id, application.code


@pytest.fixture
def today(monkeypatch):
    dates.freeze(monkeypatch, at(TODAY))
    return TODAY


def text(html: str) -> str:
    """The page's words, entities read (a flashed '"' is written &#34;)."""
    return html_lib.unescape(plain_text(html))


def listed(response) -> list[str]:
    """The codes of the list's rows, in order (as shown: grouped)."""
    assert response.status_code == 200, response.status_code
    tree = parse(response.get_data(as_text=True))
    return [text_of(row.findall("td")[1]) for row in tree.findall(".//tbody/tr")]


def status_line(response) -> str:
    match = re.search(r'<p role="status">([^<]*)</p>', response.get_data(as_text=True))
    assert match
    return match.group(1).strip()


def version(app, application_id: int) -> int:
    with app.app_context():
        return db.session.get(Application, application_id).version


def status_of(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).status


# --- who sees what ----------------------------------------------------------------------------


def test_an_officer_sees_their_agencys_and_the_manager_the_whole_sites(web_app, today):
    _ktp, ktp = make(web_app)
    _passport, passport = make(web_app, service="paspor-baru")
    _ngawi, ngawi = make(web_app, site="ngawi")
    officer = set(listed(login(web_app, "dukcapil.maros").get("/kelola/berkas")))
    assert officer == {grouped(ktp)}
    manager = set(listed(login(web_app, "admin.maros").get("/kelola/berkas")))
    assert manager == {grouped(ktp), grouped(passport)}
    assert grouped(ngawi) not in manager
    # An officer's ?instansi= is ignored: the agency filter is the manager's.
    other = login(web_app, "imigrasi.maros").get("/kelola/berkas?instansi=disdukcapil")
    assert listed(other) == [grouped(passport)]


@pytest.mark.parametrize("username", ["pendamping.maros", "desa.maros"])
def test_roles_without_applications_are_refused(web_app, username):
    client = login(web_app, username)
    assert client.get("/kelola/berkas").status_code == 403
    assert post(client, "/kelola/berkas/ubah", action="ready", berkas="1").status_code == 403


def test_signed_out_goes_to_login(web_app):
    response = web_app.test_client().get("/kelola/berkas")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_the_tool_is_on_the_staff_home_page(web_app):
    home = login(web_app, "dukcapil.maros").get("/staff/").get_data(as_text=True)
    assert 'href="/kelola/berkas"' in home and "Daftar berkas" in home


# --- order and overdue ------------------------------------------------------------------------


def test_default_view_is_everything_unfinished_overdue_first_then_due_then_newest(
        web_app, today):
    make(web_app, name="Selesai", walk=("ready", "collected"))
    make(web_app, name="Ditolak", walk=("rejected",))
    make(web_app, name="Batal", walk=("withdrawn",))
    _a, late_long = make(web_app, day=dt.date(2026, 11, 23))            # due 26 Nov
    _b, late_short = make(web_app, day=MONDAY, walk=("in_progress",))    # due 3 Dec
    _c, paused = make(web_app, day=dt.date(2026, 11, 20), walk=("needs_documents",))
    _d, ready = make(web_app, day=MONDAY, walk=("ready",))
    _e, due_soon = make(web_app, day=TODAY)                              # due 11 Dec
    _f, due_later = make(web_app, day=TODAY, days=10)                    # due 22 Dec
    _g, no_promise_old = make(web_app, day=MONDAY, days=None)
    _h, no_promise_new = make(web_app, day=TODAY, days=None)
    client = login(web_app, "dukcapil.maros")
    order = listed(client.get("/kelola/berkas"))
    assert order == [grouped(c) for c in (
        late_long, late_short,  # overdue, by due date
        ready, due_soon,  # ready is never late: by due date (3 Dec, 11 Dec)
        # waiting since 20 Nov: its promise (25 Nov when the clock stopped) moved 12 working
        # days to 11 Dec, not late; the same day as due_soon, received earlier
        paused,
        due_later,  # 22 Dec
        no_promise_new, no_promise_old)]  # no due date: last, newest first
    assert status_line(client.get("/kelola/berkas")) == "8 berkas belum selesai."


def test_sql_overdue_is_lifecycles_overdue_in_every_status_and_day(web_app, monkeypatch):
    paths = {"received": (), "in_progress": ("in_progress",),
             "at_head_office": ("at_head_office",), "needs_documents": ("needs_documents",),
             "ready": ("ready",), "collected": ("ready", "collected"),
             "rejected": ("rejected",), "withdrawn": ("withdrawn",)}
    assert set(paths) == set(APPLICATION_STATUSES)
    for status, walk in paths.items():
        for days in (None, 1, 3):
            make(web_app, walk=walk, days=days)
        # documents asked late, then they came: the due date moved by the days waited
        make(web_app, walk=("needs_documents", "in_progress") if status == "received" else walk,
             walk_day=dt.date(2026, 12, 2))
    with web_app.app_context():
        db.session.add(ClosedDate(site_id=1, date=dt.date(2026, 12, 4), reason="Libur"))
        db.session.commit()
        everything = db.session.scalars(sa.select(Application)).all()
        for offset in range(0, 14):
            day = MONDAY + dt.timedelta(days=offset)
            in_sql = set(db.session.scalars(sa.select(Application.id).where(
                lists.overdue_clause(day))))
            in_python = {a.id for a in everything if is_overdue(a, day)}
            assert in_sql == in_python, day
        assert in_python  # the comparison saw overdue ones, and others
        assert len(in_python) < len(everything)


def test_paused_due_dates_are_lifecycles_effective_due_dates(web_app, monkeypatch):
    for day in (dt.date(2026, 11, 2), dt.date(2026, 11, 20), dt.date(2026, 12, 1)):
        for walk_day in (day, dt.date(2026, 12, 3)):
            make(web_app, day=day, walk=("needs_documents",), walk_day=walk_day,
                 days=5 if day.day % 2 else 14)
    make(web_app, walk=("needs_documents",), days=None)  # no promise: nothing to move
    with web_app.app_context():
        for offset, closed in enumerate((dt.date(2026, 12, 10), dt.date(2026, 12, 24),
                                         dt.date(2027, 1, 1))):
            db.session.add(ClosedDate(site_id=1, date=closed, reason=f"Libur {offset}"))
        db.session.commit()
        staff = db.session.scalar(sa.select(StaffUser).filter_by(username="dukcapil.maros"))
        paused = db.session.scalars(sa.select(Application).where(
            Application.due_date.is_not(None))).all()
        for day in (dt.date(2026, 12, 3), dt.date(2026, 12, 9), dt.date(2026, 12, 28)):
            moved = lists.paused_due_dates(staff, day)
            assert moved == {a.id: effective_due_date(a, day) for a in paused}
            assert any(moved[a.id] != a.due_date for a in paused)


def test_a_row_shows_code_name_service_status_dates_lateness_and_the_detail_link(
        web_app, today):
    late_id, late = make(web_app, name="Budi Santoso", walk=("at_head_office",))
    paused_id, paused = make(web_app, name="Wati", day=TODAY, walk=("needs_documents",))
    html = login(web_app, "dukcapil.maros").get("/kelola/berkas").get_data(as_text=True)
    tree = parse(html)
    rows = {text_of(r.findall("td")[1]): r for r in tree.findall(".//tbody/tr")}
    late_row = text_of(rows[grouped(late)])
    assert "Budi Santoso" in late_row and "KTP-el baru" in late_row
    assert "Diproses di kantor pusat instansi" in late_row
    assert "30 November 2026" in late_row and "3 Desember 2026" in late_row
    assert "terlambat 3 hari kerja" in late_row  # 4, 7 and 8 December
    assert rows[grouped(late)].get("class") == "overdue"
    paused_row = text_of(rows[grouped(paused)])
    assert "menunggu dokumen" in paused_row and "terlambat" not in paused_row
    assert f'href="/kelola/berkas/{late_id}"' in html
    assert f'href="/kelola/berkas/{paused_id}"' in html


def test_lateness_counts_working_days_only(web_app, monkeypatch):
    make(web_app, day=dt.date(2026, 12, 1), days=3)  # due Friday 4 December
    with web_app.app_context():
        db.session.add(ClosedDate(site_id=1, date=dt.date(2026, 12, 7), reason="Cuti bersama"))
        db.session.commit()

    def words_on(day: dt.date) -> str:  # a session lasts a working day: sign in that day
        dates.freeze(monkeypatch, at(day))
        client = login(web_app, "dukcapil.maros")
        return text(client.get("/kelola/berkas").get_data(as_text=True))

    assert "lewat batas waktu" in words_on(dt.date(2026, 12, 5))  # Saturday: no working day
    assert "terlambat 1 hari kerja" in words_on(dt.date(2026, 12, 8))  # (Mon 7 closed), Tue 8
    assert "terlambat 2 hari kerja" in words_on(dt.date(2026, 12, 9))
    words = words_on(dt.date(2026, 12, 4))  # the due day itself
    assert not re.search(r"terlambat \d", words) and "lewat batas" not in words


# --- filters, search, counts, pages ----------------------------------------------------------


def test_filters_status_service_agency_and_overdue_with_true_counts(web_app, today):
    _a, late = make(web_app)
    _b, fresh = make(web_app, day=TODAY, walk=("in_progress",))
    _c, kk = make(web_app, service="kk-perubahan", day=TODAY)
    _d, done = make(web_app, walk=("ready", "collected"))
    _e, passport = make(web_app, service="paspor-baru")
    client = login(web_app, "dukcapil.maros")
    response = client.get("/kelola/berkas?status=in_progress")
    assert listed(response) == [grouped(fresh)]
    assert status_line(response) == "1 berkas cocok dengan saringan."
    assert set(listed(client.get("/kelola/berkas?status=all"))) == {
        grouped(c) for c in (late, fresh, kk, done)}
    assert listed(client.get("/kelola/berkas?status=collected")) == [grouped(done)]
    response = client.get("/kelola/berkas?layanan=kk-perubahan")
    assert listed(response) == [grouped(kk)]
    assert status_line(response) == "1 berkas cocok dengan saringan."
    assert listed(client.get("/kelola/berkas?terlambat=1")) == [grouped(late)]
    # another agency's service is no choice for this officer: the filter is ignored
    assert len(listed(client.get("/kelola/berkas?layanan=paspor-baru"))) == 3
    manager = login(web_app, "admin.maros")
    response = manager.get("/kelola/berkas?instansi=imigrasi")
    assert listed(response) == [grouped(passport)]
    assert 'value="paspor-baru"' in response.get_data(as_text=True)
    assert 'value="kk-perubahan"' not in response.get_data(as_text=True)  # imigrasi's only
    response = manager.get("/kelola/berkas?terlambat=1")
    assert set(listed(response)) == {grouped(late), grouped(passport)}
    assert status_line(response) == "2 berkas cocok dengan saringan."


def test_search_by_code_with_or_without_dashes_and_by_part_of_the_name(web_app, today):
    _a, siti = make(web_app, name="Siti Aminah")
    _b, budi = make(web_app, name="Budi 100% Santoso")
    _c, wati = make(web_app, name="Wati_Lestari")
    client = login(web_app, "dukcapil.maros")

    def search(q: str) -> list[str]:
        response = post(client, "/kelola/berkas", q=q, status="open")
        assert response.status_code == 303
        assert "q=" not in response.headers["Location"]
        return listed(client.get(response.headers["Location"]))

    assert search(grouped(siti)) == [grouped(siti)]
    assert search(siti.lower()) == [grouped(siti)]
    assert search(" " + grouped(siti).lower().replace("-", " ") + " ") == [grouped(siti)]
    assert search("AMINAH") == [grouped(siti)]
    assert search("tos") == [grouped(budi)]
    assert search("100%") == [grouped(budi)]
    assert search("%") == [grouped(budi)]  # a wildcard typed is a plain character
    assert search("_") == [grouped(wati)]
    assert search("i_L") == [grouped(wati)]
    assert search("x" * 5000) == []


def test_empty_states_say_whether_there_is_nothing_or_nothing_matching(web_app, today):
    client = login(web_app, "dukcapil.maros")
    words = text(client.get("/kelola/berkas").get_data(as_text=True))
    assert "Belum ada berkas." in words and "0 berkas belum selesai." in words
    make(web_app, walk=("ready", "collected"))
    words = text(client.get("/kelola/berkas").get_data(as_text=True))
    assert "Tidak ada berkas yang cocok." in words and "Belum ada berkas" not in words
    found = post(client, "/kelola/berkas", q="tidak-ada")
    assert found.headers["Location"] == "/kelola/berkas?cari=1"
    words = text(client.get(found.headers["Location"]).get_data(as_text=True))
    assert "Tidak ada berkas yang cocok." in words


def test_pages_keep_the_filters_and_count_every_match(staff_app, today):
    app = staff_app(APPLICATION_PAGE_SIZE=2)
    codes = [make(app, name=f"Pemohon {i}", hour=8 + i)[1] for i in range(5)]
    make(app, service="paspor-baru")
    client = login(app, "dukcapil.maros")
    first = client.get("/kelola/berkas?layanan=ktp-el-baru")
    html = first.get_data(as_text=True)
    assert status_line(first) == "5 berkas cocok dengan saringan."
    assert "Halaman 1 dari 3" in html
    assert 'href="/kelola/berkas?layanan=ktp-el-baru&amp;page=2"' in html
    seen = listed(first) + listed(client.get("/kelola/berkas?layanan=ktp-el-baru&page=2")) \
        + listed(client.get("/kelola/berkas?layanan=ktp-el-baru&page=3"))
    assert seen == [grouped(c) for c in reversed(codes)]  # same due date: newest first
    beyond = client.get("/kelola/berkas?page=9")
    assert beyond.status_code == 200 and "Halaman ini kosong." in text(
        beyond.get_data(as_text=True))


@pytest.mark.parametrize("query", [
    "status=nonsense", "layanan=%00", "instansi=x&layanan=" + "y" * 3000, "page=abc",
    "page=99999999999999999999", "q=%ff%fe", "terlambat=2", "_scheme=javascript&page=2",
    "_external=1&q=a",
])
def test_bad_query_strings_never_break_the_list(web_app, today, query):
    make(web_app)
    response = login(web_app, "dukcapil.maros").get("/kelola/berkas?" + query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:  # broken encodings and NUL bytes: the edge's message
        assert "karakter yang tidak diizinkan" in response.get_data(as_text=True)


# --- bulk actions -----------------------------------------------------------------------------


def test_bulk_ready_confirms_first_then_changes_each_and_reports_refusals(web_app, today):
    ids = [make(web_app, name=f"Pemohon {i}", walk=("in_progress",))[0] for i in range(3)]
    done_id, done = make(web_app, name="Sudah", walk=("ready", "collected"))
    client = login(web_app, "dukcapil.maros")
    chosen = ids + [done_id]
    confirm = post(client, "/kelola/berkas/ubah?status=in_progress", action="ready",
                   berkas=[str(i) for i in chosen], pickup_place="Meja 3",
                   pickup_until="2026-12-31")
    assert confirm.status_code == 200
    parse(confirm.get_data(as_text=True))  # strict: no HTML error
    words = text(confirm.get_data(as_text=True))
    assert "3 berkas ini akan diubah menjadi \"Siap diambil\"" in words
    assert "Belum ada yang disimpan" in words
    assert f"{grouped(done)}: Berkas ini sudah selesai (Sudah diambil)" in words
    assert "Meja 3" in words and "31 Desember 2026" in words
    assert all(status_of(web_app, i) == "in_progress" for i in ids)  # nothing saved yet
    items = re.findall(r'name="item" value="([^"]+)"', confirm.get_data(as_text=True))
    assert sorted(items) == sorted(f"{i}:{version(web_app, i)}" for i in ids)
    applied = post(client, "/kelola/berkas/ubah?status=in_progress", step="apply",
                   action="ready", item=items, pickup_place="Meja 3",
                   pickup_from="", pickup_until="2026-12-31", note="")
    assert applied.status_code == 303
    assert applied.headers["Location"] == "/kelola/berkas?status=in_progress"
    with web_app.app_context():
        for application_id in ids:
            application = db.session.get(Application, application_id)
            assert application.status == "ready"
            assert application.pickup_place == "Meja 3"
            assert application.pickup_from == TODAY
            assert application.pickup_until == dt.date(2026, 12, 31)
            assert application.events[-1].staff.username == "dukcapil.maros"
    page = text(client.get(applied.headers["Location"]).get_data(as_text=True))
    assert '3 berkas diubah menjadi "Siap diambil".' in page


def test_impossible_changes_are_refused_one_by_one_when_applied(web_app, today):
    first_id, _first = make(web_app, walk=("in_progress",))
    second_id, second = make(web_app, walk=("in_progress",))
    client = login(web_app, "dukcapil.maros")
    items = [f"{first_id}:{version(web_app, first_id)}"]
    with web_app.app_context():  # meanwhile: the second one was handed over
        application = db.session.get(Application, second_id)
        change(application, _change("ready"))
        change(application, _change("collected"))
        db.session.commit()
    items.append(f"{second_id}:{version(web_app, second_id)}")
    response = post(client, "/kelola/berkas/ubah", step="apply", action="at_head_office",
                    item=items)
    assert response.status_code == 303
    assert status_of(web_app, first_id) == "at_head_office"
    assert status_of(web_app, second_id) == "collected"
    words = text(client.get("/kelola/berkas").get_data(as_text=True))
    assert '1 berkas diubah menjadi "Diproses di kantor pusat instansi".' in words
    assert "1 berkas tidak diubah:" in words
    assert f"{grouped(second)}: Berkas ini sudah selesai (Sudah diambil)" in words


def test_a_stale_confirmation_refuses_the_changed_one_and_applies_the_others(web_app, today):
    fresh_id, _fresh = make(web_app)
    stale_id, stale = make(web_app)
    client = login(web_app, "dukcapil.maros")
    confirm = post(client, "/kelola/berkas/ubah", action="in_progress",
                   berkas=[str(fresh_id), str(stale_id)])
    items = re.findall(r'name="item" value="([^"]+)"', confirm.get_data(as_text=True))
    assert len(items) == 2
    with web_app.app_context():  # another officer asks for documents in the meantime
        change(db.session.get(Application, stale_id), _change("needs_documents"))
        db.session.commit()
    response = post(client, "/kelola/berkas/ubah", step="apply", action="in_progress",
                    item=items)
    assert response.status_code == 303
    assert status_of(web_app, fresh_id) == "in_progress"
    assert status_of(web_app, stale_id) == "needs_documents"
    words = text(client.get("/kelola/berkas").get_data(as_text=True))
    assert f"{grouped(stale)}: Berkas ini baru saja diubah petugas lain." in words
    assert '1 berkas diubah menjadi "Sedang diproses".' in words


def test_applications_not_visible_are_never_changed(web_app, today):
    own_id, _own = make(web_app)
    passport_id, passport = make(web_app, service="paspor-baru")
    ngawi_id, _ngawi = make(web_app, site="ngawi")
    client = login(web_app, "dukcapil.maros")
    confirm = post(client, "/kelola/berkas/ubah", action="in_progress",
                   berkas=[str(own_id), str(passport_id), str(ngawi_id), "abc",
                           "99999999999"])
    html = confirm.get_data(as_text=True)
    assert "4 pilihan tidak ditemukan" in text(html) and grouped(passport) not in html
    items = [f"{i}:{version(web_app, i)}" for i in (own_id, passport_id, ngawi_id)]
    response = post(client, "/kelola/berkas/ubah", step="apply", action="in_progress",
                    item=items + ["1:x", "-3:1"])
    assert response.status_code == 303
    assert status_of(web_app, own_id) == "in_progress"
    assert status_of(web_app, passport_id) == "received"
    assert status_of(web_app, ngawi_id) == "received"
    words = text(client.get("/kelola/berkas").get_data(as_text=True))
    assert "4 pilihan tidak ditemukan" in words and "4 berkas tidak diubah:" in words


def test_bulk_refuses_too_many_none_and_no_action_with_a_message(web_app, today):
    make(web_app)
    client = login(web_app, "dukcapil.maros")
    too_many = post(client, "/kelola/berkas/ubah", action="ready",
                    berkas=[str(i) for i in range(1, lists.MAX_BULK + 2)])
    assert too_many.status_code == 422
    assert "Paling banyak 200 berkas sekali ubah; Anda memilih 201." in text(
        too_many.get_data(as_text=True))
    assert "<title>Kesalahan:" in too_many.get_data(as_text=True)
    none = post(client, "/kelola/berkas/ubah", action="ready")
    assert none.status_code == 422 and "Pilih dulu berkas" in none.get_data(as_text=True)
    no_action = post(client, "/kelola/berkas/ubah", berkas="1")
    assert no_action.status_code == 422
    assert "Pilih apa yang dilakukan" in no_action.get_data(as_text=True)
    assert 'id="pilih-1" name="berkas" value="1" checked' in no_action.get_data(as_text=True)
    other = post(client, "/kelola/berkas/ubah", berkas="1", action="collected")
    assert other.status_code == 422  # pickup is one citizen at a time, at the desk
    applied = post(client, "/kelola/berkas/ubah", step="apply", action="in_progress",
                   item=[f"{i}:1" for i in range(1, lists.MAX_BULK + 2)])
    assert applied.status_code == 303 and status_of(web_app, 1) == "received"


def test_bad_pickup_dates_are_shown_by_their_fields(web_app, today):
    application_id, _code = make(web_app)
    client = login(web_app, "dukcapil.maros")
    response = post(client, "/kelola/berkas/ubah", action="ready", berkas=str(application_id),
                    pickup_from="2026-12-01", pickup_until="kemarin",
                    pickup_place="x" * 300)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Tanggal mulai ambil tidak boleh sebelum hari ini." in html
    assert "Tanggal tidak sah" in html
    assert "Paling panjang 200 karakter." in html
    response = post(client, "/kelola/berkas/ubah", action="ready", berkas=str(application_id),
                    pickup_from="2026-12-20", pickup_until="2026-12-10")
    assert "Batas ambil harus sesudah tanggal mulai ambil." in response.get_data(as_text=True)
    assert status_of(web_app, application_id) == "received"


def test_bulk_forms_need_the_csrf_token(web_app, today):
    application_id, _code = make(web_app)
    client = login(web_app, "dukcapil.maros")
    response = client.post("/kelola/berkas/ubah", data={
        "step": "apply", "action": "in_progress",
        "item": f"{application_id}:{version(web_app, application_id)}"})
    assert response.status_code == 400
    assert status_of(web_app, application_id) == "received"


def test_select_all_ticks_every_row_of_the_page(web_app, today):
    ids = [make(web_app, name=f"P{i}")[0] for i in range(3)]
    client = login(web_app, "dukcapil.maros")
    plain = client.get("/kelola/berkas").get_data(as_text=True)
    assert " checked" not in plain.split("<tbody>")[1].split("</tbody>")[0]
    ticked = client.get("/kelola/berkas?pilih=semua").get_data(as_text=True)
    for application_id in ids:
        assert f'value="{application_id}" checked' in ticked


def test_the_manager_changes_several_agencies_at_once(web_app, today):
    ktp_id, _ktp = make(web_app)
    passport_id, _passport = make(web_app, service="paspor-baru")
    client = login(web_app, "admin.maros")
    confirm = post(client, "/kelola/berkas/ubah", action="at_head_office",
                   berkas=[str(ktp_id), str(passport_id)])
    items = re.findall(r'name="item" value="([^"]+)"', confirm.get_data(as_text=True))
    response = post(client, "/kelola/berkas/ubah", step="apply", action="at_head_office",
                    item=items, note="Dikirim ke kantor pusat hari ini.")
    assert response.status_code == 303
    with web_app.app_context():
        for application_id in (ktp_id, passport_id):
            application = db.session.get(Application, application_id)
            assert application.status == "at_head_office"
            assert application.events[-1].note == "Dikirim ke kantor pusat hari ini."
            assert application.events[-1].staff.username == "admin.maros"


def test_a_name_searched_for_never_goes_into_an_address(web_app, today):
    """The search text stays in the session: the redirect, the page links and the bulk form's
    action carry `cari=1` only, and a new list without it shows everything again."""
    make(web_app, name="Siti Aminah")
    make(web_app, name="Budi Santoso")
    client = login(web_app, "dukcapil.maros")
    response = post(client, "/kelola/berkas", q="Siti", status="open", terlambat="")
    location = response.headers["Location"]
    assert response.status_code == 303 and "Siti" not in location and "cari=1" in location
    found = client.get(location)
    html = found.get_data(as_text=True)
    assert status_line(found).startswith("1 berkas")
    assert "Siti" not in " ".join(re.findall(r'(?:href|action)="([^"]*)"', html))
    assert len(listed(client.get("/kelola/berkas"))) == 2
    cleared = post(client, "/kelola/berkas", q="", status="open")
    assert cleared.headers["Location"] == "/kelola/berkas?status=open"
    assert len(listed(client.get("/kelola/berkas?cari=1"))) == 2
