"""The managers' floor view /kelola/lantai: who may see it, what it flags and when, that what
it states is true at the moment it is read, that the JSON says what the page says, and that
one page load sends as many statements with 30 counters as with 3."""
from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.floor.presenters import duration_label
from mpp_lite.models import Counter, CounterHours, Site, Ticket, service_counter
from mpp_lite.queue import calling

from support.html import parse, text_of
from support.queries import count_statements
from support.queue import book, counter, service, staff
from support.staff import login

WITA = ZoneInfo("Asia/Makassar")
TUESDAY = dt.date(2026, 11, 24)
PAGE, JSON = "/kelola/lantai", "/kelola/lantai.json"
IDLE = "Buka tetapi tidak memanggil"
CLOSED = "Tutup padahal dalam jam jadwalnya"


def at(clock: str, day: dt.date = TUESDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), WITA).astimezone(
        dt.timezone.utc)


def set_status(app, **statuses: tuple[str, str]) -> None:
    """set_status(app, gerai_1=("open", ""), ...) through the console's rule, as admin."""
    with app.app_context():
        admin = staff("admin.maros")
        for key, (status, reason) in statuses.items():
            calling.set_counter_status(counter(key.replace("_", " ").title()), admin, status,
                                       reason)
        db.session.commit()


def rows(app, client=None, path: str = JSON) -> dict[str, list[str]]:
    """Counter label (or service name, channel) → its row's cells, from the JSON."""
    doc = (client or login(app, "admin.maros")).get(path).json
    return {row["cells"][0]: row for table in doc["rows"].values() for row in table}


def test_who_may_see_the_floor(web_app, clock):
    clock(at("10:00"))
    anonymous = web_app.test_client()
    for path in (PAGE, JSON):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/staff/login" in response.location
    for username in ("dukcapil.maros", "pendamping.maros", "desa.maros"):
        client = login(web_app, username)
        assert client.get(PAGE).status_code == 403
        assert client.get(JSON).status_code == 403
    other = login(web_app, "admin.ngawi")
    assert other.get(f"{PAGE}?situs=maros").status_code == 403
    assert other.get(f"{JSON}?situs=maros").status_code == 403
    manager = login(web_app, "admin.maros")
    response = manager.get(PAGE)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "no-store" in manager.get(JSON).headers["Cache-Control"]
    assert manager.get(f"{PAGE}?situs=maros").status_code == 200
    assert manager.get(f"{PAGE}?situs=ngawi").status_code == 403


def test_a_manager_sees_only_their_own_sites_tickets(web_app, clock):
    clock(at("10:00"))
    set_status(web_app, gerai_1=("open", ""))
    with web_app.app_context():
        book()
        db.session.commit()
    maros = rows(web_app)
    ngawi = rows(web_app, login(web_app, "admin.ngawi"))
    assert maros["KTP-el baru"]["cells"][2] == "1"
    assert "KTP-el baru" not in ngawi  # nobody waits at Ngawi
    assert ngawi["Gerai 1"]["cells"][7] == "0"


def test_idle_counter_with_people_waiting_is_flagged_only_in_its_hours(web_app, clock):
    clock(at("10:00"))
    set_status(web_app, gerai_1=("open", ""), gerai_2=("open", ""), gerai_7=("open", ""))
    with web_app.app_context():
        book(now=at("09:40"))
        db.session.commit()
    shown = rows(web_app)
    # Gerai 1 and 2 serve KTP-el: both idle while a KTP-el ticket waits; Gerai 7 has none.
    for label in ("Gerai 1", "Gerai 2"):
        assert shown[label]["alert"] == "idle"
        assert shown[label]["cells"][8].startswith(IDLE) and "1 tiket menunggu" in \
            shown[label]["cells"][8]
    assert shown["Gerai 7"]["alert"] == "" and shown["Gerai 7"]["cells"][8] == ""
    # Once Gerai 1 calls it, nobody waits: no flag on either.
    with web_app.app_context():
        calling.call_next(counter("Gerai 1"), staff("dukcapil.maros"), streak=3)
    shown = rows(web_app)
    assert shown["Gerai 1"]["alert"] == shown["Gerai 2"]["alert"] == ""
    assert shown["Gerai 1"]["cells"][5] == "A-001 (dipanggil)"
    # After hours (15.00 WITA) the same idle counter with a waiting ticket is not news.
    with web_app.app_context():
        book(now=at("10:05"))
        db.session.commit()
    assert rows(web_app)["Gerai 2"]["alert"] == "idle"
    clock(at("15:30"))
    assert rows(web_app)["Gerai 2"]["alert"] == ""


def test_closed_counter_is_flagged_inside_its_own_hours_only(web_app, clock):
    clock(at("10:00"))
    set_status(web_app, gerai_1=("open", ""), gerai_2=("closed", "Gangguan jaringan"),
               gerai_7=("break", "Ibadah"))
    shown = rows(web_app)
    assert shown["Gerai 2"]["alert"] == "closed" and shown["Gerai 2"]["cells"][8] == CLOSED
    assert shown["Gerai 2"]["cells"][2] == "Tutup sejak 10.00: Gangguan jaringan"
    assert shown["Gerai 7"]["alert"] == ""  # a break is not a closure
    assert shown["Gerai 7"]["cells"][2] == "Istirahat sejak 10.00: Ibadah"
    assert shown["Gerai 2"]["cells"][4] == "admin.maros, 10.00"  # who closed it, today
    # Gerai 2 gets its own hours, 08.00–09.00 on Tuesdays: closed at 10.00 is then not news.
    with web_app.app_context():
        db.session.add(CounterHours(counter_id=counter("Gerai 2").id, weekday=2,
                                    opens=dt.time(8), closes=dt.time(9)))
        db.session.commit()
    shown = rows(web_app)
    assert shown["Gerai 2"]["alert"] == "" and shown["Gerai 2"]["cells"][3] == "08.00–09.00"
    # Before opening and on the weekend nothing is flagged either; yesterday's status
    # changes name nobody as today's officer, and their "since" is not today's.
    for moment in (at("07:30"), at("10:00", dt.date(2026, 11, 28))):
        clock(moment)
        assert all(not row["alert"] for row in rows(web_app).values())
    clock(at("10:00", dt.date(2026, 11, 25)))
    shown = rows(web_app)
    assert shown["Gerai 2"]["cells"][4] == "–"
    assert shown["Gerai 2"]["cells"][2] == "Tutup: Gangguan jaringan"


def test_what_it_states_is_true_when_read(web_app, clock):
    """Durations and waits are counted to the moment the page is read."""
    clock(at("08:00"))
    set_status(web_app, gerai_1=("open", ""), gerai_2=("open", ""), gerai_7=("open", ""))
    with web_app.app_context():
        book(now=at("07:30", TUESDAY))   # before opening: waits from 08.00
        book(now=at("09:30"))
        book("paspor-baru", now=at("09:45"))
        book("kk-perubahan", window="13:00", now=at("09:50"))  # booked for 13.00
        db.session.commit()
    clock(at("09:48"))
    with web_app.app_context():
        calling.call_next(counter("Gerai 7"), staff("imigrasi.maros"), streak=3)
    clock(at("10:00"))
    shown = rows(web_app)
    assert shown["Gerai 7"]["cells"][5] == "C-001 (dipanggil)"
    assert shown["Gerai 7"]["cells"][6] == "12 menit"
    assert shown["Gerai 7"]["cells"][4] == "imigrasi.maros, 09.48"
    ktp = shown["KTP-el baru"]["cells"]
    assert ktp[2] == "2" and ktp[3] == "2 jam" and ktp[4] == "0"
    kk = shown["Perubahan Kartu Keluarga"]["cells"]
    assert kk[2] == "0" and kk[3] == "–" and kk[4] == "1"   # not due yet: "later"
    # The KK ticket booked for 13.00 does not make Gerai 1 count more than the KTP-el two.
    assert shown["Gerai 1"]["cells"][7] == "2"
    clock(at("10:25"))
    with web_app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).filter_by(prefix="C", sequence=1))
        calling.start_service(ticket, counter("Gerai 7"), staff("imigrasi.maros"))
        db.session.commit()
    clock(at("10:31"))
    shown = rows(web_app)
    assert shown["Gerai 7"]["cells"][5] == "C-001 (dilayani)"
    assert shown["Gerai 7"]["cells"][6] == "6 menit"
    assert shown["KTP-el baru"]["cells"][3] == "2 jam 31 menit"
    clock(at("13:05"))  # the KK window has started: it waits now, from 13.00
    kk = rows(web_app)["Perubahan Kartu Keluarga"]["cells"]
    assert kk[2] == "1" and kk[3] == "5 menit" and kk[4] == "0"


def test_a_ticket_transferred_to_an_open_counter_waits_only_for_it(web_app, clock):
    clock(at("10:00"))
    set_status(web_app, gerai_1=("open", ""), gerai_2=("open", ""))
    with web_app.app_context():
        ticket = book(now=at("09:50"))
        db.session.commit()
        calling.call_next(counter("Gerai 1"), staff("dukcapil.maros"), streak=3)
        ticket = db.session.get(Ticket, ticket.id)
        calling.transfer(ticket, staff("dukcapil.maros"), counter=counter("Gerai 2"))
        db.session.commit()
    shown = rows(web_app)
    assert shown["Gerai 2"]["cells"][7] == "1" and shown["Gerai 2"]["alert"] == "idle"
    assert shown["Gerai 1"]["cells"][7] == "0" and shown["Gerai 1"]["alert"] == ""


def test_tickets_per_channel_today(web_app, clock):
    clock(at("10:00"))
    with web_app.app_context():
        for channel in ("online", "online", "village", "walkin"):
            ticket = book(now=at("09:00"))
            ticket.channel = channel
        book(now=at("09:00", dt.date(2026, 11, 23)))  # yesterday's: not counted
        db.session.commit()
    doc = login(web_app, "admin.maros").get(JSON).json
    counts = {row["key"]: row["cells"][1] for row in doc["rows"]["channels"]}
    assert counts["online"] == "2" and counts["village"] == "1" and counts["walkin"] == "1"
    assert counts["assisted"] == "0"
    assert doc["summary"]["tickets"] == "4"


def test_the_page_says_what_the_json_says(web_app, clock):
    clock(at("10:00"))
    set_status(web_app, gerai_1=("open", ""), gerai_2=("closed", "Rapat"))
    with web_app.app_context():
        book(now=at("09:30"))
        db.session.commit()
    client = login(web_app, "admin.maros")
    doc = client.get(JSON).json
    page = parse(client.get(PAGE).get_data(as_text=True))  # strict: valid HTML
    for name, items in doc["rows"].items():
        body = page.find(f'.//tbody[@data-floor-rows="{name}"]')
        shown = [[text_of(cell) for cell in tr] for tr in body.findall("tr")]
        assert shown == [row["cells"] for row in items]
        assert [tr.get("class", "") for tr in body.findall("tr")] == [
            f"floor-alert floor-{row['alert']}" if row["alert"] else "" for row in items]
    for key, value in doc["summary"].items():
        assert text_of(page.find(f'.//*[@data-floor-summary="{key}"]')) == value
    assert page.find('.//meta[@http-equiv="refresh"]') is not None
    assert doc["rows"]["counters"][0]["alert"] == "idle"      # Gerai 1
    assert doc["rows"]["counters"][1]["alert"] == "closed"    # Gerai 2


def test_duration_label():
    assert duration_label(None) == "–"
    assert duration_label(dt.timedelta(seconds=59)) == "kurang dari 1 menit"
    assert duration_label(dt.timedelta(minutes=1, seconds=59)) == "1 menit"
    assert duration_label(dt.timedelta(minutes=60)) == "1 jam"
    assert duration_label(dt.timedelta(minutes=135)) == "2 jam 15 menit"


def _grow_floor(app, count: int) -> None:
    """Give Maros `count` counters in all, each open with its own hours, a service, a
    called ticket, a waiting one and a status change: every part of the page has rows."""
    numbers = itertools.count(100)
    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        admin = staff("admin.maros")
        template = service("ktp-el-baru")
        existing = db.session.scalar(sa.select(sa.func.count()).select_from(Counter)
                                     .where(Counter.site_id == site.id))
        for index in range(existing + 1, count + 1):
            extra = Counter(site_id=site.id, agency_id=template.agency_id,
                            label=f"Loket {index}", position=index, status="closed")
            db.session.add(extra)
            db.session.flush()
            db.session.add(CounterHours(counter_id=extra.id, weekday=2, opens=dt.time(8),
                                        closes=dt.time(15)))
            db.session.execute(sa.insert(service_counter).values(
                service_id=template.id, counter_id=extra.id))
            calling.set_counter_status(extra, admin, "open", "")
            number = next(numbers)
            db.session.add(Ticket(
                code=f"floor-{number}", idempotency_key=f"floor-{number}", site_id=site.id,
                service_id=template.id, day=TUESDAY, prefix="A", sequence=number,
                status="called", name="Warga", channel="walkin", counter_id=extra.id,
                call_count=1, called_at=at("09:50")))
            db.session.add(Ticket(
                code=f"floor-w{number}", idempotency_key=f"floor-w{number}",
                site_id=site.id, service_id=template.id, day=TUESDAY, prefix="A",
                sequence=number + 500, status="waiting", name="Warga", channel="online"))
        db.session.commit()


def test_statements_do_not_grow_with_the_number_of_counters(web_app, clock):
    clock(at("10:00"))
    set_status(web_app, gerai_1=("open", ""), gerai_2=("open", ""), gerai_7=("closed", "X"))
    with web_app.app_context():
        book(now=at("09:30"))
        book(now=at("09:35"))
        book("kk-perubahan", window="13:00", now=at("09:30"))
        db.session.commit()
        calling.call_next(counter("Gerai 1"), staff("dukcapil.maros"), streak=3)
    client = login(web_app, "admin.maros")
    counts = {}
    for total in (3, 30):
        _grow_floor(web_app, total)
        for path in (PAGE, JSON):
            client.get(path)  # warm: the session's own lookups settle
            with count_statements(web_app) as statements:
                assert client.get(path).status_code == 200
            counts[(total, path)] = statements
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Counter)
                                 .join(Site).where(Site.slug == "maros")) == 30
    for path in (PAGE, JSON):
        few, many = counts[(3, path)], counts[(30, path)]
        assert len(few) == len(many), f"3 counters:\n{few}\n\n30 counters:\n{many}"
        assert len(few) <= 20, str(few)
    doc = client.get(JSON).json
    assert len(doc["rows"]["counters"]) == 30
    assert sum(1 for row in doc["rows"]["counters"] if row["cells"][5] != "–") == 28
