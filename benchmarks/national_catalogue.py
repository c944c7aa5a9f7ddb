"""A national-scale catalogue (272 MPPs × 150 services by default) for the #14 benchmarks.

    python benchmarks/national_catalogue.py out.json                  # 272 × 150
    python benchmarks/national_catalogue.py out.json --sites 3 --services 20
    flask --app mpp_lite catalog import out.json

`build(sites, services, seed)` returns a dict in the exact format `flask --app mpp_lite catalog
export` writes and `catalog import` reads (docs/catalog-format.md). It is generated
deterministically (same arguments, same bytes) from the demo catalogue (mpp_lite/demo): each
site is a copy of Maros or Ngawi with its own name, slug, regency, province and time zone (WIB,
WITA or WIT, with the zone names in the texts changed to match), its own opening hours, the
template's agencies and counters, and `services` services: the demo's own (a few left out per
site) topped up with renamed variants of them ("… (layanan keliling)", slug "…-keliling"), each
with its requirements and steps. Slugs never collide with the demo sites, so the file can be
imported on top of `seed-demo`.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mpp_lite.catalog.validation import FORMAT_NAME, FORMAT_VERSION  # noqa: E402

# (province, English name, time zone). The regencies are spread over them in this order.
PROVINCES = (
    ("Aceh", "Aceh", "Asia/Jakarta"),
    ("Sumatera Utara", "North Sumatra", "Asia/Jakarta"),
    ("Sumatera Barat", "West Sumatra", "Asia/Jakarta"),
    ("Riau", "Riau", "Asia/Jakarta"),
    ("Jambi", "Jambi", "Asia/Jakarta"),
    ("Sumatera Selatan", "South Sumatra", "Asia/Jakarta"),
    ("Bengkulu", "Bengkulu", "Asia/Jakarta"),
    ("Lampung", "Lampung", "Asia/Jakarta"),
    ("Kepulauan Bangka Belitung", "Bangka Belitung Islands", "Asia/Jakarta"),
    ("Kepulauan Riau", "Riau Islands", "Asia/Jakarta"),
    ("Banten", "Banten", "Asia/Jakarta"),
    ("Jawa Barat", "West Java", "Asia/Jakarta"),
    ("Jawa Tengah", "Central Java", "Asia/Jakarta"),
    ("Daerah Istimewa Yogyakarta", "Special Region of Yogyakarta", "Asia/Jakarta"),
    ("Jawa Timur", "East Java", "Asia/Jakarta"),
    ("Kalimantan Barat", "West Kalimantan", "Asia/Pontianak"),
    ("Kalimantan Tengah", "Central Kalimantan", "Asia/Pontianak"),
    ("Bali", "Bali", "Asia/Makassar"),
    ("Nusa Tenggara Barat", "West Nusa Tenggara", "Asia/Makassar"),
    ("Nusa Tenggara Timur", "East Nusa Tenggara", "Asia/Makassar"),
    ("Kalimantan Selatan", "South Kalimantan", "Asia/Makassar"),
    ("Kalimantan Timur", "East Kalimantan", "Asia/Makassar"),
    ("Kalimantan Utara", "North Kalimantan", "Asia/Makassar"),
    ("Sulawesi Utara", "North Sulawesi", "Asia/Makassar"),
    ("Gorontalo", "Gorontalo", "Asia/Makassar"),
    ("Sulawesi Tengah", "Central Sulawesi", "Asia/Makassar"),
    ("Sulawesi Barat", "West Sulawesi", "Asia/Makassar"),
    ("Sulawesi Selatan", "South Sulawesi", "Asia/Makassar"),
    ("Sulawesi Tenggara", "Southeast Sulawesi", "Asia/Makassar"),
    ("Maluku", "Maluku", "Asia/Jayapura"),
    ("Maluku Utara", "North Maluku", "Asia/Jayapura"),
    ("Papua", "Papua", "Asia/Jayapura"),
    ("Papua Barat", "West Papua", "Asia/Jayapura"),
    ("Papua Barat Daya", "Southwest Papua", "Asia/Jayapura"),
    ("Papua Tengah", "Central Papua", "Asia/Jayapura"),
    ("Papua Selatan", "South Papua", "Asia/Jayapura"),
    ("Papua Pegunungan", "Highland Papua", "Asia/Jayapura"),
)
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
              "Asia/Jayapura": "WIT"}

# Regency names are made of two Indonesian place-name words: 20 × 20 = 400 possible names.
FIRST = ("Tanjung", "Bukit", "Sungai", "Batu", "Muara", "Pulau", "Teluk", "Lembah", "Gunung",
         "Padang", "Air", "Rawa", "Tanah", "Karang", "Sumber", "Pasir", "Labuhan", "Bandar",
         "Kuala", "Talang")
SECOND = ("Jaya", "Makmur", "Indah", "Raya", "Sari", "Baru", "Asri", "Permai", "Utama",
          "Lestari", "Sejahtera", "Damai", "Mulia", "Agung", "Harapan", "Sentosa", "Bahagia",
          "Subur", "Wangi", "Tinggi")
MAX_SITES = len(FIRST) * len(SECOND)

# Renamed variants that top a site's services up to the number asked for: (slug suffix,
# Indonesian label, English label).
VARIANTS = (
    ("keliling", "layanan keliling", "mobile service"),
    ("jemput-bola", "jemput bola ke desa", "village outreach"),
    ("sabtu", "layanan hari Sabtu", "Saturday service"),
    ("prioritas", "loket prioritas", "priority desk"),
    ("kolektif", "pengajuan kolektif", "group application"),
)

# Opening hours: (Monday–Thursday, Friday) per variant; some sites also open on Saturday.
HOURS = (
    (("08:00", "15:00"), ("08:00", "11:00")),
    (("07:30", "16:00"), ("07:30", "11:00")),
    (("08:00", "16:00"), ("08:00", "11:30")),
    (("07:30", "15:30"), ("07:30", "11:30")),
)


def _regencies(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """`count` distinct (name, slug) pairs, e.g. ("Tanjung Jaya", "tanjung-jaya")."""
    names = [f"{a} {b}" for a in FIRST for b in SECOND]
    return [(name, name.lower().replace(" ", "-")) for name in rng.sample(names, count)]


def _rewriter(template: dict[str, Any], regency: str, kind: str, province: tuple[str, str, str],
              zone: str) -> Callable[[str], str]:
    """A function rewriting the template's JSON text for the new site (place and zone names).

    It works on the serialised text, which is much faster than walking the records; none of
    the words replaced occurs in a JSON key or needs escaping."""
    old = template["regency"].split(" ", 1)[1]  # "Kabupaten Maros" -> "Maros"
    old_province = template["province"]
    old_province_en = {"Sulawesi Selatan": "South Sulawesi", "Jawa Timur": "East Java"}.get(
        old_province, old_province)
    english_kind = "Regency" if kind == "Kabupaten" else "City"
    pairs = [
        (f"Kabupaten {old}", f"{kind} {regency}"),
        (f"{old} Regency", f"{regency} {english_kind}"),
        (old, regency),
        (old.lower() + "kab", regency.lower().replace(" ", "")
         + ("kab" if kind == "Kabupaten" else "kota")),
        (old.lower(), regency.lower().replace(" ", "")),
        (old_province, province[0]),
        (old_province_en, province[1]),
        (ZONE_NAMES[template["timezone"]], zone),  # the demo's texts use only their own zone
    ]

    def rewrite(text: str) -> str:
        for before, after in pairs:
            text = text.replace(before, after)
        return text

    return rewrite


def _hours(rng: random.Random) -> list[dict[str, Any]]:
    weekdays, friday = rng.choice(HOURS)
    hours = [{"weekday": d, "opens": weekdays[0], "closes": weekdays[1]} for d in range(1, 5)]
    hours.append({"weekday": 5, "opens": friday[0], "closes": friday[1]})
    if rng.random() < 0.25:
        hours.append({"weekday": 6, "opens": "08:00", "closes": "12:00"})
    return hours


def _variant(service: dict[str, Any], suffix: str, label: str, english: str) -> dict[str, Any]:
    copy = json.loads(json.dumps(service))
    copy["slug"] = f"{service['slug'][:80 - len(suffix) - 1]}-{suffix}"
    copy["name"] = f"{service['name']} ({label})"
    en = (copy.get("translations") or {}).get("en")
    if en and en.get("name"):
        en["name"] = f"{en['name']} ({english})"
    return copy


def _services(base: list[dict[str, Any]], count: int,
              rng: random.Random) -> list[dict[str, Any]]:
    """`count` services: the template's own (the first always, a few others left out), then
    renamed variants of them until there are enough."""
    leave_out = min(len(base) - 1, rng.randint(0, 5))
    kept = [base[0]] + sorted(rng.sample(base[1:], max(0, len(base) - 1 - leave_out)),
                              key=base.index)
    chosen = kept[:count]
    variants = [(s, v) for v in VARIANTS for s in kept]
    slugs = {s["slug"] for s in chosen}
    for service, (suffix, label, english) in variants:
        if len(chosen) >= count:
            break
        copy = _variant(service, suffix, label, english)
        if copy["slug"] not in slugs:
            slugs.add(copy["slug"])
            chosen.append(copy)
    if len(chosen) < count:
        raise ValueError(f"at most {len(slugs)} services per site from the demo library")
    return chosen


def site_texts(sites: int = 272, services: int = 150, seed: int = 1) -> Iterator[str]:
    """Each site record of the national catalogue as compact JSON text, one at a time."""
    from mpp_lite.demo.data import build_catalog

    if not 1 <= sites <= MAX_SITES:
        raise ValueError(f"sites: 1 to {MAX_SITES}")
    if services < 1:
        raise ValueError("services: at least 1")
    rng = random.Random(seed)
    templates = build_catalog()["sites"]
    for index, (regency, slug) in enumerate(_regencies(sites, rng)):
        template = templates[index % len(templates)]
        province = PROVINCES[index * len(PROVINCES) // sites]
        kind = "Kota" if index % 7 == 6 else "Kabupaten"
        rewrite = _rewriter(template, regency, kind, province, ZONE_NAMES[province[2]])
        record = {**template, "slug": slug, "province": province[0], "timezone": province[2],
                  "hours": _hours(rng),
                  "services": _services(template["services"], services, rng)}
        yield rewrite(json.dumps(record, ensure_ascii=False, separators=(",", ":")))


def build(sites: int = 272, services: int = 150, seed: int = 1) -> dict[str, Any]:
    """The national catalogue as a dict for `catalog import`; deterministic in its arguments."""
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION,
            "sites": [json.loads(text) for text in site_texts(sites, services, seed)]}


def write(path: str, sites: int = 272, services: int = 150, seed: int = 1) -> int:
    """Write the catalogue `build()` returns as compact UTF-8 JSON, one site at a time (the
    whole catalogue is never in memory); return its size in bytes."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(f'{{"format":"{FORMAT_NAME}","version":{FORMAT_VERSION},"sites":[')
        for index, text in enumerate(site_texts(sites, services, seed)):
            out.write(("," if index else "") + text)
        out.write("]}")
    return os.path.getsize(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="where to write the JSON catalogue")
    parser.add_argument("--sites", type=int, default=272, help=f"1 to {MAX_SITES} (default 272)")
    parser.add_argument("--services", type=int, default=150, help="per site (default 150)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        size = write(args.file, args.sites, args.services, args.seed)
    except ValueError as error:
        raise SystemExit(str(error)) from error
    print(f"{args.file}: {args.sites} sites × {args.services} services, "
          f"{size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
