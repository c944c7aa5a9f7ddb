"""Demo applications (berkas) at the demo MPPs, so the tracking pages, an agency's list, the
performance report and /<site>/kinerja show something real on first start.

Each site gets the same stories: applications in every status, received over roughly the last
60 days, some still open past their promised date, some completed on time and some late. They
are made only through the lifecycle rules (applications/lifecycle.py: `receive` and `change`
with `now=` in the past), so their due dates, paused clocks, timelines and notification events
are exactly what the app itself would have recorded. Dates are counted back from the seeding
moment (`dates.now()`) in the site's working days, so the mix is the same whenever the demo is
seeded, even on a weekend or a holiday.

Names and phone numbers are invented. Each application carries the idempotency key
"demo-<n>": seeding again finds it and adds nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from .. import dates
from ..applications.lifecycle import Actor, Change, Receipt, change, receive
from ..extensions import db
from ..models import Application, Service, Site, StaffUser
from ..workdays import closed_days, is_working_day, site_add_working_days

KEY_PREFIX = "demo-"


@dataclass(frozen=True)
class Step:
    """A status change `after` working days from the day of receipt (0: later that day)."""
    after: int
    status: str
    options: dict[str, Any] = field(default_factory=dict)  # more Change members


@dataclass(frozen=True)
class Story:
    service: str       # service slug (a story whose service a site lacks is left out there)
    received: int      # working days before the seeding day
    steps: tuple[Step, ...] = ()
    missing: int = 0   # how many of the required documents were not brought (asked for later)


def _step(after: int, status: str, **options: Any) -> Step:
    return Step(after, status, options)


# The promise of each service is in mpp_lite/demo/data.py (PROCESSING_DAYS); the comments say
# how each story ends against it. Statuses now: every one at least once per site.
STORIES: tuple[Story, ...] = (
    # Disdukcapil: marriage certificate, 3 working days.
    Story("akta-perkawinan", 2),                                       # received, on time
    Story("akta-perkawinan", 9, (                                      # in progress, late
        _step(1, "in_progress", note="Berkas sedang diverifikasi petugas."),)),
    Story("akta-perkawinan", 30, (                                     # collected on time
        _step(0, "in_progress"), _step(2, "ready"),
        _step(4, "collected", collected_by="applicant"))),
    Story("akta-perkawinan", 24, (                                     # paused 3 days, late
        _step(1, "needs_documents", note="Mohon lengkapi dokumen yang kurang di gerai."),
        _step(4, "in_progress", note="Dokumen susulan sudah diterima."),
        _step(8, "ready"),
        _step(9, "collected", collected_by="proxy", collector_relation="Suami")), 1),
    Story("akta-perkawinan", 3, (                                      # waiting for documents
        _step(1, "needs_documents", note="Mohon lengkapi dokumen yang kurang di gerai."),), 1),
    # Disdukcapil: family card, done the same day (no promised date).
    Story("kk-baru", 38, (
        _step(0, "rejected", reason="Nama pada buku nikah berbeda dengan nama pada KTP-el "
                                    "suami. Perbaiki dulu biodata di Disdukcapil, lalu ajukan "
                                    "lagi."),)),
    Story("kk-baru", 12, (_step(0, "ready"), _step(1, "collected", collected_by="applicant"))),
    # Imigrasi: passport, 4 working days after the interview at the immigration office.
    Story("paspor-baru", 2, (
        _step(1, "at_head_office", note="Wawancara dan foto di Kantor Imigrasi sesuai "
                                        "jadwal M-Paspor."),)),
    Story("paspor-baru", 11, (_step(1, "at_head_office"),)),         # at head office, late
    Story("paspor-baru", 20, (
        _step(1, "at_head_office"), _step(4, "ready", note="Paspor sudah dicetak."),
        _step(6, "collected", collected_by="applicant"))),
    Story("paspor-penggantian", 33, (                                  # collected, late
        _step(1, "at_head_office"), _step(6, "ready"),
        _step(7, "collected", collected_by="applicant"))),
    # DPMPTSP: building approval (PBG), up to 28 working days.
    Story("pbg", 42, (                                                 # ready on time (paused)
        _step(2, "in_progress", note="Berkas diperiksa tim teknis."),
        _step(8, "needs_documents", note="Gambar perlu dilengkapi sebelum sidang teknis."),
        _step(13, "in_progress"),
        _step(31, "ready", note="PBG terbit; ambil dokumen aslinya di gerai.")), 1),
    Story("pbg", 10, (
        _step(1, "in_progress"),
        _step(3, "at_head_office", note="Dikaji Tim Profesi Ahli (TPA) Dinas PUPR."))),
    Story("pbg", 36, (
        _step(3, "rejected", reason="Lokasi bangunan berada di sempadan sungai menurut rencana "
                                    "tata ruang, sehingga KKPR tidak dapat diterbitkan."),)),
    # DPMPTSP: certificate of occupancy (SLF), 10 working days.
    Story("slf", 14, (_step(2, "at_head_office", note="Menunggu inspeksi lapangan."),)),
    # DPMPTSP: advertising permit, 7 working days.
    Story("izin-reklame", 21, (
        _step(1, "in_progress"), _step(9, "ready"),
        _step(10, "collected", collected_by="applicant"))),
    # Dinas Kesehatan: practice licence, 10 working days.
    Story("sip-bidan-perawat", 40, (
        _step(2, "in_progress"), _step(8, "ready"),
        _step(10, "collected", collected_by="applicant"))),
    # BPN: transfer of land title, 5 working days.
    Story("peralihan-hak-tanah", 26, (                                 # collected, late
        _step(1, "at_head_office", note="Diproses di Kantor Pertanahan."), _step(9, "ready"),
        _step(11, "collected", collected_by="proxy", collector_relation="Anak"))),
    Story("peralihan-hak-tanah", 4, (
        _step(1, "withdrawn", note="Pemohon membatalkan permohonan."),)),
    # Bapenda: BPHTB 3 and PBB transfer 14 working days.
    Story("bphtb", 18, (
        _step(1, "in_progress"), _step(2, "ready"),
        _step(2, "collected", collected_by="applicant"))),
    Story("pbb-mutasi", 28, (
        _step(2, "in_progress"), _step(12, "ready"),
        _step(15, "collected", collected_by="applicant"))),
    # PLN: new connection, 5 working days.
    Story("pln-pasang-baru", 15, (
        _step(1, "in_progress"), _step(4, "ready", note="Meter terpasang; kuitansi dan kartu "
                                                        "pelanggan siap diambil."),
        _step(5, "collected", collected_by="applicant"))),
    Story("pln-pasang-baru", 4, (_step(1, "in_progress"), _step(3, "ready"))),
    # Polres: crowd permit, 3 working days.
    Story("izin-keramaian", 6, (_step(0, "in_progress"),)),            # in progress, late
    Story("izin-keramaian", 17, (
        _step(1, "in_progress"), _step(2, "ready"),
        _step(3, "collected", collected_by="applicant"))),
    Story("izin-keramaian", 8, (
        _step(1, "withdrawn", note="Acara ditunda; pemohon membatalkan permohonan."),)),
)

# Invented applicants, one per story (and a proxy's name where a story needs one).
NAMES = {
    "maros": (
        "Andi Nurul Fadillah", "Muhammad Arham", "Sitti Hajrah", "Ahmad Syarif Tahir",
        "Nurhidayah Basri", "Andi Baso Amir", "Rahmawati Said", "Haeruddin Lallo",
        "Fitriani Kadir", "Syamsul Bahri", "Irmawati Nompo", "Muh. Ikhsan Rauf",
        "Nur Aisyah Sikki", "Abdul Rahman Tawang", "Hasnah Daeng Ngai", "Arifuddin Sulaiman",
        "Sukmawati Rasyid", "Jumriani Amin", "Kaharuddin Mappe", "Marlina Tiro",
        "Rusdi Hamzah", "Sri Wulandari Patta", "Ilham Saputra Bakri", "Hj. Nurbaya Lewa",
        "Zulkifli Sanre", "Ernawati Sompa",
    ),
    "ngawi": (
        "Sri Wahyuni", "Bambang Setiawan", "Tri Handayani", "Agus Prasetyo",
        "Endang Sulistyowati", "Joko Susilo", "Dwi Lestari", "Heru Santoso", "Siti Maemunah",
        "Wahyu Nugroho", "Rina Puspitasari", "Suparno", "Yuli Astuti", "Eko Purnomo",
        "Ninik Rahayu", "Budi Santosa", "Lilik Suryani", "Sugeng Widodo", "Ayu Kartika Sari",
        "Mulyono", "Tutik Wulandari", "Hadi Sutrisno", "Retno Palupi", "Sumarni",
        "Anang Fathoni", "Wiwik Setyaningsih",
    ),
}
PROXIES = {"maros": "Andi Muh. Yusuf", "ngawi": "Teguh Santoso"}
_RECEIVED_AT = dt.time(8, 15)  # the first receipt of a day; later stories a little later


def seed_demo_applications(now: dt.datetime | None = None) -> int:
    """Create the demo applications at every demo site that has names here; returns how many
    were created (0 when they exist already). Nothing is committed here."""
    moment = now or dates.now()
    created = 0
    for slug in NAMES:
        site = db.session.scalar(sa.select(Site).filter_by(slug=slug))
        if site is not None:
            created += _seed_site(site, moment)
    return created


def _seed_site(site: Site, now: dt.datetime) -> int:
    services = {s.slug: s for s in db.session.scalars(sa.select(Service).filter_by(
        site_id=site.id))}
    staff = list(db.session.scalars(sa.select(StaffUser).filter_by(site_id=site.id)
                                    .order_by(StaffUser.id)))
    today = dates.site_today(site, now)
    created = 0
    for number, story in enumerate(STORIES, start=1):
        service = services.get(story.service)
        key = f"{KEY_PREFIX}{number}"
        if service is None or not service.bookable or db.session.scalar(
                sa.select(Application.id).filter_by(site_id=site.id, idempotency_key=key)):
            continue
        _tell(site, service, story, number, _actor(staff, service), today, now, key)
        created += 1
    return created


def _actor(staff: list[StaffUser], service: Service) -> Actor:
    """The agency's own officer where the demo has one (so their list shows these), else the
    site's manager, else the app."""
    for role, agency_id in (("officer", service.agency_id), ("admin", None)):
        for person in staff:
            if person.role == role and (agency_id is None or person.agency_id == agency_id):
                return Actor(staff=person)
    return Actor()


def _tell(site: Site, service: Service, story: Story, number: int, actor: Actor,
          today: dt.date, now: dt.datetime, key: str) -> Application:
    """Receive one application and replay its steps at their moments in the past."""
    received_on = _working_days_before(site, today, story.received)
    moments = _moments(site, received_on, story, number, now)
    required = [r.text for r in service.requirements if not r.condition and not r.optional]
    brought = required[:len(required) - story.missing] if story.missing else required
    names = NAMES[site.slug]
    application, _created = receive(Receipt(
        site=site, service=service, applicant_name=names[(number - 1) % len(names)],
        phone=f"0812 {4000 + number * 37:04d} {1000 + number * 211:04d}" if number % 3 else "",
        documents=brought, actor=actor, idempotency_key=key, now=moments[0]))
    for step, moment in zip(story.steps, moments[1:]):
        options = dict(step.options)
        if step.status == "needs_documents":
            options.setdefault("missing", required[len(brought):])
            options.setdefault("missing_by", dates.site_today(site, moment)
                               + dt.timedelta(days=7))
        if options.get("collected_by") == "proxy":
            options.setdefault("collector_name", PROXIES[site.slug])
        change(application, Change(status=step.status, actor=actor, now=moment, **options))
    return application


def _working_days_before(site: Site, today: dt.date, count: int) -> dt.date:
    """The working day `count` working days before `today` (count 0: today, or the last
    working day before it when today is closed)."""
    holidays = closed_days(site.id, today - dt.timedelta(days=count * 7 // 5 + 60), today)
    day, counted = today, 0
    while counted < count or not is_working_day(day, holidays):
        day -= dt.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def _moments(site: Site, received_on: dt.date, story: Story, number: int,
             now: dt.datetime) -> list[dt.datetime]:
    """When the receipt and each step happened: office hours on their working days, in
    order, and never later than `now` (a step due "today" before the office opened is moved
    to just before now)."""
    zone = ZoneInfo(site.timezone)
    start = dt.datetime.combine(received_on, _RECEIVED_AT, zone) + dt.timedelta(
        minutes=(number * 23) % 300)
    moments = [start]
    for index, step in enumerate(story.steps):
        day = site_add_working_days(site.id, received_on, step.after)
        planned = dt.datetime.combine(day, dt.time(9, 30), zone) + dt.timedelta(
            minutes=45 * index)
        moments.append(max(planned, moments[-1] + dt.timedelta(minutes=25)))
    latest = now - dt.timedelta(minutes=1)
    for index in range(len(moments) - 1, -1, -1):
        moments[index] = min(moments[index], latest).astimezone(dt.timezone.utc)
        latest = moments[index] - dt.timedelta(minutes=1)
    return moments
