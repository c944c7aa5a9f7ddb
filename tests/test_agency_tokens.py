"""Agency API tokens (mpp_lite/applications/tokens.py): stored only as a hash, shown once,
scoped to one agency at one site, revocable, "last used" written sparingly; the CLI
(`tokens create|list|revoke`, `applications erase`) and the site admin's page /kelola/token-api
(admin only, the plaintext on the answer alone, revocation behind a confirmation, audited)."""
from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.applications import tokens
from mpp_lite.applications.lifecycle import Change, Receipt, change, receive
from mpp_lite.extensions import db
from mpp_lite.models import Agency, AgencyToken, Application, AuditEntry, Site

from support.agency_api import bearer, every_stored_value, make_token, token_row
from support.queue import NOW, service, staff
from support.staff import login, post

TOKEN = re.compile(r"mppa_[A-Za-z0-9_-]{43}")
PAGE = "/kelola/token-api"


def agency(slug: str, site: str = "maros") -> Agency:
    return db.session.scalar(sa.select(Agency).join(Site).where(
        Site.slug == site, Agency.slug == slug))


def site(slug: str = "maros") -> Site:
    return db.session.scalar(sa.select(Site).filter_by(slug=slug))


# --- the rules --------------------------------------------------------------------------------

def test_only_the_hash_is_stored_and_the_plaintext_appears_nowhere(web_app):
    token_id, plaintext = make_token(web_app, "imigrasi", name="SIMKIM")
    assert TOKEN.fullmatch(plaintext)
    with web_app.app_context():
        token = token_row(token_id)
        assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
        assert token.hint == plaintext[:12] and token.active
        audit = db.session.scalars(sa.select(AuditEntry).filter_by(entity="agency_token")).all()
        assert [a.action for a in audit] == ["create"]
        assert "token_hash" not in audit[0].after
    stored = every_stored_value(web_app)
    assert plaintext not in stored and plaintext[12:] not in stored
    assert plaintext[12:30] not in stored  # not even a long part of the secret half


def test_every_token_is_different(web_app):
    made = {make_token(web_app)[1] for _ in range(5)}
    assert len(made) == 5


@pytest.mark.parametrize(("name", "agency_of"), [("", "maros"), ("  ", "maros"),
                                                  ("x" * 121, "maros"), ("a\x00b", "maros"),
                                                  ("SIMKIM", "ngawi")])
def test_a_token_needs_a_name_and_an_agency_of_the_site(web_app, name, agency_of):
    from mpp_lite.staff.services import EditError

    with web_app.app_context():
        with pytest.raises(EditError):
            tokens.create_token(site("maros"), agency("disdukcapil", agency_of), name)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgencyToken)) == 0


def test_authenticate_finds_active_tokens_only(web_app):
    token_id, plaintext = make_token(web_app)
    with web_app.app_context():
        assert tokens.authenticate(f"Bearer {plaintext}").id == token_id
        assert tokens.authenticate(f"bearer   {plaintext} ").id == token_id
        for header in (None, "", "Bearer", plaintext, f"Basic {plaintext}",
                       f"Bearer {plaintext}x", f"Bearer {plaintext[:-1]}", "Bearer \x00",
                       "Bearer " + "mppa_" + "a" * 5000, f"Bearer {plaintext} extra",
                       "Bearer mppa_" + "A" * 43):
            assert tokens.authenticate(header) is None, header
        assert tokens.revoke(token_row(token_id)) is True
        assert tokens.revoke(token_row(token_id)) is False  # once is enough
        db.session.commit()
        assert tokens.authenticate(f"Bearer {plaintext}") is None


def test_last_used_is_written_at_most_every_few_minutes(web_app, monkeypatch):
    token_id, plaintext = make_token(web_app)
    client = web_app.test_client()
    with web_app.app_context():
        assert token_row(token_id).last_used_at is None

    def used_at_after_a_call(moment: dt.datetime) -> dt.datetime:
        dates.freeze(monkeypatch, moment)
        client.post("/api/v1/applications/ABCDEFGHJK/events", json={"status": "ready"},
                    headers=bearer(plaintext))  # 404, but the token was used
        with web_app.app_context():
            return dates.as_utc(token_row(token_id).last_used_at)

    assert used_at_after_a_call(NOW) == NOW
    assert used_at_after_a_call(NOW + dt.timedelta(minutes=2)) == NOW  # not on every call
    later = NOW + dt.timedelta(minutes=6)
    assert used_at_after_a_call(later) == later


def test_a_token_acts_for_its_own_agency_and_site_only(web_app, monkeypatch):
    """The rules themselves refuse another agency's or site's token (not only the API)."""
    from mpp_lite.applications.lifecycle import Actor, ApplicationError

    dates.freeze(monkeypatch, NOW)
    imigrasi_id, _ = make_token(web_app, "imigrasi")
    dukcapil_id, _ = make_token(web_app, "disdukcapil")
    with web_app.app_context():
        passport = service("paspor-baru")
        with pytest.raises(ApplicationError) as refused:
            receive(Receipt(site=passport.site, service=passport, applicant_name="Siti",
                            actor=Actor(token=token_row(dukcapil_id))))
        assert refused.value.code == "forbidden"
        application, _created = receive(Receipt(
            site=passport.site, service=passport, applicant_name="Siti",
            actor=Actor(token=token_row(imigrasi_id))))
        with pytest.raises(ApplicationError) as refused:
            change(application, Change(status="in_progress",
                                       actor=Actor(token=token_row(dukcapil_id))))
        assert refused.value.code == "forbidden"


# --- CLI --------------------------------------------------------------------------------------

def test_cli_creates_a_token_printed_once(web_app):
    runner = web_app.test_cli_runner()
    result = runner.invoke(args=["tokens", "create", "--site", "maros", "--agency", "imigrasi",
                                 "--name", "SIMKIM Imigrasi"])
    assert result.exit_code == 0, result.output
    printed = TOKEN.findall(result.stdout)
    assert len(printed) == 1
    assert "cannot be shown again" in result.stderr
    with web_app.app_context():
        token = db.session.scalar(sa.select(AgencyToken))
        assert token.name == "SIMKIM Imigrasi" and token.agency.slug == "imigrasi"
        assert f"Token {token.id} " in result.stdout
        assert token.token_hash == hashlib.sha256(printed[0].encode()).hexdigest()
        assert token.created_by_id is None
    listed = runner.invoke(args=["tokens", "list"])
    assert listed.exit_code == 0 and printed[0] not in listed.output
    assert printed[0][:12] in listed.output and "SIMKIM Imigrasi" in listed.output
    assert "active" in listed.output and "last used -" in listed.output


@pytest.mark.parametrize(("args", "message"), [
    (["--site", "nowhere", "--agency", "imigrasi", "--name", "x"], "unknown site"),
    (["--site", "maros", "--agency", "nothing", "--name", "x"], "unknown agency"),
    (["--site", "maros", "--agency", "imigrasi", "--name", " "], "nama token"),
    (["--site", "maros", "--agency", "imigrasi"], "Missing option"),
])
def test_cli_refuses_bad_input(web_app, args, message):
    result = web_app.test_cli_runner().invoke(args=["tokens", "create", *args])
    assert result.exit_code != 0 and message.lower() in result.output.lower()
    assert not TOKEN.search(result.output)
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgencyToken)) == 0


def test_cli_lists_by_site_and_revokes(web_app):
    maros_id, maros = make_token(web_app, "imigrasi", name="Token Maros")
    ngawi_id, ngawi = make_token(web_app, "disdukcapil", site="ngawi", name="Token Ngawi")
    runner = web_app.test_cli_runner()
    only = runner.invoke(args=["tokens", "list", "--site", "ngawi"]).output
    assert "Token Ngawi" in only and "Token Maros" not in only
    assert runner.invoke(args=["tokens", "list", "--site", "nowhere"]).exit_code != 0
    revoked = runner.invoke(args=["tokens", "revoke", str(maros_id)])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    again = runner.invoke(args=["tokens", "revoke", str(maros_id)])
    assert again.exit_code == 0 and "already" in again.output
    for bad in ("999999", "0", "-1", "abc", str(2**70)):
        assert runner.invoke(args=["tokens", "revoke", bad]).exit_code != 0, bad
    listed = runner.invoke(args=["tokens", "list"]).output
    assert re.search(r"Token Maros .* revoked \d{4}-\d\d-\d\d", listed)
    client = web_app.test_client()
    answer = client.post("/api/v1/sites/maros/applications", json={}, headers=bearer(maros))
    assert answer.status_code == 401
    assert client.post("/api/v1/sites/ngawi/applications", json={},
                       headers=bearer(ngawi)).status_code == 422
    with web_app.app_context():
        assert token_row(ngawi_id).active
        actions = db.session.scalars(sa.select(AuditEntry.action).filter_by(
            entity="agency_token", entity_id=maros_id).order_by(AuditEntry.id)).all()
        assert actions == ["create", "update"]


def test_cli_erases_personal_data_of_applications_closed_long_ago(web_app, monkeypatch):
    dates.freeze(monkeypatch, NOW)
    with web_app.app_context():
        passport = service("paspor-baru")
        old, _ = receive(Receipt(site=passport.site, service=passport,
                                 applicant_name="Siti Lama", phone="081234567890",
                                 now=NOW - dt.timedelta(days=400)))
        change(old, Change(status="withdrawn", now=NOW - dt.timedelta(days=399)))
        recent, _ = receive(Receipt(site=passport.site, service=passport,
                                    applicant_name="Budi Baru",
                                    now=NOW - dt.timedelta(days=40)))
        change(recent, Change(status="withdrawn", now=NOW - dt.timedelta(days=39)))
        still_open, _ = receive(Receipt(site=passport.site, service=passport,
                                        applicant_name="Ani Terbuka",
                                        now=NOW - dt.timedelta(days=500)))
        db.session.commit()
    runner = web_app.test_cli_runner()
    result = runner.invoke(args=["applications", "erase"])  # default: 365 days
    assert result.exit_code == 0 and "from 1 application" in result.output
    with web_app.app_context():
        names = set(db.session.scalars(sa.select(Application.applicant_name)))
        assert names == {"", "Budi Baru", "Ani Terbuka"}
    result = runner.invoke(args=["applications", "erase", "--days", "30"])
    assert result.exit_code == 0 and "from 1 application" in result.output
    assert runner.invoke(args=["applications", "erase", "--days", "-1"]).exit_code != 0
    with web_app.app_context():
        names = set(db.session.scalars(sa.select(Application.applicant_name)))
        assert names == {"", "Ani Terbuka"}  # an open application keeps its data


# --- the site admin's page --------------------------------------------------------------------

def test_only_the_site_admin_opens_the_page(web_app):
    anonymous = web_app.test_client().get(PAGE)
    assert anonymous.status_code == 302 and "/staff/login" in anonymous.headers["Location"]
    for username in ("dukcapil.maros", "pendamping.maros", "desa.maros"):
        client = login(web_app, username)
        assert client.get(PAGE).status_code == 403, username
        assert post(client, PAGE, agency="1", name="x").status_code == 403, username
    admin = login(web_app, "admin.maros")
    page = admin.get(PAGE)
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    assert "Token API instansi" in admin.get("/staff/").get_data(as_text=True)
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgencyToken)) == 0


def _agency_id(app, slug: str, site_slug: str = "maros") -> int:
    with app.app_context():
        return agency(slug, site_slug).id


def test_creating_shows_the_token_once_and_never_again(web_app):
    admin = login(web_app, "admin.maros")
    response = post(admin, PAGE, agency=str(_agency_id(web_app, "imigrasi")),
                    name="SIMKIM Kantor Imigrasi")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    html = response.get_data(as_text=True)
    shown = TOKEN.findall(html)
    assert len(shown) == 1
    plaintext = shown[0]
    assert "hanya ditampilkan sekali" in html
    assert html.count("<option") == 3  # the form is ready for the next token (blank + 2)
    # Not in the address, not in the (cookie) session, not on the next page.
    assert plaintext not in response.headers.get("Location", "")
    session_cookie = admin.get_cookie(web_app.config["SESSION_COOKIE_NAME"], domain="mpp.test")
    serializer = web_app.session_interface.get_signing_serializer(web_app)
    assert plaintext not in repr(serializer.loads(session_cookie.value))
    later = admin.get(PAGE).get_data(as_text=True)
    assert plaintext not in later and plaintext[:12] in later
    assert "SIMKIM Kantor Imigrasi" in later and "Belum pernah" in later
    with web_app.app_context():
        token = db.session.scalar(sa.select(AgencyToken))
        assert token.created_by_id == staff("admin.maros").id
        assert token.agency.slug == "imigrasi"
        entry = db.session.scalar(sa.select(AuditEntry).filter_by(entity="agency_token"))
        assert entry.staff_id == staff("admin.maros").id and entry.action == "create"
    assert plaintext not in every_stored_value(web_app)
    # The token works with the API at once.
    answer = web_app.test_client().post("/api/v1/applications/ABCDEFGHJK/events", json={},
                                        headers=bearer(plaintext))
    assert answer.status_code == 404


@pytest.mark.parametrize(("agency_of", "name", "field"), [
    ("maros", "", "Tulis nama token"),
    ("maros", "x" * 121, "paling panjang"),
    ("ngawi", "SIMKIM", "Pilih instansi"),
    (None, "SIMKIM", "Pilih instansi"),
])
def test_a_refused_form_is_shown_again_with_its_message(web_app, agency_of, name, field):
    admin = login(web_app, "admin.maros")
    agency_id = str(_agency_id(web_app, "disdukcapil", agency_of)) if agency_of else "99999999999"
    response = post(admin, PAGE, agency=agency_id, name=name)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field.lower() in html.lower() and not TOKEN.search(html)
    assert "<title>Kesalahan:" in html
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgencyToken)) == 0


def test_revoking_needs_a_confirmation(web_app):
    token_id, plaintext = make_token(web_app, "imigrasi", name="SIMKIM")
    admin = login(web_app, "admin.maros")
    listing = admin.get(PAGE).get_data(as_text=True)
    path = f"{PAGE}/{token_id}/cabut"
    assert path in listing
    confirm = admin.get(path)
    assert confirm.status_code == 200 and "SIMKIM" in confirm.get_data(as_text=True)
    with web_app.app_context():
        assert token_row(token_id).active  # asking is not doing
    no_csrf = admin.post(path, data={})
    assert no_csrf.status_code == 400
    with web_app.app_context():
        assert token_row(token_id).active
    done = post(admin, path)
    assert done.status_code == 303 and done.headers["Location"].endswith(PAGE)
    with web_app.app_context():
        token = token_row(token_id)
        assert not token.active and token.revoked_by_id == staff("admin.maros").id
        entry = db.session.scalar(sa.select(AuditEntry).filter_by(
            entity="agency_token", action="update"))
        assert entry.before["revoked_at"] is None and entry.after["revoked_at"]
        assert "token_hash" not in entry.before
    assert "Dicabut" in admin.get(PAGE).get_data(as_text=True)
    again = post(admin, path)
    assert again.status_code == 422 and "sudah dicabut" in again.get_data(as_text=True)
    answer = web_app.test_client().post("/api/v1/sites/maros/applications", json={},
                                        headers=bearer(plaintext))
    assert answer.status_code == 401


def test_another_sites_token_is_not_found(web_app):
    token_id, _plaintext = make_token(web_app, "imigrasi", site="maros")
    ngawi_admin = login(web_app, "admin.ngawi")
    assert ngawi_admin.get(f"{PAGE}/{token_id}/cabut").status_code == 404
    assert post(ngawi_admin, f"{PAGE}/{token_id}/cabut").status_code == 404
    assert "Sistem uji" not in ngawi_admin.get(PAGE).get_data(as_text=True)
    with web_app.app_context():
        assert token_row(token_id).active
    assert login(web_app, "admin.maros").get(f"{PAGE}/2147483648/cabut").status_code == 404

