"""Low bandwidth is the product: every citizen page fits one TCP round trip (14,600 bytes
compressed) and a first visit with its CSS, JS and icon stays under 30,000 bytes."""
from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

PAGE_BUDGET = 14_600
FIRST_VISIT_BUDGET = 30_000
STAFF = re.compile(r"^/(api|static|staff|admin|petugas|bahasa)/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "icon"):
            self.assets.append(a["href"])


def wire_size(client, path: str, **headers) -> tuple[int, bytes, str]:
    response = client.get(path, headers={"Accept-Encoding": "gzip", **headers})
    assert response.status_code == 200, (path, response.status_code)
    body = response.data
    if response.headers.get("Content-Encoding") == "gzip":
        return len(body), gzip.decompress(body), response.mimetype
    return len(body), body, response.mimetype


def crawl(client, language: str = "id", limit: int = 600) -> dict[str, tuple[int, list[str]]]:
    """Every same-origin citizen page reachable from / with its wire size and its assets."""
    seen: dict[str, tuple[int, list[str]]] = {}
    queue = ["/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path, headers={"Accept-Language": language})
        if response.status_code in (301, 302, 303, 308):
            queue.append(urlsplit(response.location).path)
            seen[path] = (0, [])
            continue
        size, body, mimetype = wire_size(client, path, **{"Accept-Language": language})
        parser = Links()
        parser.feed(body.decode())
        seen[path] = (size, parser.assets)
        for href in parser.links:
            url = urldefrag(urljoin("http://mpp.test" + path, href))[0]
            parts = urlsplit(url)
            if parts.netloc != "mpp.test" or STAFF.match(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    return seen


@pytest.fixture(scope="module")
def demo_pages(demo_app):
    return crawl(demo_app.test_client())


def test_demo_site_is_fully_reachable_from_the_root(demo_pages):
    services = [p for p in demo_pages if re.fullmatch(r"/[a-z-]+/layanan/[a-z0-9-]+", p)]
    assert len([p for p in services if p.startswith("/maros/")]) >= 40
    assert len([p for p in services if p.startswith("/ngawi/")]) >= 40
    assert any(p.endswith("/cetak") for p in demo_pages)


def test_every_page_fits_one_round_trip(demo_pages):
    over = {p: size for p, (size, _a) in demo_pages.items() if size > PAGE_BUDGET}
    assert not over, f"pages over {PAGE_BUDGET} B compressed: {over}"


def test_first_visit_fits_the_budget(demo_app, demo_pages):
    client = demo_app.test_client()
    asset_sizes = {}
    for _size, assets in demo_pages.values():
        for asset in assets:
            if asset not in asset_sizes:
                asset_sizes[asset] = wire_size(client, asset)[0]
    worst = max((size + sum(asset_sizes[a] for a in set(assets)), path)
                for path, (size, assets) in demo_pages.items() if size)
    assert worst[0] <= FIRST_VISIT_BUDGET, f"first visit of {worst[1]} costs {worst[0]} B"


def test_english_pages_fit_too(demo_app):
    pages = crawl(demo_app.test_client(), language="en", limit=150)
    over = {p: size for p, (size, _a) in pages.items() if size > PAGE_BUDGET}
    assert not over


def test_no_third_party_resources(demo_pages):
    for path, (_size, assets) in demo_pages.items():
        for asset in assets:
            assert asset.startswith("/"), (path, asset)
