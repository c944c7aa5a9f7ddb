"""How a service page feels on a slow 3G phone: Chromium's network emulation at about 300 ms
round trip and 700 kbps, first visit (cold cache) versus repeat visit (served by the service
worker). Prints first-contentful-paint and time to the page's heading, median of N runs.

Usage: python benchmarks/throttled_pages.py [--runs 5] [--page /maros/layanan/akta-kelahiran]
Starts its own server over a temporary, demo-seeded SQLite database (as tools/screenshots.py
does), binds 127.0.0.1 only, and stops everything it starts.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools import screenshots as shots  # noqa: E402

LATENCY_MS = 300
KBPS = 700
MEASURE = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {fcp: fcp ? fcp.startTime : null, dom: nav ? nav.domContentLoadedEventEnd : null,
          transfer: nav ? nav.transferSize : null};
}"""


def throttle(page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": LATENCY_MS,
        "downloadThroughput": KBPS * 1000 / 8, "uploadThroughput": KBPS * 1000 / 8,
    })


def visit(page, url: str) -> dict[str, float]:
    page.goto(url, wait_until="load")
    page.locator("h1").wait_for()
    return page.evaluate(MEASURE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", default="/maros/layanan/akta-kelahiran")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    first, repeat = [], []
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp, \
            shots.demo_app(Path(tmp)) as app, shots.serve(app) as origin, \
            sync_playwright() as playwright:
        browser = shots.launch_chromium(playwright)
        try:
            for _run in range(args.runs):
                context = browser.new_context(viewport=shots.VIEWPORT, locale=shots.LOCALE)
                page = context.new_page()
                throttle(page)
                first.append(visit(page, origin + args.page))
                page.evaluate("navigator.serviceWorker.ready")
                page.goto(origin + args.page)  # now stored by the service worker
                throttle(page)
                repeat.append(visit(page, origin + args.page))
                context.close()
        finally:
            browser.close()

    def line(label: str, rows: list[dict[str, float]]) -> str:
        fcp = statistics.median(r["fcp"] for r in rows if r["fcp"] is not None)
        dom = statistics.median(r["dom"] for r in rows if r["dom"] is not None)
        return f"| {label} | {fcp:,.0f} | {dom:,.0f} |"

    print(f"Service page {args.page}, {LATENCY_MS} ms latency, {KBPS} kbps, "
          f"median of {args.runs} runs")
    print("| visit | first contentful paint, ms | DOM content loaded, ms |")
    print("|---|---:|---:|")
    print(line("first visit (nothing cached)", first))
    print(line("repeat visit (service worker)", repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
