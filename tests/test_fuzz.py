"""Fuzzing with Hypothesis: no request, however malformed, gets a 5xx.

Two bounded, deterministic runs (derandomize=True, no example database), on whichever database
the suite runs on:
- the JSON API, driven by its own OpenAPI document (/api/v1/openapi.json): every operation, its
  path and query parameters and its JSON body built from the document's schemas, each value
  sometimes replaced by a hostile one (NUL, CR/LF, C1 controls, lone surrogates, huge and
  negative integers, wrong JSON types);
- the main HTML forms and filters (booking, complaint, survey, staff login, admin forms with a
  valid CSRF token, `next=`, `?halaman=`/`?page=`, id filters), whose fields are read from the
  pages themselves and filled the same way.
With TESTING on, an unhandled exception propagates, so Hypothesis shows the failing request.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpp_lite.extensions import db
from mpp_lite.models import CounterHours, SiteHours

from support.queue import new_ticket
from support.staff import login, open_staff_app

# Small enough for ~10 s per run on 2 cores; fuzz harder locally with MPP_FUZZ_EXAMPLES=2000.
MAX_EXAMPLES = int(os.environ.get("MPP_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck), print_blob=True)

HUGE = [2**31, 2**31 - 1, 2**63, 2**63 - 1, 2**64, -(2**63) - 1, 10**30, -1, 0]
NASTY_TEXT = [
    "\x00", "a\x00b", "\r\n", "x\r\nSet-Cookie: a=b", "\n", "\t", "\x1b[31m", "\x7f", "\x85",
    "\x9f", "\u2028", "\ufeff", "\ufffd", "²", "١٢", "0" * 40 + "1", "-1", "0", "1e9",
    "9" * 30, "", " ", "%", "%00", "%zz", "../../etc/passwd", "//evil.example", "/\\evil",
    "https://evil.example/", "javascript:alert(1)", "<script>x</script>", "'; DROP TABLE t;--",
    "Ⅻ", "😀" * 50, "a" * 5000, "2026-02-30", "9999-12-31", "0001-01-01", "2026-13-01",
    "true", "null", "[]", "{}",
] + [str(n) for n in HUGE]

# Text a person could type, with every plane of Unicode except lone surrogates (which a
# browser cannot send in a form; the JSON bodies get them below).
typed_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
hostile_text = st.one_of(st.sampled_from(NASTY_TEXT), typed_text)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.sampled_from(HUGE), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(NASTY_TEXT + ["\ud800", "a\udfffb"]), st.text(max_size=20))
# Bodies no JSON encoder writes: too deep for the parser, broken UTF-8, cut short, numbers
# beyond any range.
RAW_BODIES = [b"[" * 100_000, b'{"a":' * 20_000, b'{"name": "\xc3("}', b'{"name": "Bu',
              b"9" * 5000, b'{"window": 1e999999}', b'{"window": ' + b"9" * 5000 + b"}",
              b"\xef\xbb\xbf{}", b"", b"null", b'"\\u0000"', b"{}" * 1000]
any_json = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8)


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code,
                                        response.get_data(as_text=True)[:500])


def open_all_day(app) -> None:
    """Bookable whatever time the suite runs."""
    with app.app_context():
        db.session.execute(sa.delete(SiteHours))
        db.session.execute(sa.delete(CounterHours))
        db.session.execute(sa.text("DELETE FROM closed_date"))
        for site_id in db.session.scalars(sa.text("SELECT id FROM site")):
            for weekday in range(1, 8):
                db.session.add(SiteHours(site_id=site_id, weekday=weekday,
                                         opens=dt.time(0, 0), closes=dt.time(23, 59)))
        db.session.commit()


# --- the JSON API from its OpenAPI document ---------------------------------------------------

def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def hostile_for(document: dict[str, Any], schema: dict[str, Any]):
    """A value that breaks `schema` in a way a careless client or an attacker would."""
    schema = resolve(document, schema)
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "integer" in kinds:
        own = st.one_of(st.sampled_from(HUGE), st.integers())
    elif "array" in kinds:
        own = st.lists(st.one_of(st.sampled_from(HUGE), json_scalars), max_size=12)
    else:
        own = st.one_of(hostile_text, st.sampled_from(["\ud800", "a\udfffb"]))
    return st.one_of(own, own, any_json)


def mutated(valid: dict[str, Any], hostile: dict[str, Any]):
    """`valid` with one or two members replaced by hostile values (or a hostile new member),
    so that the request gets past the checks of the other members."""
    @st.composite
    def build(draw):
        data = dict(valid)
        for _ in range(draw(st.integers(1, 2))):
            name = draw(st.sampled_from(sorted(hostile) + ["\x00", "extra"]))
            if name in hostile:
                data[name] = draw(hostile[name])
            else:
                data[name] = draw(any_json)
            if draw(st.integers(0, 9)) == 0:
                data.pop(draw(st.sampled_from(sorted(data))), None)
        return data
    return build()


def api_requests(document: dict[str, Any], known: dict[str, list[Any]]):
    """(method, path, query, json body or None) for every operation of the document: valid
    values from `known` (by parameter or member name), one or two of them hostile."""
    operations = [(method, path, op) for path, item in sorted(document["paths"].items())
                  for method, op in sorted(item.items())]

    def valid(name: str):
        return st.sampled_from(known.get(name, ["x"]))

    @st.composite
    def build(draw):
        method, template, operation = draw(st.sampled_from(operations))
        parameters = operation.get("parameters", [])
        fuzzed = draw(st.sets(st.sampled_from([p["name"] for p in parameters] + ["body"]),
                              max_size=2))
        path, query = template, {}
        for parameter in parameters:
            name = parameter["name"]
            value = draw(hostile_text if name in fuzzed else valid(name))
            if parameter["in"] == "path":
                path = path.replace("{%s}" % name, quote(value, safe="") or "-")
            elif name in fuzzed or parameter.get("required") or draw(st.booleans()):
                query[name] = value
        body = None
        if "requestBody" in operation:
            schema = resolve(document, operation["requestBody"]["content"][
                "application/json"]["schema"])
            properties = schema.get("properties", {})
            base = {k: draw(valid(k)) for k in properties
                    if k in known and (k in schema.get("required", []) or draw(st.booleans()))}
            if "idempotency_key" in properties:  # a new ticket each time, not the same one
                base["idempotency_key"] = f"fuzz-{draw(st.integers(0, 10**9)):010d}"
            if "body" in fuzzed:
                body = draw(st.one_of(
                    mutated(base, {k: hostile_for(document, v) for k, v in properties.items()}),
                    any_json, st.sampled_from(RAW_BODIES)))
            else:
                body = base
        return method, "/api/v1" + path, query, body
    return build()


def test_the_api_never_answers_5xx(database_url):
    with open_staff_app(database_url) as app:
        open_all_day(app)
        done = new_ticket(app)
        client = app.test_client()
        document = client.get("/api/v1/openapi.json").json
        slugs = [s["slug"] for s in client.get("/api/v1/sites/maros/services").json["services"]]
        waiting = client.post("/api/v1/sites/maros/tickets", json={
            "service": slugs[0], "name": "Budi", "idempotency_key": "fuzz-000001"}).json
        today = dt.date.today().isoformat()
        known = {"site": ["maros", "ngawi", "nowhere"], "slug": slugs,
                 "code": [done, waiting.get("code", done), "ABCDEFGHJK"],
                 "lang": ["id", "en", "jv"], "agency": ["disdukcapil", "imigrasi"],
                 "service": slugs, "from": ["2026-11-01"], "to": ["2026-11-30"], "q": ["ktp"],
                 "name": ["Siti Rahma"], "phone": ["081234567890"], "day": [today],
                 "priority": ["lansia"], "nik": ["7309014507900001"],
                 "answers": [[3] * 9, [4, 3, 2, 1, 4, 3, 2, 1, 4]], "comment": ["Cepat."]}

        @FUZZ
        @given(request=api_requests(document, known))
        def fuzz(request):
            method, path, query, body = request
            if isinstance(body, bytes):
                response = client.open(path, method=method.upper(), query_string=query,
                                       data=body, content_type="application/json")
            else:
                response = client.open(path, method=method.upper(), query_string=query,
                                       json=body)
            assert_no_server_error(response, (method, path, query, body))
            if response.status_code >= 400:  # (a 308 to the path with merged slashes is not)
                assert response.mimetype == "application/json", (path, response.mimetype)

        fuzz()


# --- the main forms and filters ----------------------------------------------------------------

FIELD = re.compile(r'<(input|textarea|select)\b([^>]*)>', re.S)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def form_fields(page: str) -> dict[str, str]:
    """The named fields of a page with a usable value each (the first option, the checked
    radio), so that a fuzzed request differs from a valid one in the fuzzed field only."""
    fields: dict[str, str] = {}
    for tag, raw in FIELD.findall(page):
        attrs = dict(ATTR.findall(raw))
        name = attrs.get("name")
        if not name or attrs.get("type") in ("submit", "button"):
            continue
        value = attrs.get("value", "")
        if tag == "select":
            start = page.find(raw)
            option = re.search(r'<option[^>]*value="([^"]*)"', page[start:start + 5000])
            value = option.group(1) if option else ""
        if attrs.get("type") in ("radio", "checkbox") and name in fields \
                and "checked" not in raw:
            continue
        fields[name] = value.replace("&amp;", "&")
    return fields


POSTED_FORMS = [
    # (who, form page, where it posts)
    ("citizen", "/maros/layanan/ktp-el-baru/antre", None),
    ("citizen", "/maros/pengaduan", None),
    ("citizen", "/tiket/{done}/survei", None),
    ("citizen", "/staff/login", "/staff/login?next={next}"),
    ("admin", "/kelola/gerai/baru", None),
    ("admin", "/kelola/akun/baru", None),
    ("admin", "/kelola/instansi/baru", None),
    ("admin", "/kelola/pengumuman/baru", None),
    ("admin", "/kelola/layanan/baru", None),
    ("admin", "/kelola/situs", None),
]
FILTERS = [
    ("citizen", "/maros/cari", ["q", "page", "lang"]),
    ("citizen", "/bahasa/en", ["next"]),
    ("citizen", "/pengaduan/lacak", ["kode"]),
    ("citizen", "/maros/layanan/ktp-el-baru/antre", ["tanggal"]),
    ("citizen", "/maros/ikm", ["dari", "sampai", "layanan", "instansi"]),
    ("admin", "/kelola/audit", ["oleh", "jenis", "aksi", "dari", "sampai", "page"]),
    ("admin", "/kelola/pengaduan", ["status", "terlambat", "page", "halaman"]),
    ("admin", "/kelola/laporan-gerai", ["agency", "dari", "sampai"]),
    ("admin", "/kelola/ikm", ["dari", "sampai", "layanan", "instansi", "agency", "service"]),
    ("admin", "/kelola/pengumuman", ["dari", "sampai", "page"]),
    ("admin", "/kelola/akun", ["page"]),
]
NEVER_FUZZED = {"csrf_token"}  # a wrong token is one well-tested 400; keep the forms open


def test_the_main_forms_and_filters_never_answer_5xx(database_url):
    with open_staff_app(database_url) as app:
        open_all_day(app)
        done = new_ticket(app)
        clients = {"citizen": app.test_client(), "admin": login(app, "admin.maros")}
        forms = []
        for who, page_path, target in POSTED_FORMS:
            page_path = page_path.format(done=done)
            page = clients[who].get(page_path)
            assert page.status_code == 200, page_path
            forms.append((who, target or page_path, form_fields(page.get_data(as_text=True))))

        @st.composite
        def form_request(draw):
            """A form as the page gives it, with one to three fields hostile."""
            who, target, fields = draw(st.sampled_from(forms))
            names = sorted(set(fields) - NEVER_FUZZED)
            fuzzed = draw(st.sets(st.sampled_from(names), min_size=1, max_size=3))
            data = {name: draw(hostile_text) if name in fuzzed else valid
                    for name, valid in fields.items()}
            return who, target.replace("{next}", quote(draw(hostile_text), safe="")), data

        @st.composite
        def filter_request(draw):
            who, path, names = draw(st.sampled_from(FILTERS))
            query = {n: draw(hostile_text) for n in names if draw(st.booleans())}
            return who, path, query

        @FUZZ
        @given(request=st.one_of(form_request(), filter_request()))
        def fuzz(request):
            who, path, values = request
            client = clients[who]
            if "csrf_token" in values:
                response = client.post(path, data=values)
            else:
                response = client.get(path, query_string=values)
            assert_no_server_error(response, request)

        fuzz()
