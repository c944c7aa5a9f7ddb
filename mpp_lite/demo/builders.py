"""Small builders that turn (Indonesian, English) text pairs into catalogue records.

Every text field is given as a pair `("teks", "text")`, or as a bare Indonesian string that is
either a common phrase (see PHRASES) or follows a known pattern ("Gerai 4", "±10 menit",
"Rp30.000"). A bare string with no known English raises KeyError, so a missing translation
fails loudly while the data is being written instead of silently falling back to Indonesian.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any, Union

Pair = tuple[str, str]
Text = Union[str, Pair]

# Phrases used in many services, with their English.
PHRASES: dict[str, str] = {
    # actors
    "Pemohon": "Applicant",
    "Pemohon atau kuasanya": "Applicant or their authorised representative",
    "Pemohon dan petugas": "Applicant and officer",
    "Petugas gerai": "Counter officer",
    "Petugas informasi MPP": "MPP information officer",
    "Petugas loket": "Counter clerk",
    "Kasir": "Cashier",
    "Teller bank": "Bank teller",
    "Petugas lapangan": "Field officer",
    "Petugas ukur": "Land surveyor",
    "Tim teknis": "Technical team",
    "Pemohon dan kedua saksi": "Applicant and both witnesses",
    "Calon pengantin": "Bride and groom",
    "Pelapor": "Person reporting",
    "Wajib pajak": "Taxpayer",
    "Peserta": "Member",
    "Pelanggan": "Customer",
    # costs
    "Gratis": "Free",
    "Sesuai tagihan": "As billed",
    "Sesuai tarif": "According to the tariff",
    "Sesuai SPPT": "As stated on the SPPT",
    "Sesuai putusan": "As set by the court ruling",
    "Biaya sendiri": "At your own cost",
    "Dibayar di bank/kantor pos": "Paid at a bank or post office",
    # durations
    "Sesuai antrean": "Depends on the queue",
    "Hari yang sama": "Same day",
    "Sesuai jadwal": "As scheduled",
    # locations
    "Anjungan antrean, lobi Lantai 1": "Queue kiosk, 1st-floor lobby",
    "Meja informasi MPP, lobi Lantai 1": "MPP information desk, 1st-floor lobby",
    "Meja pendamping digital MPP, Lantai 1": "MPP digital assistance desk, 1st floor",
    "Rumah (daring)": "Home (online)",
    "Ponsel pemohon": "Applicant's phone",
    "Lokasi tanah": "On the land plot",
    "Lokasi bangunan": "At the building",
    "Lokasi pemasangan": "At the installation address",
    "Bank atau kantor pos": "Bank or post office",
    "Teller bank di MPP": "Bank teller at the MPP",
    "Ruang foto dan wawancara": "Photo and interview room",
    "Area parkir MPP (cek fisik)": "MPP car park (vehicle inspection)",
    # requirement sources
    "Kantor desa/kelurahan": "Village or urban village (kelurahan) office",
    "Disdukcapil, atau gerai Disdukcapil di MPP": "Civil registration office (Disdukcapil), "
                                                  "or its counter at the MPP",
    "Studio foto": "Photo studio",
    "Disediakan di gerai": "Available at the counter",
    "Disediakan di gerai atau unduh dari situs instansi": "Available at the counter or from the "
                                                          "agency's website",
    "Kantor pos atau toko alat tulis": "Post office or stationery shop",
    "KUA kecamatan tempat menikah": "Religious Affairs Office (KUA) of the sub-district where "
                                    "the marriage took place",
    "Kepolisian sektor (polsek) atau polres terdekat": "Nearest police station (polsek or polres)",
    "Rumah sakit, puskesmas, atau bidan penolong persalinan": "Hospital, community health "
                                                              "centre (puskesmas) or the "
                                                              "midwife who assisted the birth",
    "Sekolah atau perguruan tinggi": "School or university",
    "Bank tempat Anda menabung": "Your bank",
    "Notaris/PPAT": "Notary / land deed official (PPAT)",
    "Kantor Pertanahan": "Land office",
    "Dokter atau rumah sakit": "Doctor or hospital",
    "Perusahaan tempat bekerja": "Your employer",
    "Dealer atau pemilik sebelumnya": "Dealer or previous owner",
    "Diberikan petugas saat pendaftaran": "Given by the officer when you register",
}

def rupiah(amount: int) -> Pair:
    """Rp350.000 in Indonesian, Rp350,000 in English."""
    digits = f"{amount:,}"
    return f"Rp{digits.replace(',', '.')}", f"Rp{digits}"


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"Gerai (\d+)"), lambda m: f"Counter {m[1]}"),
    (re.compile(r"Gerai (\d+) dan (\d+)"), lambda m: f"Counters {m[1]} and {m[2]}"),
    (re.compile(r"Gerai (\d+), Lantai (\d+)"),
     lambda m: f"Counter {m[1]}, {_ordinal(int(m[2]))} floor"),
    (re.compile(r"Lantai (\d+)"), lambda m: f"{_ordinal(int(m[1]))} floor"),
    (re.compile(r"±(\d+) menit"), lambda m: f"about {m[1]} minutes"),
    (re.compile(r"±(\d+)–(\d+) menit"), lambda m: f"about {m[1]}–{m[2]} minutes"),
    (re.compile(r"±(\d+) jam"), lambda m: f"about {m[1]} hour{'s' if m[1] != '1' else ''}"),
    (re.compile(r"±(\d+)–(\d+) jam"), lambda m: f"about {m[1]}–{m[2]} hours"),
    (re.compile(r"(\d+) hari kerja"),
     lambda m: f"{m[1]} working day{'s' if m[1] != '1' else ''}"),
    (re.compile(r"(\d+)–(\d+) hari kerja"), lambda m: f"{m[1]}–{m[2]} working days"),
    (re.compile(r"Rp([\d.]+)"), lambda m: "Rp" + m[1].replace(".", ",")),
]


def pair(value: Text) -> Pair:
    """The (Indonesian, English) pair for a text field."""
    if isinstance(value, tuple):
        if len(value) != 2 or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"a text pair needs two non-empty strings: {value!r}")
        return value
    if value in PHRASES:
        return value, PHRASES[value]
    for pattern, english in _PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            return value, english(match)
    raise KeyError(f"no English for {value!r}: give a (id, en) pair or add it to PHRASES")


def _texts(fields: dict[str, Text | None]) -> tuple[dict[str, str], dict[str, str]]:
    indonesian, english = {}, {}
    for key, value in fields.items():
        if value is None:
            continue
        id_text, en_text = pair(value)
        indonesian[key], english[key] = id_text, en_text
    return indonesian, english


def req(text: Text, *, form: str = "none", qty: int = 1, detail: Text | None = None,
        condition: Text | None = None, source: Text | None = None, optional: bool = False,
        group: int | None = None, product_of: str | None = None) -> dict[str, Any]:
    """One requirement ("persyaratan"); `product_of`: the slug of the service of the same site
    that makes this document (a visit with both books that one first)."""
    texts, english = _texts({"text": text, "detail": detail, "condition": condition,
                             "source": source})
    record: dict[str, Any] = {"text": texts.pop("text")}
    record.update(texts)
    record.update({"form": form, "quantity": qty, "optional": optional})
    if group is not None:
        record["group"] = group
    if product_of:
        record["product_of"] = product_of
    record["translations"] = {"en": english}
    return record


def step(title: Text, *, detail: Text | None = None, location: Text | None = None,
         actor: Text | None = None, duration: Text | None = None, cost: Text | None = None,
         group: int | None = None) -> dict[str, Any]:
    """One step of the procedure."""
    texts, english = _texts({"title": title, "detail": detail, "location": location,
                             "actor": actor, "duration": duration, "cost": cost})
    record: dict[str, Any] = dict(texts)
    if group is not None:
        record["group"] = group
    record["translations"] = {"en": english}
    return record


def free(legal_basis: str, note: Text | None = None) -> dict[str, Any]:
    """A free service; `note` may explain what is still paid elsewhere (e.g. a tax)."""
    fee: dict[str, Any] = {"free": True, "amount": None, "legal_basis": legal_basis}
    if note is not None:
        fee["note"], fee["_note_en"] = pair(note)
    else:
        fee["note"] = ""
    return fee


def paid(amount: int, note: Text, legal_basis: str) -> dict[str, Any]:
    """A paid service; `amount` is the headline (lowest) tariff, `note` the full picture."""
    note_id, note_en = pair(note)
    return {"free": False, "amount": amount, "note": note_id, "legal_basis": legal_basis,
            "_note_en": note_en}


def weekly(days: range | tuple[int, ...], *intervals: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"weekday": day, "opens": opens, "closes": closes}
            for day in days for opens, closes in intervals]


def review_date(*parts: str) -> str:
    """A deterministic 'last reviewed' date in March–October 2026, varying per service."""
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    start = dt.date(2026, 3, 2)
    day = start + dt.timedelta(days=int.from_bytes(digest[:4], "big") % 240)
    while day.isoweekday() > 5:  # reviewed on a working day
        day -= dt.timedelta(days=1)
    return day.isoformat()


def site_complaint(site_name: Text) -> Pair:
    """The channels every service shares: the MPP desk and SP4N-LAPOR!."""
    name_id, name_en = pair(site_name)
    return (f"Meja pengaduan {name_id} (lobi Lantai 1); SP4N-LAPOR! (lapor.go.id, SMS 1708)",
            f"{name_en} complaint desk (1st-floor lobby); SP4N-LAPOR! (lapor.go.id, SMS 1708)")
