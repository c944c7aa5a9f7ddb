"""The pages of issues #5 and #6 in Chromium: axe-core (WCAG 2.2 A/AA) on the new citizen and
staff pages, small phones (320 and 360 px) on the citizen pages, the complaint and survey
journeys with JavaScript off, and no console error or failed request (CSP violations show as
console errors) on any of them.

Logins are rate-limited, so each role logs in once per module and its cookies are reused.
Records this module adds to the shared demo database (a complaint, finished tickets and their
surveys) are removed at the end.
"""
from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.models import Complaint, Service, Site, SurveyResponse, Ticket
from mpp_lite.queue.booking import BookingRequest, issue_ticket
from mpp_lite.queue.calendar import next_service_days

from support.browser import axe_violations, format_violations, layout_problems, shots

pytestmark = pytest.mark.browser

PASSWORD = "mpp-demo-2026"
SITE = "maros"
SURVEY_SERVICE = "kk-baru"
LEAFLET_SERVICE = "ktp-el-baru"
VILLAGE_SERVICE = "akta-kematian"

CITIZEN_PAGES = ["counters-today", "ikm", "complaint-form", "complaint-tracking", "done-ticket",
                 "survey", "pending", "leaflet",
                 # the same pages' other states
                 "ikm-bad-period", "track-unknown-code", "survey-thanks", "survey-not-yet"]
STATUS = {"ikm-bad-period": 422, "track-unknown-code": 404, "survey-not-yet": 409}
# (name, account, path or a name resolved by staff_path)
STAFF_PAGES = [
    ("dashboard", "admin.maros", "/kelola/"),
    ("catalogue", "admin.maros", "/kelola/katalog"),
    ("service-edit", "admin.maros", None),
    ("accounts", "admin.maros", "/kelola/akun"),
    ("audit", "admin.maros", "/kelola/audit"),
    ("announcements", "admin.maros", "/kelola/pengumuman"),
    ("announcement-new", "admin.maros", "/kelola/pengumuman/baru"),
    ("counter-report", "admin.maros", "/kelola/laporan-gerai"),
    ("complaints", "admin.maros", "/kelola/pengaduan"),
    ("complaint-detail", "admin.maros", None),
    ("ikm-report", "admin.maros", "/kelola/ikm"),
    ("site-edit", "admin.maros", "/kelola/situs"),
    ("agencies", "admin.maros", "/kelola/instansi"),
    ("counters", "admin.maros", "/kelola/gerai"),
    ("services", "admin.maros", "/kelola/layanan"),
    ("account-new", "admin.maros", "/kelola/akun/baru"),
    ("agency-tokens", "admin.maros", "/kelola/token-api"),
    ("complaints-officer", "dukcapil.maros", "/kelola/pengaduan"),
    ("village-home", "desa.bontoa", "/desa/"),
    ("village-leaflets", "desa.bontoa", "/desa/selebaran"),
    ("village-book", "desa.bontoa", f"/desa/pesan?layanan={VILLAGE_SERVICE}"),
    ("assisted-home", "pendamping.maros", "/pendamping/"),
    # several services in one visit (#15)
    ("village-visit-choose", "desa.bontoa", "/desa/kunjungan"),
    ("village-visit-details", "desa.bontoa", "/desa/kunjungan?layanan=akta-kelahiran&layanan=kia"),
    ("assisted-visit", "pendamping.maros", "/pendamping/kunjungan"),
]


# --- watching a page for console errors and failed requests -------------------------------------

class Watch:
    """Everything that went wrong while a page loaded: console errors (Chromium reports CSP
    violations there), uncaught exceptions, requests that failed or answered ≥ 400, and
    requests to other origins."""

    def __init__(self, page, origin: str, status: int = 200):
        self.problems: list[str] = []
        self.origin = origin
        # Chromium logs a document answered 4xx as a console error; expected there.
        self.expected = f"the server responded with a status of {status}" if status >= 400 \
            else None
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("request", self._request)

    def _console(self, message) -> None:
        if message.type == "error" and not (
                self.expected and self.expected in message.text
                and message.location.get("url", "").split("?")[0].endswith(
                    ("/lacak", "/ikm", "/survei"))):
            self.problems.append(f"console: {message.text}")

    def _failed(self, request) -> None:
        # net::ERR_ABORTED is the browser cancelling a request itself, e.g. the favicon still
        # loading when the test clicks on to the next page; a server failure shows as a status
        # (see _response) or as another net:: error.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    def _request(self, request) -> None:
        if not request.url.startswith(self.origin + "/") and not request.url.startswith(
                ("data:", "blob:")):
            self.problems.append(f"third-party request: {request.url}")


def open_page(page, origin: str, path: str, status: int = 200) -> Watch:
    """Go to path, wait until the network is quiet, check the status; the page's Watch."""
    watch = Watch(page, origin, status)
    response = page.goto(origin + path, wait_until="networkidle")
    assert response is not None and response.status == status, (
        f"{path} answered {response and response.status}, expected {status}")
    return watch


def assert_clean(watch: Watch, page) -> None:
    page.wait_for_load_state("networkidle")
    assert not watch.problems, f"{page.url}:\n" + "\n".join(watch.problems)


# --- records the pages need ---------------------------------------------------------------------

def _service(slug: str) -> Service:
    site = db.session.scalar(sa.select(Site).filter_by(slug=SITE))
    return db.session.scalar(sa.select(Service).filter_by(site_id=site.id, slug=slug))


def make_done_ticket(app) -> str:
    """A ticket of the demo MPP, booked for its next service day and marked done."""
    with app.app_context():
        service = _service(SURVEY_SERVICE)
        site = service.site
        # The second service day from today: never today, which closes in the afternoon.
        day = next_service_days(site, service, local_now(site.timezone).date(), 2)[-1]
        ticket, _created = issue_ticket(BookingRequest(
            site=site, service=service, day=day, name="Warga Survei",
            idempotency_key=uuid.uuid4().hex), secret=app.config["SECRET_KEY"])
        ticket.status = "done"
        db.session.commit()
        return ticket.code


def remove_tickets(app, codes: list[str]) -> None:
    with app.app_context():
        ids = list(db.session.scalars(sa.select(Ticket.id).where(Ticket.code.in_(codes))))
        if ids:
            db.session.execute(sa.delete(SurveyResponse).where(SurveyResponse.ticket_id.in_(ids)))
            db.session.execute(sa.delete(Ticket).where(Ticket.id.in_(ids)))
        db.session.commit()


def remove_complaints(app, codes: list[str]) -> None:
    with app.app_context():
        for complaint in db.session.scalars(sa.select(Complaint).where(Complaint.code.in_(codes))):
            db.session.delete(complaint)
        db.session.commit()


def file_complaint_in_browser(page, origin: str, body: str) -> str:
    """Fill and send the complaint form; the tracking code from the page it lands on."""
    page.goto(f"{origin}/{SITE}/pengaduan")
    page.get_by_label("Apa yang ingin Anda adukan?").fill(body)
    page.get_by_role("button", name="Kirim pengaduan").click()
    page.wait_for_url(re.compile(r"/pengaduan/[^/?]+$"))
    code = page.url.rsplit("/", 1)[1]
    assert code != "lacak"
    return code


@pytest.fixture(scope="module")
def module_records(live_app):
    """Codes added by this module, removed at its end."""
    made = {"tickets": [], "complaints": []}
    yield made
    remove_tickets(live_app, made["tickets"])
    remove_complaints(live_app, made["complaints"])


@pytest.fixture(scope="module")
def filed_complaint(browser, live_server, live_app, module_records) -> dict:
    """A complaint filed through the form (JavaScript on): its code and database id."""
    context = browser.new_context(viewport=shots.VIEWPORT, locale=shots.LOCALE)
    try:
        code = file_complaint_in_browser(context.new_page(), live_server,
                                         "Gerai Dukcapil kosong pukul 10.00 tanpa pemberitahuan.")
    finally:
        context.close()
    module_records["complaints"].append(code)
    with live_app.app_context():
        complaint_id = db.session.scalar(sa.select(Complaint.id).filter_by(code=code))
    assert complaint_id is not None
    return {"code": code, "id": complaint_id}


@pytest.fixture(scope="module")
def done_ticket(live_app, module_records) -> str:
    code = make_done_ticket(live_app)
    module_records["tickets"].append(code)
    return code


@pytest.fixture(scope="module")
def answered_ticket(live_app, module_records) -> str:
    from mpp_lite.feedback.services import submit_survey

    code = make_done_ticket(live_app)
    module_records["tickets"].append(code)
    with live_app.app_context():
        submit_survey(db.session.scalar(sa.select(Ticket).filter_by(code=code)), [3] * 9)
        db.session.commit()
    return code


@pytest.fixture(scope="module")
def waiting_ticket(live_app, module_records) -> str:
    code = make_done_ticket(live_app)
    module_records["tickets"].append(code)
    with live_app.app_context():
        db.session.scalar(sa.select(Ticket).filter_by(code=code)).status = "waiting"
        db.session.commit()
    return code


@pytest.fixture(scope="module")
def citizen_paths(filed_complaint, done_ticket, answered_ticket, waiting_ticket
                  ) -> dict[str, str]:
    return {
        "ikm-bad-period": f"/{SITE}/ikm?dari=2026-13-01",
        "track-unknown-code": "/pengaduan/lacak?kode=TIDAKADA",
        "survey-thanks": f"/tiket/{answered_ticket}/survei/terima-kasih",
        "survey-not-yet": f"/tiket/{waiting_ticket}/survei",
        "counters-today": f"/{SITE}/gerai",
        "ikm": f"/{SITE}/ikm",
        "complaint-form": f"/{SITE}/pengaduan",
        "complaint-tracking": f"/pengaduan/{filed_complaint['code']}",
        "done-ticket": f"/tiket/{done_ticket}",  # invites the survey
        "survey": f"/tiket/{done_ticket}/survei",
        "pending": "/tertunda",
        "leaflet": f"/desa/selebaran/{SITE}/{LEAFLET_SERVICE}",
    }


@pytest.fixture(scope="module")
def signed_in(browser, live_server):
    """signed_in(username): that account's storage state, logging in at most once."""
    states: dict[str, dict] = {}

    def state(username: str) -> dict:
        if username not in states:
            context = browser.new_context(viewport=shots.VIEWPORT, locale=shots.LOCALE)
            try:
                page = context.new_page()
                page.goto(f"{live_server}/staff/login")
                page.get_by_label("Nama pengguna").fill(username)
                page.get_by_label("Kata sandi").fill(PASSWORD)
                page.get_by_role("button", name="Masuk").click()
                page.wait_for_url(re.compile(r"/staff/$"))
                states[username] = context.storage_state()
            finally:
                context.close()
        return states[username]

    return state


# --- 1 and 4: accessibility and a clean console, citizen pages ----------------------------------

@pytest.mark.parametrize("name", CITIZEN_PAGES)
def test_new_citizen_page_meets_wcag_without_console_errors(
        new_context, live_server, axe_source, citizen_paths, name):
    """Does axe-core find no WCAG 2.x A/AA violation, and does nothing fail while loading?"""
    page = new_context().new_page()
    watch = open_page(page, live_server, citizen_paths[name], STATUS.get(name, 200))
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe found on {page.url}:\n{format_violations(violations)}"
    assert_clean(watch, page)


# --- 2: small phones ----------------------------------------------------------------------------

@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("name", CITIZEN_PAGES)
def test_new_citizen_page_fits_a_small_phone(new_context, live_server, citizen_paths, name,
                                             width):
    """At 320 and 360 px: no sideways scrolling, body text ≥ 16 px, tap targets ≥ 24×24 px."""
    page = new_context(viewport={"width": width, "height": 640}).new_page()
    watch = open_page(page, live_server, citizen_paths[name], STATUS.get(name, 200))
    problems = layout_problems(page)
    assert not problems, f"{page.url} at {width}px:\n" + "\n".join(problems)
    assert_clean(watch, page)


# --- 1 and 4: staff pages, each for its role ----------------------------------------------------

@pytest.fixture(scope="module")
def staff_paths(live_app, filed_complaint) -> dict[str, str]:
    with live_app.app_context():
        service_id = _service(SURVEY_SERVICE).id
    paths = {name: path for name, _user, path in STAFF_PAGES if path}
    paths["service-edit"] = f"/kelola/layanan/{service_id}"
    paths["complaint-detail"] = f"/kelola/pengaduan/{filed_complaint['id']}"
    return paths


@pytest.mark.parametrize("name, username", [(n, u) for n, u, _p in STAFF_PAGES])
def test_new_staff_page_meets_wcag_without_console_errors(
        new_context, live_server, axe_source, signed_in, staff_paths, name, username):
    """Signed in with the right role: no WCAG A/AA violation and nothing failing."""
    page = new_context(storage_state=signed_in(username)).new_page()
    watch = open_page(page, live_server, staff_paths[name])
    assert "/staff/login" not in page.url, f"{staff_paths[name]} sent {username} to log in"
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe found on {page.url}:\n{format_violations(violations)}"
    assert_clean(watch, page)


# --- 3: JavaScript off --------------------------------------------------------------------------

def test_complaint_filed_and_tracked_without_javascript(new_context, live_server, live_app,
                                                        module_records):
    """With JS off: send a complaint, land on its tracking page, and find it again by code."""
    page = new_context(java_script_enabled=False).new_page()
    watch = Watch(page, live_server)
    body = "Antrean KTP tidak dipanggil selama dua jam tanpa penjelasan."
    code = file_complaint_in_browser(page, live_server, body)
    module_records["complaints"].append(code)
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    expect(page.get_by_text(f"Simpan kode pelacakan {code}")).to_be_visible()
    expect(page.locator(".complaint-body")).to_have_text(body)
    expect(page.get_by_role("link", name="lapor.go.id")).to_be_visible()

    page.goto(f"{live_server}/{SITE}/pengaduan")
    page.get_by_label("Kode pelacakan").fill(code.lower())
    page.get_by_role("button", name="Lacak").click()
    page.wait_for_url(re.compile(rf"/pengaduan/{re.escape(code)}$"))
    expect(page.locator(".complaint-body")).to_have_text(body)
    with live_app.app_context():
        saved = db.session.scalar(sa.select(Complaint).filter_by(code=code))
        assert saved is not None and saved.body == body and saved.site.slug == SITE
    assert not watch.problems, "\n".join(watch.problems)


def _respondents(page) -> int:
    """The public IKM page's count of respondents (0 when it says there are none yet)."""
    found = re.search(r"Dari (\d+) responden", page.locator("main").inner_text())
    return int(found.group(1)) if found else 0


def test_survey_answered_without_javascript_is_counted_on_the_public_ikm_page(
        new_context, live_server, live_app, module_records):
    """With JS off: a done ticket's page invites the survey; the answers are thanked once and
    the public IKM page counts one more respondent."""
    code = make_done_ticket(live_app)
    module_records["tickets"].append(code)
    page = new_context(java_script_enabled=False).new_page()
    watch = Watch(page, live_server)
    page.goto(f"{live_server}/{SITE}/ikm")
    before = _respondents(page)

    page.goto(f"{live_server}/tiket/{code}")
    page.get_by_role("link", name="Isi survei").click()
    expect(page).to_have_url(re.compile(rf"/tiket/{re.escape(code)}/survei$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Survei kepuasan")
    groups = page.locator("fieldset")
    assert groups.count() == 9
    for index in range(9):  # the best answer (4) everywhere but the fee, which was free
        groups.nth(index).get_by_role("radio").nth(3).check()
    page.get_by_label("Saran atau komentar (tidak wajib)").fill("Petugas ramah sekali.")
    page.get_by_role("button", name="Kirim survei").click()
    page.wait_for_url(re.compile(r"/survei/terima-kasih$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih")

    page.goto(f"{live_server}/tiket/{code}/survei")  # a second time: only the thanks
    expect(page).to_have_url(re.compile(r"/survei/terima-kasih$"))
    page.goto(f"{live_server}/tiket/{code}")
    expect(page.get_by_text("survei untuk tiket ini sudah diisi")).to_be_visible()
    expect(page.get_by_role("link", name="Isi survei")).to_have_count(0)

    page.goto(f"{live_server}/{SITE}/ikm")
    assert _respondents(page) == before + 1
    expect(page.get_by_role("cell", name="Kartu Keluarga (KK) baru untuk keluarga baru").first).to_be_visible()
    with live_app.app_context():
        ticket_id = db.session.scalar(sa.select(Ticket.id).filter_by(code=code))
        (saved,) = db.session.scalars(sa.select(SurveyResponse).filter_by(ticket_id=ticket_id))
        assert [getattr(saved, f"u{i}") for i in range(1, 10)] == [4] * 9
    assert not watch.problems, "\n".join(watch.problems)
