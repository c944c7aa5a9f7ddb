"""Answers from the catalogue: what to bring, steps, fee, time, place, hours, open counters.

Understanding is small and local: the question is split into *what is asked* (a table of the
words citizens use: "syarat", "bayar berapa", "berapa lama", "dimana", "buka sabtu", …, in
Indonesian and English, with their common slang and typos) and *which service* (the rest of
the words, through the catalogue's own forgiving search, catalog/services.py).

Facts are never written here. Each fact is rendered by the very template macros the service
page and the MPP's home page use (components/service_facts.html, fee.html, checklist.html,
steps.html, elsewhere_notice.html, hours_today.html) and turned into plain text, so a reply
says what the page says, in the conversation's language. Every fact reply names the service,
links its page and quotes its "last reviewed" line. When nothing fits, the reply says so and
offers the service list, the MPP's phone number and the complaint page.
"""
from __future__ import annotations

import datetime as dt
import html
import re

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from ..catalog.services import search_index, search_services, site_hours
from ..counters.services import COUNTER_STATUS_LABELS, counters_today
from ..extensions import db
from ..formatting import clean_text
from ..models import Service, Site
from .engine import Reply, Turn, choice_number, numbered

MAX_REPLY = 1000          # characters: short for WhatsApp and Telegram (limits 4,096)
MAX_CHOICES = 5
# The best match is taken without asking when it scores this much more than the next one.
CLEAR_LEAD = 1.35

# --- what is asked ----------------------------------------------------------------------------
# Each intent: words and phrases (on the folded text, whole words). Order matters only for the
# order of the reply's parts.
INTENTS: dict[str, tuple[str, ...]] = {
    "requirements": (
        "syarat", "syarat2", "syaratnya", "syart", "syrt", "persyaratn", "sarat", "sarat2",
        "saratnya", "syrat", "persyaratan",
        "persyaratannya", "prasyarat", "bawa", "dibawa", "bawain", "membawa", "bw",
        "dokumen apa", "berkas apa", "berkasnya", "dokumennya", "perlu apa", "butuh apa",
        "apa yang diperlukan", "yang diperlukan", "kelengkapan", "lampiran",
        "requirement", "requirements", "require", "required", "bring", "documents",
        "document", "what do i need", "need to bring", "papers",
    ),
    "steps": (
        "alur", "alurnya", "cara", "caranya", "carane", "prosedur", "prosedurnya", "langkah",
        "langkahnya", "langkah2", "tahapan", "tahap", "mekanisme", "gimana", "gmn",
        "bagaimana", "gmana", "step", "steps", "procedure",
        "how to", "how do i", "how can i",
    ),
    "fee": (
        "biaya", "biayanya", "biyaya", "byaya", "bayar", "bayarnya", "byr", "gratis",
        "gratiskah", "free", "tarif", "tarifnya", "harga", "harganya", "ongkos", "duit",
        "uang", "rp", "rupiah", "fee", "fees", "cost", "costs", "price", "pay", "charge",
        "berbayar", "dipungut", "pungutan", "pnbp", "how much", "mahal", "murah",
    ),
    "time": (
        "lama", "lamanya", "brp lama", "berapa hari", "brp hari", "berapa jam", "jadi kapan",
        "kapan jadi", "kapan selesai", "selesai kapan", "kapan jadinya", "waktu", "waktunya",
        "durasi", "sehari", "langsung jadi", "hari itu juga", "jadinya", "how long",
        "how many days", "processing", "duration", "same day", "ditunggu", "nunggu",
        "proses", "prosesnya", "process",
    ),
    "where": (
        "dimana", "di mana", "dmn", "dmana", "mana loket", "loket", "loketnya", "gerai",
        "geraine", "gerainya", "lantai", "lokasi", "lokasinya", "tempat", "tempatnya",
        "meja", "counter", "floor", "where", "located", "location", "desk", "ke mana",
        "kemana", "kmn",
    ),
    "finish": (
        "selesai di mpp", "bisa di mpp", "di mpp bisa", "bisa diurus di mpp", "diurus di mpp",
        "harus ke", "kantor pusat", "kantor imigrasi", "ke kantor", "kantor induk",
        "di luar mpp", "luar mpp", "at the mpp", "head office", "done at", "finish",
        "finished", "bisa selesai", "selesai disini", "selesai di sini", "full di mpp",
        "sampai jadi", "sampai selesai", "tuntas",
    ),
    "hours": (
        "jam buka", "jam berapa buka", "buka jam", "jam operasional", "jam layanan",
        "jam kerja", "jam pelayanan", "buka", "bukak", "tutup", "libur", "sabtu", "minggu",
        "ahad", "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jumad", "hari ini",
        "besok", "sekarang", "weekend", "open", "opening", "hours", "closed", "close",
        "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
        "today", "tomorrow", "holiday", "now",
    ),
    "counters": (
        "gerai yang buka", "gerai apa saja yang buka", "gerai buka", "loket yang buka",
        "loket buka", "gerai mana", "loket mana", "yang buka sekarang", "yang buka",
        "counters open", "counter open", "which counters", "open counters", "gerai hari ini",
    ),
}
# Words only about the asking (removed before the service search, with the intent words).
FILLER = frozenset("""
apa apakah aja saja ya yah yaa ga gak gk ngga nggak enggak tidak tdk dong donk sih kak kakak
min admin mas mbak mba pak bu bapak ibu gan sis bro om tante halo hai permisi tanya nanya
mau ingin pengen pgn pingin bikin bkin buat bwt membuat urus ngurus mengurus diurus
bisa bs bisakah boleh di ke dan atau yg yang itu ini tu nih untuk utk berapa brp brapa
gimana bagaimana kalau kalo klo kl mpp mal pelayanan publik layanan dengan dgn sama
jam sampai sampe mulai dari pada oleh abis habis setelah selesai jadi kah kan deh tuh gitu
nya lah dulu udah sudah sdh masih lagi juga jg saya aku gue gw kami kita anak ku
tolong info informasi mohon terima kasih makasih thx thanks please pls the a an is are
do does i my me we to for can could of in at on what which how much many need want get
about there here it this that be will you your with please any hi hello
""".split())
_WORD = re.compile(r"[\w'’]+", re.UNICODE)
# Common slang and misspellings folded to the catalogue's words before the search.
SPELLING = {
    "akte": "akta", "ektp": "ktp", "pasport": "paspor", "passport": "paspor",
    "pspor": "paspor", "pasprt": "paspor", "pasor": "paspor", "paspot": "paspor",
    "lahir": "kelahiran", "kawin": "perkawinan", "mati": "kematian", "meninggal": "kematian",
    "motor": "kendaraan", "mobil": "kendaraan", "imb": "pbg", "ilang": "hilang",
}


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold().replace("’", "'")))


def _has(folded: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", folded) is not None


def asked(text: str) -> list[str]:
    """The intents of a question, in the order of INTENTS."""
    folded = _fold(text)
    found = [name for name, words in INTENTS.items() if any(_has(folded, w) for w in words)]
    if "counters" in found and "hours" in found:
        found.remove("hours")
    return found


def service_words(text: str) -> str:
    """What is left of a question once the asking is taken out: the service's words."""
    folded = _fold(text)
    for words in INTENTS.values():
        for phrase in sorted((w for w in words if " " in w), key=len, reverse=True):
            folded = re.sub(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", " ", folded)
    single = {w for words in INTENTS.values() for w in words if " " not in w}
    kept = [SPELLING.get(w, w) for w in folded.split() if w not in single and w not in FILLER]
    return " ".join(kept)


def find_services(site: Site, text: str, limit: int = 5) -> list[Service]:
    """The services `text` asks about, best first (the catalogue's own forgiving search).
    Shared by the answers and the flows (which service to book)."""
    return search_services(site, text, limit=limit).services


# A word naming at most this many entries says which service is meant ("paspor", "skck");
# one naming more is generic ("daftar", "surat", "kartu").
SPECIFIC = 4


def _matches(site: Site, words: str) -> list[Service]:
    """The services the words name: one when the best clearly leads, else the close ones.
    Nothing when a word the catalogue has never seen carries the question ("cpns", "emas"),
    or when only generic words fit ("daftar" in "daftar cpns")."""
    query = clean_text(words, 200)
    if not query:
        return []
    index = search_index(site)
    hits = index.find(query).found
    if not hits:
        return []
    titles = index.titles()  # what entries are called: a word met only in long texts
    #                           does not say what the question is about
    terms = [w for w in query.split() if len(w) >= 2]
    named = {w: {h.key for h in titles.find(w).found} for w in terms}
    unknown = [w for w in terms if not index.search(w)]
    specific = {key for w in terms if 0 < len(named[w]) <= SPECIFIC for key in named[w]}
    covered = {key for keys in named.values() for key in keys}
    if unknown and (not specific or 2 * len(unknown) >= len(terms)):
        return []
    if specific:
        hits = [h for h in hits if h.key in specific]
        # A generic word the best match is not called by ("daftar" in "daftar cpns" when
        # "cpns" only names the SKCK) means the question is about something else.
        stray = [w for w in terms if len(named[w]) > SPECIFIC and hits and
                 hits[0].key not in named[w]]
        if 2 * len(stray) >= len(terms):
            return []
    elif all(named[w] for w in terms):
        hits = [h for h in hits if h.key in covered]
    else:
        return []
    if not hits:
        return []
    keep = [h for h in hits if h.score * CLEAR_LEAD >= hits[0].score][:MAX_CHOICES]
    by_id = {s.id: s for s in db.session.scalars(
        sa.select(Service).where(Service.id.in_([h.key for h in keep])))}
    found = [by_id[h.key] for h in keep if h.key in by_id]
    # "skck", "bikin paspor": getting the thing, not renewing or replacing it, unless the
    # question says so. A variant stays on offer as a choice.
    if len(found) > 1 and not _VARIANT.search(query):
        plain_first = [s for s in found if not _VARIANT.search(_fold(s.name))]
        found = plain_first + [s for s in found if s not in plain_first]
    return found


# Words that make a service a variant of another (renewal, replacement, change, copy).
_VARIANT = re.compile(r"(?<!\w)(perpanjang\w*|panjang|ganti|penggantian|hilang|ilang|rusak|"
                      r"ubah|perubahan|mutasi|duplikat|pindah|klaim|renew\w*|replac\w*|lost|"
                      r"change|cek|pengecekan|tambah)(?!\w)")


# --- facts, as the pages render them -------------------------------------------------------------

_BREAKS = re.compile(r"<\s*(br|/p|/li|/dd|/dt|/h[1-6]|/div|/label)\b[^>]*>", re.I)


def plain(markup: str) -> list[str]:
    """Rendered HTML as plain lines: tags dropped, entities decoded, spaces collapsed."""
    lines = []
    for part in _BREAKS.split(str(markup))[::2]:
        text = " ".join(html.unescape(Markup(part).striptags()).split())
        if text:
            lines.append(text)
    return lines


def _macro(template: str, name: str, *args):
    module = current_app.jinja_env.get_template(template).make_module()
    return getattr(module, name)(*args)


def _facts(service: Service) -> dict[str, str]:
    """The service page's facts box (time, fee, product, place, quota): label → text."""
    markup = str(_macro("components/service_facts.html", "service_facts", service))
    facts = {}
    for label, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", markup, re.S):
        facts[" ".join(plain(label))] = "\n".join(plain(value))
    return facts


# The parts of a requirement or step left out when a reply would be too long: explanations
# and sources (the page keeps them; the reply links the page).
_DETAIL = re.compile(r'<span class="(req-detail|req-source|step-detail|step-meta)">.*?</span>',
                     re.S)


def _short(markup, short: bool) -> str:
    return _DETAIL.sub("", str(markup)) if short else str(markup)


def _requirements(service: Service, short: bool = False) -> list[str]:
    if not service.requirements:
        return plain(_macro("components/checklist.html", "checklist", service))
    from ..templating import group_alternatives

    label = lambda r: " ".join(plain(_short(_macro(  # noqa: E731
        "components/checklist.html", "requirement_label", r), short)))
    lines = []
    for group in group_alternatives(service.requirements):
        if len(group) == 1:
            lines.append("- " + label(group[0]))
        else:
            lines.append("- " + _("Salah satu dari:") + " " + " / ".join(label(r) for r in group))
    return lines


def _steps(service: Service, short: bool = False) -> list[str]:
    if not service.steps:
        return plain(_macro("components/steps.html", "steps", service))
    from ..templating import group_alternatives

    body = lambda s: " ".join(plain(_short(_macro(  # noqa: E731
        "components/steps.html", "step_body", s), short)))
    lines = []
    for number, group in enumerate(group_alternatives(service.steps), 1):
        if len(group) == 1:
            lines.append(f"{number}. {body(group[0])}")
        else:
            lines.append(f"{number}. " + _("Pilih salah satu:") + " "
                         + " / ".join(body(s) for s in group))
    return lines


def _elsewhere(service: Service) -> list[str]:
    return plain(_macro("components/elsewhere_notice.html", "elsewhere_notice", service))


def service_url(site: Site, service: Service) -> str:
    return url_for("catalog.service", site=site.slug, service=service.slug, _external=True)


def reviewed_line(service: Service) -> str:
    """The service page's own "last reviewed" line (empty when never reviewed)."""
    if not service.last_reviewed:
        return ""
    long_date = current_app.jinja_env.filters["long_date"]
    return _("Informasi diperiksa terakhir: %(date)s", date=long_date(service.last_reviewed))


def _fit(head: list[str], body: list[str], tail: list[str], more: str) -> str:
    """head + as much of body as fits in MAX_REPLY + tail; `more` says what was left out."""
    def text(lines: list[str]) -> str:
        return "\n".join(head + lines + tail)
    if len(text(body)) <= MAX_REPLY:
        return text(body)
    shown = list(body)
    while shown and len(text(shown + [more])) > MAX_REPLY:
        shown.pop()
    lines = [line if len(line) <= MAX_REPLY // 2 else line[:MAX_REPLY // 2 - 1] + "…"
             for line in shown]
    return text(lines + [more])


def _load(service_id: int) -> Service:
    return db.session.scalar(
        sa.select(Service).where(Service.id == service_id)
        .options(selectinload(Service.requirements), selectinload(Service.steps),
                 selectinload(Service.counters), selectinload(Service.agency)))


def service_reply(turn: Turn, service: Service, intents: list[str],
                  others: list[Service] | None = None) -> Reply:
    """The facts asked about one service, as its page shows them."""
    site = turn.site
    assert site is not None
    service = _load(service.id)
    facts = _facts(service)
    time_key, fee_key = _("Waktu penyelesaian"), _("Biaya")
    place_key = _("Tempat mengurus") if service.is_outside else _("Tempat di MPP")
    wanted = [i for i in intents if i not in ("hours", "counters")] or \
        ["time", "fee", "requirements"]
    notice = _elsewhere(service)

    def build(short: bool) -> list[str]:
        body: list[str] = []
        if notice and not ({"where", "finish"} & set(wanted)):
            body.append(notice[0])          # "Sebagian harus diurus di luar MPP", …
        for intent in wanted:
            if intent == "requirements":
                heading = (_("Yang perlu dibawa ke %(place)s",
                             place=service.tr("elsewhere_place"))
                           if service.is_outside else _("Persyaratan yang harus dibawa"))
                body.append(heading + ":")
                body.extend(_requirements(service, short))
            elif intent == "steps":
                body.append(_("Langkah-langkah") + ":")
                body.extend(_steps(service, short))
            elif intent in ("fee", "time"):
                key = fee_key if intent == "fee" else time_key
                first, *rest = facts.get(key, "").split("\n")
                body.append(f"{key}: {first}")
                body.extend(rest)
            elif intent in ("where", "finish"):
                if notice:
                    body.extend(notice)
                if place_key in facts and not (intent == "finish" and service.is_outside):
                    body.append(f"{place_key}: {facts[place_key]}")
                if intent == "finish" and service.availability == "full":
                    body.append(_("Layanan ini bisa diurus sampai selesai di MPP."))
        return body

    body = build(False)
    if len("\n".join(body)) > MAX_REPLY * 2 // 3:
        body = build(True)
    if "hours" in intents or "counters" in intents:
        body.extend(_service_counters(turn, service))
    turn.state["service"] = service.slug
    url = service_url(site, service)
    tail = [_("Info lengkap: %(url)s", url=url)]
    if reviewed_line(service):
        tail.append(reviewed_line(service))
    choices: list[str] = []
    if others:
        others = others[:3]
        choices = [s.tr("name") for s in others]
        tail.append(_("Atau maksud Anda (balas dengan angkanya):") + "\n" + numbered(choices))
        turn.state["offer"] = [s.slug for s in others]
        turn.state["intents"] = intents
    text = _fit([service.tr("name")], list(dict.fromkeys(body)), tail,
                _("(Selengkapnya di halaman layanan.)"))
    return Reply(text, services=[{"slug": service.slug, "name": service.tr("name"),
                                  "url": url}], choices=choices)


def _service_counters(turn: Turn, service: Service) -> list[str]:
    """Today's hours of the MPP and the live status of the service's counters."""
    site = turn.site
    assert site is not None
    lines = hours_lines(site, turn.now)
    ids = {c.id for c in service.counters}
    for row in counters_today(site, turn.now):
        if row.counter.id in ids:
            lines.append(f"{row.counter.label}: {COUNTER_STATUS_LABELS[row.status]}"
                         + (f" ({row.reason})" if row.reason and row.status != "open" else ""))
    return lines


# --- the MPP's hours and counters -----------------------------------------------------------------

def hours_lines(site: Site, now: dt.datetime) -> list[str]:
    """Today's hours as the MPP's home page says them (components/hours_today.html)."""
    return plain(_macro("components/hours_today.html", "hours_today", site_hours(site, now)))


def weekly_lines(site: Site, asked_days: set[int]) -> list[str]:
    """The weekly hours as the home page lists them; days asked about that have no hours say
    "tutup" (closed)."""
    weekdays = current_app.jinja_env.globals["weekdays"]
    time_label = current_app.jinja_env.filters["time_label"]
    by_day: dict[int, list[str]] = {}
    for h in sorted(site.hours, key=lambda h: (h.weekday, h.opens)):
        by_day.setdefault(h.weekday, []).append(f"{time_label(h.opens)}–{time_label(h.closes)}")
    lines = [f"{weekdays[day]}: {', '.join(times)}" for day, times in sorted(by_day.items())]
    for day in sorted(asked_days - set(by_day)):
        lines.append(f"{weekdays[day]}: {_('Tutup')}")
    return lines


_DAYS = {1: ("senin", "monday"), 2: ("selasa", "tuesday"), 3: ("rabu", "wednesday"),
         4: ("kamis", "thursday"), 5: ("jumat", "jum'at", "jumad", "friday"),
         6: ("sabtu", "saturday", "weekend"), 7: ("minggu", "ahad", "sunday", "weekend")}


def site_reply(turn: Turn, intents: list[str], text: str) -> Reply:
    site = turn.site
    assert site is not None
    folded = _fold(text)
    home = url_for("catalog.site_home", site=site.slug, _external=True)
    body: list[str] = list(hours_lines(site, turn.now))
    tail = [_("Info lengkap: %(url)s", url=home)]
    if "hours" in intents:
        asked_days = {day for day, words in _DAYS.items() if any(_has(folded, w) for w in words)}
        body.append(_("Jam buka dan kontak") + ":")
        body.extend(weekly_lines(site, asked_days))
        if site.phone:
            body.append(_("Telepon:") + " " + site.phone)
    if "counters" in intents:
        open_rows = [r for r in counters_today(site, turn.now) if r.status == "open"]
        if open_rows:
            body.append(_("Gerai yang buka sekarang:"))
            body.extend(f"- {r.counter.label} ({r.counter.agency.display_name()})"
                        for r in open_rows)
        else:
            body.append(_("Saat ini tidak ada gerai yang buka."))
        tail.append(_("Semua gerai: %(url)s",
                      url=url_for("counters.public", site=site.slug, _external=True)))
    return Reply(_fit([site.tr("name")], body, tail, _("(Selengkapnya di halaman MPP.)")))


# --- choices, "don't know" and the entry point ---------------------------------------------------

def unknown_reply(turn: Turn) -> Reply:
    """An honest "I don't know", with where to look or ask."""
    site = turn.site
    assert site is not None
    lines = [_("Maaf, saya tidak menemukan jawabannya di katalog layanan %(name)s. "
               "Mungkin keperluan ini tidak dilayani di MPP.", name=site.tr("name")),
             _("Daftar semua layanan: %(url)s",
               url=url_for("catalog.all_services", site=site.slug, _external=True))]
    if site.phone:
        lines.append(_("Tanya petugas MPP: %(phone)s", phone=site.phone))
    lines.append(_("Pengaduan: %(url)s", url=url_for("feedback.complaint_form", site=site.slug,
                                                      _external=True)))
    return Reply("\n".join(lines))


def ask_reply(turn: Turn) -> Reply:
    """ "tanya layanan" from the menu: what can be asked."""
    return Reply(_("Tulis nama layanan dan apa yang ingin Anda ketahui, misalnya: "
                   "\"syarat paspor\", \"biaya SKCK\", \"berapa lama NPWP\", "
                   "\"loket BPJS di mana\"."))


_ASK = re.compile(r"^\s*(tanya layanan|tanya|ask|question)\s*$", re.I)
_HOURS_MENU = re.compile(r"^\s*(jam buka)\s*$", re.I)


def answer(turn: Turn, text: str) -> Reply:
    site = turn.site
    assert site is not None
    text = clean_text(text, int(current_app.config.get("CHAT_MAX_TEXT", 1000)))
    offer = turn.state.pop("offer", None)
    offered_intents = turn.state.pop("intents", [])
    number = choice_number(text) if offer else None
    if offer and number is not None:
        index = number - 1
        if 0 <= index < len(offer):
            service = db.session.scalar(sa.select(Service).filter_by(
                site_id=site.id, slug=offer[index], active=True))
            if service is not None:
                return service_reply(turn, service, offered_intents)
    if _ASK.match(text):
        return ask_reply(turn)
    if _HOURS_MENU.match(text):
        return site_reply(turn, ["hours", "counters"], text)
    intents = asked(text)
    words = " ".join(w for w in service_words(text).split() if w not in _site_words(site))
    services = _matches(site, words) if words else []
    if not services and words and not intents:
        services = _matches(site, text)
    if not services and intents and not words and turn.state.get("service") \
            and intents != ["hours"] and intents != ["counters"]:
        previous = db.session.scalar(sa.select(Service).filter_by(
            site_id=site.id, slug=turn.state["service"], active=True))
        if previous is not None:
            return service_reply(turn, previous, intents)
    if not services:
        if intents and set(intents) <= {"hours", "counters", "where"} and not words:
            return site_reply(turn, [i for i in intents if i != "where"] or ["hours"], text)
        return unknown_reply(turn)
    return service_reply(turn, services[0], intents, others=services[1:])


def _site_words(site: Site) -> set[str]:
    """The MPP's own name in a question ("mpp ngawi buka sabtu") names no service."""
    return set(_fold(f"{site.slug} {site.regency}").split()) | {"kabupaten", "kota", "kab"}
