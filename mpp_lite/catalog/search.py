"""Service search that understands how citizens actually type.

Pure Python (standard library only) so it can be tested, benchmarked and reused without Flask.

How a text becomes terms (the same for services and queries, so both sides meet):
1. fold: lower case, accents dropped; split into words on anything that is not a letter or digit,
   except that "e-ktp" becomes "ektp" and "k.k." becomes "kk";
2. spelling aliases on the raw word ("akte" -> "akta", "ilang" -> "hilang", "bikin" -> "buat");
3. stop words dropped ("di", "yang", "gimana" ...);
4. Indonesian stemming (`stem`): "perpanjangan" -> "panjang", "kelahiran" -> "lahir";
5. synonym phrases on the stems, longest first ("izin mendirikan bangunan" -> "pbg",
   "ktp el" -> "ktpel", "motor" -> "kendaraan"). A service keeps its own words and gains the
   canonical ones; a query is rewritten to the canonical ones only.

A query word that is not in the index is corrected against the index's words (Damerau-Levenshtein
distance 1 for 4-7 letters, 2 for 8 or more) and the last word may be a prefix still being typed;
such matches count for less than exact ones. Colloquial verbs ("bikin", "urus", "syarat") are
kept as weak terms: they can break a tie but never make a match on their own.

Ranking is BM25 per field, weighted name > keywords > agency > summary > extra, scaled by the share
of query terms a service covers, with a bonus when all match and when they appear in the name in
the query's order. Ties are broken by name.

Cut-off (`find`): a ranked list is not a list of answers. Almost every service asks for a KTP, so
"ktp ilang" touches nearly the whole catalogue. Among the services scoring at least
`RELEVANT_RATIO` of the best score, those covering the most query terms are *found* (a term met
only among requirements or life events counts half, as it does in the share of terms the score is
scaled by), provided they cover at least half of the terms; at most `MAX_FOUND`. Up to `MAX_MAYBE`
services scoring at least `MAYBE_RATIO` of the best are offered apart as "might also fit";
everything below is dropped.

A built index is read-only apart from memo caches filled on first use, so one instance may serve
concurrent requests. `dumps`/`loads` turn a built index into JSON and back (for a cache shared by
several processes): loading skips the text analysis, which is most of the cost of building, and
being data only, a tampered entry cannot run code. `ANALYSER` names this module's exact text, so
an index saved by other code is never taken for the current one.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, NamedTuple

__all__ = ["ANALYSER", "SearchDoc", "SearchFindings", "SearchHit", "SearchIndex",
           "normalize_query", "stem", "use_stemmer", "SYNONYMS", "WORD_ALIASES"]

# Changes with any change to this module (stemmer, vocabulary, ranking, index layout).
ANALYSER = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


@dataclass(frozen=True)
class SearchDoc:
    key: object                      # returned as-is (a service id)
    name: str                        # service name, e.g. "KTP-el hilang"
    keywords: tuple[str, ...] = ()   # operator-supplied phrases, e.g. ("ktp ilang", "e-ktp")
    agency: str = ""                 # agency name and short name
    summary: str = ""
    extra: str = ""                  # product, requirement texts, life-event labels: weak signal


@dataclass(frozen=True)
class SearchHit:
    key: object
    score: float
    # A "found" result (see SearchIndex.find); False for a weak match.
    relevant: bool = True


@dataclass(frozen=True)
class SearchFindings:
    """What a query found: the relevant services, and weaker ones that might also fit."""
    found: list[SearchHit]
    maybe: list[SearchHit]


# --- Indonesian stemmer -------------------------------------------------------------------------
# In the spirit of Nazief-Adriani / Enhanced Confix Stripping. Those algorithms check every step
# against a full dictionary of root words; we carry only a small list of roots common in public
# services (ROOTS) and otherwise trust conservative rules: a stripped root must keep 4 letters and
# start like an Indonesian syllable; "ke-" needs the confix "ke-...-an", "se-" and the suffix "-i"
# need a known root, "-i"/"-kan" need a verbal prefix.

_VOWELS = frozenset("aeiou")
_ONSETS = frozenset(
    "bl br dr fl fr gl gr kh kl kr ng ny pl pr sk sl sm sn sp sr st sw sy tr ts".split())

# Known root words. A word in this list is never stripped further, and when several analyses of a
# word are possible the one reaching a listed root wins.
ROOTS = frozenset("""
    abdi acara ajar aju akad akta alih ambil anak antar arsip asal asli atur awal badan bagi
    bahan baik bangun bantu baru bawa bayar bea beli benar beranda berani berita berkas besar
    bidan bina buat buka bukti buku bulan cabut cair camat cari catat cek cerai cetak daftar
    dagang damai data datang daya desa didik diri dokter duduk edar gaji ganti gedung guna habis
    hadir hak hapus harga hasil hidup hilang hitung hubung ikan ikut imigrasi induk isi izin
    jabat jalan jamin jasa jual kait kantor kartu kawin kebun kelas keluar keluarga kembali
    kemudi kena kenal kendaraan kerja kirim korban kota kuasa kurang lahan lahir laku lalu
    langgan lapang lapor layan lengkap lepas lindung luar lurah makam makan mandi masalah masuk
    mati milik minta mohon motor muat mulai naik nama negeri nikah nilai obat olah orang pajak
    pakai paket pangan panjang pasang paspor pegawai pelihara perawat perempuan pergi periksa
    pertama pesan pindah pinjam polisi pulang putus rawat rekam rekening rumah rusak sah sakit
    salin sambung sebar sehat sekolah selesai serah serta sertifikat setor setuju simpan syarat
    tahan tahun taman tambah tanah tanam tanda tangan tanggung teman tempat terang terbit terima
    terminal tinggal tugas tuju tulis tunjuk turun ubah ukur umum untung urus usaha usia wajib
    wakil waktu waris
""".split())

_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
# Prefix + suffix pairs that ECS rules out.
_DISALLOWED = frozenset({("be", "i"), ("di", "an"), ("ke", "i"), ("ke", "kan"), ("me", "an"),
                         ("se", "i"), ("se", "kan"), ("te", "an")})
_VERBAL_PREFIXES = frozenset({"me", "di", "te", "per"})


def _plausible(root: str) -> bool:
    """Could this be an Indonesian root word (checked on what stripping leaves)?"""
    if root in ROOTS:
        return True
    if len(root) < 4 or not any(c in _VOWELS for c in root):
        return False
    return root[0] in _VOWELS or root[1] in _VOWELS or root[:2] in _ONSETS


def _nasal_options(rest: str) -> list[str]:
    """Roots behind the nasal of me-/pe- (rest is what follows "me"/"pe")."""
    if rest.startswith("ny") and rest[2:3] in _VOWELS:
        return ["s" + rest[2:], "c" + rest[2:]]
    if rest.startswith("ng"):
        tail = rest[2:]
        if not tail:
            return []
        if tail[0] in _VOWELS:
            options = [tail, "k" + tail]
            if tail[0] == "e":              # menge-/penge- before a one-syllable root: pengecekan
                options.append(tail[1:])
            return options
        return [tail]                       # meng-/peng- before g, h, k, kh
    if rest.startswith("m"):
        tail = rest[1:]
        if not tail:
            return []
        if tail[0] in "bfpv":
            return [tail]
        if tail[0] in _VOWELS:
            return ["p" + tail, "m" + tail]
        return []
    if rest.startswith("n"):
        tail = rest[1:]
        if not tail:
            return []
        if tail[0] in "cdjzt" or tail[:2] == "sy":
            return [tail]
        if tail[0] in _VOWELS:
            return ["t" + tail, "n" + tail]
        return []
    if rest[:1] in ("l", "r", "w", "y"):
        return [rest]
    return []


def _prefix_options(word: str) -> list[tuple[str, str]]:
    """(remainder, prefix kind) for each way one prefix could be removed."""
    options: list[tuple[str, str]] = []
    if word.startswith("memper") or word.startswith("diper"):
        options.append((word[6:] if word[0] == "m" else word[5:], "per"))
    if word.startswith("di"):
        options.append((word[2:], "di"))
    if word.startswith("ke"):
        options.append((word[2:], "ke"))
    if word.startswith("se"):
        options.append((word[2:], "se"))
    if word.startswith("ter"):
        options.append((word[3:], "te"))
    if word.startswith("ber"):
        options.append((word[3:], "be"))
        if word[3:4] in _VOWELS:
            options.append((word[2:], "be"))          # be-rV...: beranda? berani
    elif word.startswith("be") and word[3:5] == "er" and word[2:3] not in _VOWELS:
        options.append((word[2:], "be"))              # bekerja, beserta, bepergian
    if word in ("belajar", "pelajar"):
        options.append(("ajar", "be" if word[0] == "b" else "pe"))
    for head, kind in (("me", "me"), ("pe", "pe")):
        if not word.startswith(head):
            continue
        rest = word[2:]
        nasal = _nasal_options(rest)
        options.extend((root, kind) for root in nasal)
        if kind == "pe" and word.startswith("per"):
            options.append((word[3:], "per"))
            if word[3:4] in _VOWELS:
                options.append((word[2:], "pe"))      # pe-rawat, pe-rumah
        elif kind == "pe" and not nasal and rest[:1] and rest[0] not in _VOWELS \
                and rest[0] not in "mn":
            options.append((rest, "pe"))              # petugas, pekerja, pedagang
    # Colloquial nasal prefixes: ngurus, nyari (accepted only when they reach a known root).
    if word.startswith("ng") and word[2:3] in _VOWELS:
        options.extend(((word[2:], "ng"), ("k" + word[2:], "ng")))
    if word.startswith("ny") and word[2:3] in _VOWELS:
        options.extend((("s" + word[2:], "ng"), ("c" + word[2:], "ng")))
    return [(root, kind) for root, kind in options if len(root) >= 3]


class _Analysis(NamedTuple):
    root: str
    affixes: int
    needs_root: bool    # only acceptable when `root` is a known root


def _prefix_chains(word: str, suffix: str | None, depth: int = 0,
                   seen: tuple[str, ...] = ()) -> list[tuple[str, tuple[str, ...]]]:
    results: list[tuple[str, tuple[str, ...]]] = []
    if depth >= 3:
        return results
    for root, kind in _prefix_options(word):
        if kind in seen:
            continue
        chain = seen + (kind,)
        results.append((root, chain))
        if root not in ROOTS:
            results.extend(_prefix_chains(root, suffix, depth + 1, chain))
    return results


def _analyses(word: str) -> list[_Analysis]:
    found: list[_Analysis] = []
    inflections: list[tuple[str, int, bool]] = [(word, 0, False)]
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 4:
            inflections.append((word[:-len(particle)], 1, False))
    for base, count, _ in list(inflections):
        for possessive in _POSSESSIVES:
            if base.endswith(possessive) and len(base) - len(possessive) >= 3:
                # "-ku"/"-mu" end many roots (waktu, ilmu): accept them only onto a known root.
                inflections.append((base[:-len(possessive)], count + 1, possessive != "nya"))
    for base, count, needs_root in inflections:
        suffixes: list[tuple[str, str | None]] = [(base, None)]
        for suffix in ("kan", "an", "i", "in"):
            if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                suffixes.append((base[:-len(suffix)], suffix))
        for stripped, suffix in suffixes:
            extra = 0 if suffix is None else 1
            suffix_needs_root = suffix in ("i", "in")
            if suffix is not None:
                # "-kan" without a verbal prefix is mostly a root ending in k plus "-an".
                found.append(_Analysis(stripped, count + 1,
                                       needs_root or suffix_needs_root or suffix == "kan"))
            elif count:
                found.append(_Analysis(stripped, count, needs_root))
            for root, chain in _prefix_chains(stripped, suffix):
                first, kinds = chain[0], set(chain)
                if suffix and (first, suffix) in _DISALLOWED:
                    continue
                flagged = needs_root or suffix_needs_root
                if "se" in kinds or "ng" in kinds:
                    flagged = True
                if "ke" in kinds and suffix != "an":
                    flagged = True
                if suffix == "kan" and not kinds & _VERBAL_PREFIXES:
                    flagged = True
                found.append(_Analysis(root, count + extra + len(chain), flagged))
    return found


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    if len(word) <= 3 or word in ROOTS or not (word.isascii() and word.isalpha()):
        return word
    analyses = [a for a in _analyses(word) if _plausible(a.root)]
    # Nazief-Adriani order: the analysis removing the fewest affixes that reaches a known root.
    for analysis in sorted(analyses, key=lambda a: a.affixes):
        if analysis.root in ROOTS:
            return analysis.root
    # Otherwise the analysis removing the most affixes that the rules accept on their own; among
    # equals the first generated, as the rules list the usual reading first (per- before pe-r-,
    # meng- + vowel before meng- + k).
    accepted = [a for a in analyses if not a.needs_root]
    if not accepted:
        return word
    return max(accepted, key=lambda a: a.affixes).root


def stem(word: str) -> str:
    """The Indonesian root of one word: "pengurusan" -> "urus", "kelahiran" -> "lahir"."""
    return _stem(_fold(word).strip())


# --- vocabulary -------------------------------------------------------------------------------

# Function words: dropped from services and queries alike.
STOP_WORDS = frozenset("""
    di ke dari yang dan atau untuk utk dengan dgn pada dalam oleh ini itu tsb juga ada adalah akan
    sudah telah belum bisa dapat harus agar supaya jika kalau bila apa apakah bagaimana dimana mana
    kapan berapa siapa saya aku gue gw kami kita anda kamu dong ya yah nih sih deh kok tuh pak bu
    bapak min kak gan halo hai tidak lagi masih saja aja sama tentang sebagai para secara serta
    karena kenapa mengapa hanya sangat atas bagi antara semua setiap tiap tersebut sekarang besok
    kemarin terus langsung sendiri banget
    the of and or to for how do does is are was i my you your in at on by from with get where what
    can if it be as an this that will
""".split())

# Colloquial verbs and question words: weak terms in a query (they can break a tie but never
# make a match alone); kept as ordinary words in services. Listed as stems.
FILLER_WORDS = frozenset("""
    buat urus cara mau ingin syarat tolong mohon minta butuh perlu info informasi prosedur layan
    aju bantu tanya lengkap online bagaimana biaya tarif harga ongkos gratis murah lama jam jadwal
    lokasi alamat antre antri antrian antrean loket gerai
""".split())

# Spelling variants, colloquial forms and common misspellings, applied to the raw word before
# stemming. A value may hold several words, or a stop word to drop the word.
WORD_ALIASES: dict[str, str] = {
    "akte": "akta", "ilang": "hilang", "ijin": "izin", "praktek": "praktik",
    "pasport": "paspor", "passport": "paspor", "pasfor": "paspor", "pasfort": "paspor",
    "paspot": "paspor", "passpor": "paspor", "epaspor": "paspor elektronik",
    "sertipikat": "sertifikat", "certificate": "sertifikat",
    "bikin": "buat", "bkin": "buat", "bikinin": "buat", "ngurus": "urus", "ngurusin": "urus",
    "urusin": "urus", "pengen": "ingin", "pingin": "ingin", "pgn": "ingin", "mo": "mau",
    "tlg": "tolong", "gimana": "bagaimana", "gmn": "bagaimana", "bgmn": "bagaimana",
    "sy": "saya", "yg": "yang", "kalo": "kalau", "udah": "sudah", "udh": "sudah", "sdh": "sudah",
    "blm": "belum", "bs": "bisa", "dmn": "dimana", "brp": "berapa", "gak": "tidak", "ga": "tidak",
    "nggak": "tidak", "enggak": "tidak", "tdk": "tidak", "ktr": "kantor",
    "perpanjangin": "perpanjang", "panjangin": "perpanjang", "gantiin": "ganti",
    "meninggal": "mati", "wafat": "mati", "tewas": "mati",
    "patah": "rusak", "sobek": "rusak", "robek": "rusak",
    "regis": "daftar", "registrasi": "daftar", "register": "daftar", "registration": "daftar",
    "legalisasi": "legalisir", "leges": "legalisir",
    "bayi": "anak", "lahiran": "lahir", "nabung": "rekening",
    "lima": "5", "pelat": "plat",
    # English, for visitors (the second locale)
    "lost": "hilang", "damaged": "rusak", "broken": "rusak", "new": "baru", "renew": "perpanjang",
    "renewal": "perpanjang", "extend": "perpanjang", "extension": "perpanjang",
}

# Synonyms, abbreviations and old names, matched on stemmed words (longest phrase first).
# Keys and values are written as plain text and analysed like any other text.
SYNONYMS: dict[str, str] = {
    # Civil registry (adminduk)
    "ktp": "ktpel", "ktpel": "ktpel", "ktp el": "ktpel", "e ktp": "ktpel", "ektp": "ktpel",
    "e ktp el": "ktpel", "ktp elektronik": "ktpel", "kartu tanda penduduk": "ktpel",
    "kartu tanda penduduk elektronik": "ktpel", "identity card": "ktpel", "id card": "ktpel",
    "kk": "kk", "kartu keluarga": "kk", "family card": "kk",
    "kia": "kia", "kartu identitas anak": "kia", "ktp anak": "kia",
    "akta lahir": "akta lahir", "birth certificate": "akta lahir",
    "death certificate": "akta mati", "mati dunia": "mati",
    "kawin": "nikah", "marriage": "nikah", "married": "nikah",
    "surat pindah": "skpwni pindah", "surat keterangan pindah": "skpwni pindah",
    "skpwni": "skpwni pindah", "skpwni pindah": "skpwni pindah",
    "dukcapil": "dukcapil", "disdukcapil": "dukcapil", "capil": "dukcapil",
    "dispendukcapil": "dukcapil",
    # Police and immigration
    "skck": "skck", "surat keterangan catatan kepolisian": "skck", "surat kelakuan baik": "skck",
    "surat berkelakuan baik": "skck", "kelakuan baik": "skck", "police certificate": "skck",
    "polres": "polisi", "polsek": "polisi", "police": "polisi",
    "sim": "sim", "surat izin mengemudi": "sim", "driving license": "sim",
    "driving licence": "sim", "driver license": "sim",
    "paspor elektronik": "paspor", "kanim": "imigrasi", "immigration": "imigrasi",
    # Vehicles (Samsat)
    "motor": "kendaraan", "mobil": "kendaraan", "ranmor": "kendaraan",
    "kendaraan bermotor": "kendaraan", "sepeda motor": "kendaraan",
    "vehicle": "kendaraan", "pkb": "pajak kendaraan", "stnk": "stnk",
    "surat tanda nomor kendaraan": "stnk", "bpkb": "bpkb",
    "buku pemilik kendaraan bermotor": "bpkb", "tnkb": "tnkb", "plat": "tnkb", "plat nomor": "tnkb",
    "nomor polisi": "tnkb", "bbn": "balik nama kendaraan", "bbnkb": "balik nama kendaraan",
    # Licensing (DPMPTSP / OSS)
    "nib": "nib", "nomor induk berusaha": "nib", "izin usaha": "nib", "siup": "nib", "tdp": "nib",
    "iumk": "nib", "situ": "nib", "business license": "nib", "business licence": "nib",
    "online single submission": "oss",
    "imb": "pbg", "izin mendirikan bangunan": "pbg", "izin bangunan": "pbg",
    "izin membangun": "pbg", "persetujuan bangunan gedung": "pbg", "building permit": "pbg",
    "sip": "sip", "surat izin praktik": "sip", "izin praktik": "sip",
    "sipb": "sip bidan", "sipp": "sip perawat",
    "pirt": "pirt", "spp irt": "pirt", "sppirt": "pirt", "industri rumah tangga": "pirt",
    "umkm": "umkm", "ukm": "umkm", "usaha mikro": "umkm", "usaha kecil": "umkm",
    "ak1": "ak1", "ak 1": "ak1", "kartu kuning": "ak1", "kartu pencari kerja": "ak1",
    "kua": "kua", "kantor urusan agama": "kua",
    # Taxes and land
    "pbb": "pbb", "pbb p2": "pbb", "pajak bumi dan bangunan": "pbb", "property tax": "pbb",
    "bphtb": "bphtb", "bea perolehan hak atas tanah dan bangunan": "bphtb",
    "npwp": "npwp", "nomor pokok wajib pajak": "npwp", "tax number": "npwp",
    "sppt": "sppt", "surat pemberitahuan pajak terutang": "sppt",
    "shm": "sertifikat", "sertifikat hak milik": "sertifikat", "lahan": "tanah", "land": "tanah",
    "bpn": "bpn", "atr bpn": "bpn", "kantor tanah": "bpn", "badan tanah": "bpn",
    "bapenda": "bapenda", "dispenda": "bapenda", "tax": "pajak",
    "setor": "bayar", "pay": "bayar",
    # Social security, utilities, bank
    "bpjs kesehatan": "bpjs kesehatan", "jkn": "bpjs kesehatan", "kis": "bpjs kesehatan",
    "jkn kis": "bpjs kesehatan", "askes": "bpjs kesehatan",
    "jaminan kesehatan nasional": "bpjs kesehatan",
    "kartu indonesia sehat": "bpjs kesehatan",
    "bpjs ketenagakerjaan": "bpjs ketenagakerjaan", "bpjs tk": "bpjs ketenagakerjaan",
    "bpjstk": "bpjs ketenagakerjaan", "jamsostek": "bpjs ketenagakerjaan",
    "bpjamsostek": "bpjs ketenagakerjaan", "bp jamsostek": "bpjs ketenagakerjaan",
    "tenaga kerja": "tenagakerja", "naker": "tenagakerja", "disnaker": "tenagakerja",
    "jht": "jht", "jaminan hari tua": "jht",
    "faskes": "faskes", "fasilitas kesehatan": "faskes", "fktp": "faskes", "puskesmas": "faskes",
    "pln": "listrik", "listrik": "listrik", "electricity": "listrik", "naik daya": "tambah daya",
    "pdam": "pdam", "air": "pdam", "air minum": "pdam", "air bersih": "pdam", "water": "pdam",
    "perumda air minum": "pdam", "ledeng": "pdam",
    "jam buka": "jam", "jam operasional": "jam", "jam layanan": "jam",
    "rekening": "rekening", "tabungan": "rekening", "buku tabungan": "rekening",
    "bank account": "rekening", "pertama kali": "baru",
}


# --- text analysis ------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+")
_BREAK_CHARS = frozenset(";,()[]{}:!?\n\r\t|\"")
_MAX_QUERY_CHARS = 500
_MAX_QUERY_WORDS = 24


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(text: str) -> list[tuple[str, bool]]:
    """Words of `text` with a flag telling whether a phrase break comes before each one."""
    text = _fold(text)
    words: list[tuple[str, bool]] = []
    end, previous_piece = 0, ""
    for match in _WORD_RE.finditer(text):
        piece, separator = match.group(), text[end:match.start()]
        end = match.end()
        if words and separator == "-" and words[-1][0] == "e" and previous_piece == "e":
            words[-1] = ("e" + piece, words[-1][1])          # e-ktp, e-paspor
        elif words and separator == "." and len(piece) == 1 and len(previous_piece) == 1:
            words[-1] = (words[-1][0] + piece, words[-1][1])  # k.k., s.k.c.k
        else:
            brk = (not words or any(c in _BREAK_CHARS for c in separator)
                   or ("." in separator and any(c.isspace() for c in separator)))
            words.append((piece, brk))
        previous_piece = piece
    return words


# Abbreviations keep their meaning under a possessive: "ktpnya", "simku".
_ABBREVIATIONS = frozenset(key for key in SYNONYMS if " " not in key and len(key) <= 5)


@lru_cache(maxsize=16384)
def _word_stems(word: str) -> tuple[str, ...]:
    """Spelling alias, stop words and stemming for one folded word."""
    if word in STOP_WORDS:
        return ()
    for possessive in ("nya", "ku", "mu"):
        if word.endswith(possessive) and word[:-len(possessive)] in _ABBREVIATIONS:
            word = word[:-len(possessive)]
            break
    replacement = WORD_ALIASES.get(word)
    parts = replacement.split() if replacement is not None else [word]
    stems = []
    for part in parts:
        if part in STOP_WORDS:
            continue
        root = _stemmer(part)
        if root != part and root in WORD_ALIASES:       # "aktenya" -> "akte" -> "akta"
            stems.extend(_word_stems(root))
        elif root not in STOP_WORDS:
            stems.append(root)
    return tuple(stems)


_Phrase = tuple[tuple[str, ...], tuple[str, ...]]     # (stems to match, canonical terms)


def _compile_synonyms(table: dict[str, str]) -> dict[str, list[_Phrase]]:
    """The phrases of `table` analysed, by their first stem, longest first."""
    by_first: dict[str, list[_Phrase]] = {}
    for phrase, canonical in table.items():
        key = tuple(s for w, _ in _words(phrase) for s in _word_stems(w))
        value = tuple(s for w, _ in _words(canonical) for s in _word_stems(w))
        if key and value:
            by_first.setdefault(key[0], []).append((key, value))
    for entries in by_first.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return by_first


_stemmer = _stem       # swapped only by use_stemmer() (benchmarks/search_quality.py)
_SYNONYM_INDEX = _compile_synonyms(SYNONYMS)
_FILLER_TERMS = FILLER_WORDS | {s for w in FILLER_WORDS for s in _word_stems(w)}


def use_stemmer(stemmer=None) -> None:
    """Analyse with another stemmer (a function word -> root), or the built-in one with None.

    For comparing stemmers on the query set (benchmarks/search_quality.py); indexes built
    before the switch keep their old terms, so build new ones afterwards. Not thread-safe.
    """
    global _stemmer, _SYNONYM_INDEX, _FILLER_TERMS
    _stemmer = stemmer or _stem
    for cached in (_word_stems, _analyse_document_text, _query_terms_of_word):
        cached.cache_clear()
    _SYNONYM_INDEX = _compile_synonyms(SYNONYMS)
    _FILLER_TERMS = FILLER_WORDS | {s for w in FILLER_WORDS for s in _word_stems(w)}
# Words that mean something to the analyser even when no service uses them: never "typos".
_LEXICON = frozenset(
    set(WORD_ALIASES) | STOP_WORDS | FILLER_WORDS
    | {w for text in SYNONYMS for w, _ in _words(text)})


class _Item(NamedTuple):
    term: str
    position: int       # index of the word the term came from
    weight: float


def _rewrite(stems: list[tuple[str, int, bool, float]], *, keep_original: bool) -> list[_Item]:
    """Apply the synonym phrases to (stem, position, break-before, weight) entries."""
    out: list[_Item] = []
    i = 0
    while i < len(stems):
        first = stems[i][0]
        for key, value in _SYNONYM_INDEX.get(first, ()):
            span = stems[i:i + len(key)]
            if len(span) == len(key) and tuple(s[0] for s in span) == key \
                    and not any(s[2] for s in span[1:]):
                weight = min(s[3] for s in span)
                if keep_original:
                    if value != key:
                        out.extend(_Item(t, span[0][1], weight) for t in value)
                    out.extend(_Item(s[0], s[1], s[3]) for s in span)
                else:
                    out.extend(_Item(t, span[0][1], weight) for t in value)
                i += len(key)
                break
        else:
            out.append(_Item(first, stems[i][1], stems[i][3]))
            i += 1
    return out


def _stem_sequence(words: list[tuple[str, bool]],
                   weights: list[float] | None = None) -> list[tuple[str, int, bool, float]]:
    stems: list[tuple[str, int, bool, float]] = []
    for position, (word, brk) in enumerate(words):
        pending_break = brk
        for root in _word_stems(word):
            stems.append((root, position, pending_break,
                          1.0 if weights is None else weights[position]))
            pending_break = False
    return stems


class _Field(NamedTuple):
    """A service's field, analysed."""
    length: int                                 # number of terms
    counts: tuple[tuple[str, int], ...]         # term frequencies
    first_positions: tuple[tuple[str, int], ...]  # where each term first appears (word index)
    words: frozenset[str]                       # the folded words as written


@lru_cache(maxsize=4096)
def _analyse_document_text(text: str) -> _Field:
    words = _words(text)
    items = _rewrite(_stem_sequence(words), keep_original=True)
    first: dict[str, int] = {}
    for item in items:
        first.setdefault(item.term, item.position)
    return _Field(len(items), tuple(Counter(item.term for item in items).items()),
                  tuple(first.items()), frozenset(w for w, _ in words))


@lru_cache(maxsize=16384)
def _query_terms_of_word(word: str) -> tuple[str, ...]:
    """What a single query word stands for (used for typo and prefix candidates)."""
    return tuple(item.term for item in _rewrite(_stem_sequence([(word, True)]),
                                                keep_original=False))


def normalize_query(text: str) -> list[str]:
    """The analysed content terms of a query, in order, without colloquial filler words."""
    words = _words(text[:_MAX_QUERY_CHARS])[:_MAX_QUERY_WORDS]
    terms: list[str] = []
    for item in _rewrite(_stem_sequence(words), keep_original=False):
        if item.term not in _FILLER_TERMS and item.term not in terms:
            terms.append(item.term)
    return terms


# --- typo tolerance -----------------------------------------------------------------------------

def _max_typos(word: str) -> int:
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 7 else 2


def _letter_mask(word: str) -> int:
    """The distinct letters of a lower-case ASCII word as bits (a small int where a frozenset
    of letters took over 700 bytes a word, in every index's vocabulary)."""
    mask = 0
    for letter in word:
        mask |= 1 << (ord(letter) - 97)
    return mask


def _distance_within(a: str, b: str, limit: int) -> int | None:
    """Damerau-Levenshtein (optimal string alignment) distance if it is <= limit, else None."""
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return None
    before: list[int] = []
    previous = list(range(lb + 1))
    for i in range(1, la + 1):
        current = [i] + [0] * lb
        ca = a[i - 1]
        row_min = i
        for j in range(1, lb + 1):
            value = min(previous[j] + 1, current[j - 1] + 1,
                        previous[j - 1] + (ca != b[j - 1]))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return None
        before, previous = previous, current
    return previous[lb] if previous[lb] <= limit else None


# --- the index ----------------------------------------------------------------------------------

_FIELDS = ("name", "keywords", "agency", "summary", "extra")
_FIELD_WEIGHTS = (4.0, 2.5, 1.5, 1.2, 0.6)
_FIELD_B = (0.5, 0.5, 0.75, 0.75, 0.75)
_K1 = 1.2
_WEAK_FIELD_DF = 0.3        # a term seen only in `extra` counts this much towards its df
_WEAK_FIELD = len(_FIELDS) - 1
_WEAK_FIELD_COVERAGE = 0.5  # ... and this much towards the share of the query a service covers
_FILLER_IMPORTANCE = 0.2
_PREFIX_WEIGHT = 0.8
_TYPO_WEIGHTS = {1: 0.7, 2: 0.55}
_MIN_PREFIX = 3
_MAX_PREFIX_CANDIDATES = 25
_ALL_TERMS_BONUS = 1.25
_NAME_ORDER_BONUS = 1.15
# The cut-off between "found" and "might also fit" (tuned on benchmarks/search_queries.tsv).
RELEVANT_RATIO = 0.4
MAYBE_RATIO = 0.15
MAX_FOUND = 12
MAX_MAYBE = 5


class _Group(NamedTuple):
    """One query term with its alternatives (typo corrections, completions) and their weights."""
    alternatives: dict[str, float]
    content: bool


class SearchIndex:
    """An in-memory index over SearchDocs; cheap enough to rebuild per request for ~200 docs."""

    def __init__(self, docs: Iterable[SearchDoc]) -> None:
        self._docs = tuple(docs)
        self._sort_names = [_fold(doc.name or "") for doc in self._docs]
        postings: dict[str, dict[int, list[int]]] = {}
        lengths: list[list[int]] = []
        self._name_positions: list[dict[str, int]] = []
        surface: set[str] = set()
        # Document frequency, where a service mentioning a term only in `extra` counts less.
        df: dict[str, float] = {}
        weak = len(_FIELDS) - 1
        for number, doc in enumerate(self._docs):
            texts = (doc.name, " ; ".join(doc.keywords or ()), doc.agency, doc.summary, doc.extra)
            doc_lengths = []
            for field, text in enumerate(texts):
                analysed = _analyse_document_text(text or "")
                doc_lengths.append(analysed.length)
                for term, tf in analysed.counts:
                    by_doc = postings.get(term)
                    if by_doc is None:
                        by_doc = postings[term] = {}
                    frequencies = by_doc.get(number)
                    if frequencies is None:
                        frequencies = by_doc[number] = [0] * len(_FIELDS)
                        df[term] = df.get(term, 0.0) + (_WEAK_FIELD_DF if field == weak else 1.0)
                    frequencies[field] = tf
                if field == 0:
                    self._name_positions.append(dict(analysed.first_positions))
                surface |= analysed.words
            lengths.append(doc_lengths)
        count = len(self._docs)
        self._lengths = lengths
        self._average = [max(1.0, sum(row[f] for row in lengths) / count) if count else 1.0
                         for f in range(len(_FIELDS))]
        self._postings = postings
        self._idf = {term: math.log(1.0 + (count - n + 0.5) / (n + 0.5)) for term, n in df.items()}
        self._surface = surface
        self._start_memos()

    def _start_memos(self) -> None:
        self._term_cache: dict[str, dict[int, float]] = {}
        self._vocabulary: dict[int, list[tuple[str, int]]] | None = None
        self._titles: SearchIndex | None = None

    # -- saving and loading

    def dumps(self) -> bytes:
        """The built index as JSON (without the memo caches); document keys must be JSON
        values (service ids are)."""
        return json.dumps({
            "analyser": ANALYSER,
            "docs": [[d.key, d.name, list(d.keywords), d.agency, d.summary, d.extra]
                     for d in self._docs],
            "sort_names": self._sort_names, "name_positions": self._name_positions,
            "lengths": self._lengths, "average": self._average,
            "postings": {term: [[doc, *tf] for doc, tf in by_doc.items()]
                         for term, by_doc in self._postings.items()},
            "idf": self._idf, "surface": sorted(self._surface),
        }, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def loads(cls, data: bytes) -> SearchIndex:
        """An index saved by `dumps` of this same module; ValueError for anything else."""
        try:
            state: dict[str, Any] = json.loads(data)
            if state["analyser"] != ANALYSER:
                raise ValueError("saved by another version of the search")
            index = cls.__new__(cls)
            index._docs = tuple(SearchDoc(key, name, tuple(keywords), agency, summary, extra)
                                for key, name, keywords, agency, summary, extra in state["docs"])
            index._sort_names = state["sort_names"]
            index._name_positions = state["name_positions"]
            index._lengths = state["lengths"]
            index._average = state["average"]
            index._postings = {term: {row[0]: row[1:] for row in rows}
                               for term, rows in state["postings"].items()}
            index._idf = state["idf"]
            index._surface = set(state["surface"])
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not a saved search index: {error!r}") from error
        index._start_memos()
        return index

    # -- public API

    def titles(self) -> SearchIndex:
        """The same entries by what they are called only (name, keywords, agency), without the
        long texts: built on first use and kept, and dropped, with this index (the chat asks
        it which service a word names)."""
        if self._titles is None:  # two threads at once build the same index: harmless
            self._titles = SearchIndex(
                SearchDoc(key=doc.key, name=doc.name, keywords=doc.keywords, agency=doc.agency)
                for doc in self._docs)
        return self._titles

    def search(self, query: str, limit: int | None = None) -> list[SearchHit]:
        """Every service matching any term of `query`, best first, each flagged relevant or not;
        [] for an empty or stop-word-only query. Pages and the API use `find` instead."""
        ranked, relevant = self._ranked_with_cutoff(query)
        if limit is not None:
            ranked = ranked[:max(0, limit)]
        return [SearchHit(self._docs[doc].key, score, doc in relevant) for score, doc in ranked]

    def find(self, query: str) -> SearchFindings:
        """The services found for `query` (short, best first) and weaker ones that might fit."""
        ranked, relevant = self._ranked_with_cutoff(query)
        found: list[SearchHit] = []
        maybe: list[SearchHit] = []
        if not ranked:
            return SearchFindings(found, maybe)
        floor = ranked[0][0] * MAYBE_RATIO
        for score, doc in ranked:
            if doc in relevant:
                found.append(SearchHit(self._docs[doc].key, score, True))
            elif score >= floor and len(maybe) < MAX_MAYBE:
                maybe.append(SearchHit(self._docs[doc].key, score, False))
        return SearchFindings(found, maybe)

    def _ranked_with_cutoff(self, query: str) -> tuple[list[tuple[float, int]], set[int]]:
        """The ranking and the document numbers that pass the cut-off (see the module notes)."""
        ranked, coverage, live = self._rank_detailed(query)
        if not ranked:
            return ranked, set()
        top_score = ranked[0][0]
        contenders = [doc for score, doc in ranked if score >= top_score * RELEVANT_RATIO]
        best_coverage = max(coverage[doc] for doc in contenders)
        if best_coverage * 2 < live:
            return ranked, set()        # even the best covers under half of what was asked
        relevant: set[int] = set()
        for score, doc in ranked:
            if len(relevant) >= MAX_FOUND or score < top_score * RELEVANT_RATIO:
                break
            if coverage[doc] >= best_coverage:
                relevant.add(doc)
        return ranked, relevant

    def suggest(self, query: str) -> str | None:
        """The query with each unknown word replaced by its closest index word, or None.

        Among equally close words (and completions of a last word still being typed) the one
        that best fits the best-matching service wins: "akta kel" -> "akta kelahiran".
        """
        words = [w for w, _ in _words((query or "")[:_MAX_QUERY_CHARS])][:_MAX_QUERY_WORDS]
        chosen = list(words)
        top: int | None = None
        for position, word in enumerate(words):
            if self._known(word):
                continue
            candidates = [w for w, _ in self._typo_candidates(word)]
            if position == len(words) - 1:
                candidates += [w for w in self._prefix_candidates(word) if w not in candidates]
            if not candidates:
                continue
            if len(candidates) > 1:
                if top is None:
                    ranked = self._rank(query)
                    top = ranked[0][1] if ranked else -1
                best_doc = top

                def fit(candidate: str) -> float:
                    return max(self._term_scores(t).get(best_doc, 0.0)
                               for t in _query_terms_of_word(candidate))
                chosen[position] = max(candidates, key=fit)   # first of equals on a tie
            else:
                chosen[position] = candidates[0]
        shown = [self._display(w) if w != original else w for w, original in zip(chosen, words)]
        return " ".join(shown) if shown != words else None

    # -- query parsing

    def _parse(self, query: str) -> list[_Group]:
        words = _words((query or "")[:_MAX_QUERY_CHARS])[:_MAX_QUERY_WORDS]
        primaries: list[tuple[str, bool]] = []
        weights: list[float] = []
        extras: list[dict[str, float]] = []
        for position, (word, brk) in enumerate(words):
            primary, weight, alternatives = self._resolve(word, position == len(words) - 1)
            primaries.append((primary, brk))
            weights.append(weight)
            extras.append(alternatives)
        items = _rewrite(_stem_sequence(primaries, weights), keep_original=False)
        groups: list[_Group] = []
        attached: set[int] = set()
        for item in items:
            alternatives = {item.term: item.weight}
            if item.position not in attached:
                attached.add(item.position)
                for term, weight in extras[item.position].items():
                    if weight > alternatives.get(term, 0.0):
                        alternatives[term] = weight
            groups.append(_Group(alternatives, not set(alternatives) <= _FILLER_TERMS))
        for position, alternatives in enumerate(extras):
            if position not in attached and alternatives:
                groups.append(_Group(dict(alternatives), not set(alternatives) <= _FILLER_TERMS))
        unique: dict[frozenset[str], _Group] = {}
        for group in groups:
            key = frozenset(group.alternatives)
            if key not in unique:
                unique[key] = group
        return list(unique.values())

    def _resolve(self, word: str, last: bool) -> tuple[str, float, dict[str, float]]:
        """(word to analyse, its weight, alternative terms) for one query word."""
        if self._known(word):
            return word, 1.0, {}
        alternatives: dict[str, float] = {}
        primary, primary_weight = word, 1.0
        typos = self._typo_candidates(word)
        for candidate, distance in typos:
            for term in _query_terms_of_word(candidate):
                alternatives[term] = max(alternatives.get(term, 0.0), _TYPO_WEIGHTS[distance])
        if typos:
            primary, primary_weight = typos[0][0], _TYPO_WEIGHTS[typos[0][1]]
        if last:
            completions = self._prefix_candidates(word)
            for candidate in completions:
                for term in _query_terms_of_word(candidate):
                    alternatives[term] = max(alternatives.get(term, 0.0), _PREFIX_WEIGHT)
            if completions:         # a last word is more likely unfinished than mistyped
                primary, primary_weight = completions[0], _PREFIX_WEIGHT
        return primary, primary_weight, alternatives

    def _known(self, word: str) -> bool:
        if word in self._surface or word in _LEXICON:
            return True
        if not word.isascii() or not word.isalpha():
            return True     # numbers, codes and other scripts are taken as typed
        terms = _query_terms_of_word(word)
        return all(term in self._postings for term in terms)

    def _useful(self, word: str) -> bool:
        terms = _query_terms_of_word(word)
        return bool(terms) and all(term in self._postings for term in terms)

    def _vocabulary_by_length(self) -> dict[int, list[tuple[str, int]]]:
        if self._vocabulary is None:
            vocabulary: dict[int, list[tuple[str, int]]] = {}
            words = set(self._surface) | (_LEXICON - STOP_WORDS - FILLER_WORDS)
            for word in sorted(words):
                if word.isascii() and word.isalpha() and len(word) >= 3 and self._useful(word):
                    vocabulary.setdefault(len(word), []).append((word, _letter_mask(word)))
            self._vocabulary = vocabulary
        return self._vocabulary

    def _popularity(self, word: str) -> int:
        return max((len(self._postings.get(t, ())) for t in _query_terms_of_word(word)), default=0)

    def _typo_candidates(self, word: str) -> list[tuple[str, int]]:
        """Index words within the allowed edit distance, nearest and most common first."""
        limit = _max_typos(word)
        if not limit or not word.isascii() or not word.isalpha():
            return []
        letters = _letter_mask(word)
        vocabulary = self._vocabulary_by_length()
        found: list[tuple[str, int]] = []
        for length in range(len(word) - limit, len(word) + limit + 1):
            for candidate, candidate_letters in vocabulary.get(length, ()):
                # Each edit adds or removes at most one distinct letter: a cheap first filter.
                if (candidate_letters & ~letters).bit_count() > limit \
                        or (letters & ~candidate_letters).bit_count() > limit:
                    continue
                distance = _distance_within(word, candidate, limit)
                if distance:
                    found.append((candidate, distance))
        if not found:
            return []
        nearest = min(d for _, d in found)
        found = [(w, d) for w, d in found if d == nearest]
        found.sort(key=lambda wd: (-self._popularity(wd[0]), wd[0] in WORD_ALIASES, wd[0]))
        return found

    def _prefix_candidates(self, word: str) -> list[str]:
        if len(word) < _MIN_PREFIX or not word.isascii() or not word.isalpha():
            return []
        found = [candidate for bucket in self._vocabulary_by_length().values()
                 for candidate, _ in bucket
                 if len(candidate) > len(word) and candidate.startswith(word)]
        found.sort(key=lambda w: (-self._popularity(w), len(w), w))
        return found[:_MAX_PREFIX_CANDIDATES]

    @staticmethod
    def _display(word: str) -> str:
        """How to show a corrected word: its standard spelling if it is a spelling variant."""
        replacement = WORD_ALIASES.get(word)
        if replacement and " " not in replacement and replacement not in STOP_WORDS \
                and _distance_within(word, replacement, 2) is not None:
            return replacement      # pasport -> paspor, but not meninggal -> mati
        return word

    # -- scoring

    def _rank(self, query: str) -> list[tuple[float, int]]:
        """(score, document number) pairs, best first."""
        return self._rank_detailed(query)[0]

    def _rank_detailed(self, query: str) -> tuple[list[tuple[float, int]], dict[int, float], int]:
        """The ranking, how many content terms each document matched, and how many could be."""
        groups = self._parse(query)
        content = [g for g in groups if g.content]
        if not content or not self._docs:
            return [], {}, 0
        totals: dict[int, float] = {}
        matched: dict[int, list[int]] = {}
        coverage: dict[int, float] = {}
        live_groups = 0
        for number, group in enumerate(groups):
            best: dict[int, float] = {}
            strong: set[int] = set()
            for term, weight in group.alternatives.items():
                postings = self._postings.get(term, {})
                for doc, score in self._term_scores(term).items():
                    if weight * score > best.get(doc, 0.0):
                        best[doc] = weight * score
                    if any(postings[doc][:_WEAK_FIELD]):
                        strong.add(doc)
            if group.content and best:
                live_groups += 1
            importance = 1.0 if group.content else _FILLER_IMPORTANCE
            for doc, score in best.items():
                totals[doc] = totals.get(doc, 0.0) + importance * score
                if group.content:
                    matched.setdefault(doc, []).append(number)
                    # A term met only among requirements or life events ("KTP-el" is asked for
                    # almost everywhere) says little about what the service is.
                    coverage[doc] = coverage.get(doc, 0.0) + (
                        1.0 if doc in strong else _WEAK_FIELD_COVERAGE)
        hits = []
        for doc, groups_hit in matched.items():
            share = coverage[doc] / live_groups
            score = totals[doc] * (0.5 + 0.5 * share)
            if len(groups_hit) == live_groups and live_groups > 1:
                score *= _ALL_TERMS_BONUS
            if self._in_name_order(doc, [groups[g] for g in groups_hit]):
                score *= _NAME_ORDER_BONUS
            hits.append((round(score, 6), doc))
        hits.sort(key=lambda hit: (-hit[0], self._sort_names[hit[1]], hit[1]))
        return hits, coverage, live_groups

    def _term_scores(self, term: str) -> dict[int, float]:
        cached = self._term_cache.get(term)
        if cached is not None:
            return cached
        postings = self._postings.get(term)
        if postings is None:
            return {}       # not remembered: queries' unknown words must not grow the index
        scores: dict[int, float] = {}
        idf = self._idf.get(term, 0.0)
        for doc, frequencies in postings.items():
            total = 0.0
            for field, tf in enumerate(frequencies):
                if not tf:
                    continue
                norm = 1.0 - _FIELD_B[field] + _FIELD_B[field] * (
                    self._lengths[doc][field] / self._average[field])
                total += _FIELD_WEIGHTS[field] * tf * (_K1 + 1.0) / (tf + _K1 * norm)
            scores[doc] = idf * total
        self._term_cache[term] = scores
        return scores

    def _in_name_order(self, doc: int, groups: list[_Group]) -> bool:
        """Do two or more of the matched query terms appear in the name, in the query's order?"""
        positions = self._name_positions[doc]
        found = []
        for group in groups:
            hits = [positions[t] for t in group.alternatives if t in positions]
            if hits:
                found.append(min(hits))
        return len(found) >= 2 and all(a < b for a, b in zip(found, found[1:]))
