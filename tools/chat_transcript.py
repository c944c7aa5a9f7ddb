"""A sample WhatsApp exchange for the README, produced by the real code path and rendered as a
WhatsApp-like page, screenshotted with Chromium.

    python tools/chat_transcript.py              # docs/screenshots/whatsapp-chat.png
    python tools/chat_transcript.py OUT_DIR      # or somewhere else
    python tools/chat_transcript.py --text       # print the transcript only (no Chromium)

It builds a throw-away demo database (tools/screenshots.demo_app), switches WhatsApp on with
throw-away credentials, and for each line of SCRIPT posts a webhook notification in Meta's
format, signed like Meta signs it, to /hooks/whatsapp (through the test client). The outbox
worker (notify.outbox.run_once) then sends the queued reply to a local stand-in for the Graph
API (tests/support/fake_gateway.py), and what that server received is what the page shows:
text, reply buttons or a list button, exactly as the channel sent them. Nothing leaves this
machine.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import html
import json
import re
import secrets
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from tools.screenshots import CHROMIUM, demo_app, launch_chromium  # noqa: E402

DEFAULT_OUT = REPO / "docs" / "screenshots"
NAME = "whatsapp-chat"
# A citizen's number in the reserved-looking 62 812 0000 range; the demo database is thrown
# away afterwards.
CITIZEN = "6281200000001"
PHONE_NUMBER_ID = "100000000000001"
# What the citizen types: a question about a service as people ask it, then taking a ticket.
# "{choice:…}" answers with the number of the first offered choice containing the words.
SCRIPT = (
    "halo",
    "maros",
    "syarat bikin paspor baru apa aja",
    "ambil nomor antrean paspor baru",
    "{choice:}",
    "{choice:}",
    "Siti",
    "{choice:Ya}",
)
WIDTH = 400
# Links in the replies name this host (the demo has no real one).
HOST = "mpp.example.go.id"


@dataclass
class Bubble:
    sender: str                     # "citizen" or "mpp"
    text: str
    buttons: list[str] = field(default_factory=list)
    list_button: str = ""
    time: str = ""
    # A reply's buttons or list rows: (id, title), what a tap sends back.
    options: list[tuple[str, str]] = field(default_factory=list)


def _sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _notification(message: dict[str, Any], message_id: str, timestamp: int) -> bytes:
    return json.dumps({"object": "whatsapp_business_account", "entry": [{
        "id": "100000000000002", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "62811000000",
                         "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": "Warga"}, "wa_id": CITIZEN}],
            "messages": [{"from": CITIZEN, "id": message_id, "timestamp": str(timestamp),
                          **message}]}}]}]}).encode()


def _bubble_from_request(sent: dict[str, Any], time: str) -> Bubble:
    if sent.get("type") == "text":
        return Bubble("mpp", sent["text"]["body"], time=time)
    if sent.get("type") == "interactive":
        interactive = sent["interactive"]
        text = interactive["body"]["text"]
        if interactive["type"] == "button":
            options = [(b["reply"]["id"], b["reply"]["title"])
                       for b in interactive["action"]["buttons"]]
            return Bubble("mpp", text, time=time, buttons=[t for _i, t in options],
                          options=options)
        options = [(row["id"], row["title"]) for section in interactive["action"]["sections"]
                   for row in section["rows"]]
        return Bubble("mpp", text, time=time, list_button=interactive["action"]["button"],
                      options=options)
    raise ValueError(f"unexpected message type {sent.get('type')!r}")


def _resolve(line: str, last: Bubble | None) -> tuple[str, dict[str, Any]]:
    """A script line as (what the citizen's bubble shows, the webhook's message object).
    {choice:words} picks the first offered choice containing the words: a tap on the button
    or list row when the reply had them, else its number typed."""
    match = re.fullmatch(r"\{choice:(.*)\}", line)
    if not match:
        return line, {"type": "text", "text": {"body": line}}
    words = match.group(1).casefold()
    text = last.text if last else ""
    for number, label in re.findall(r"^(\d+)\. (.+)$", text, re.M):
        if words not in label.casefold():
            continue
        for ident, title in last.options if last else []:
            if ident == number:
                kind = "button_reply" if last and last.buttons else "list_reply"
                return title, {"type": "interactive", "interactive": {
                    "type": kind, kind: {"id": ident, "title": title}}}
        return number, {"type": "text", "text": {"body": number}}
    raise RuntimeError(f"no choice matching {words!r} in the reply:\n{text}")


def run_exchange(app, script: tuple[str, ...] = SCRIPT) -> list[Bubble]:
    """Post the script through the webhook, deliver each reply with the worker; the bubbles."""
    import sqlalchemy as sa
    from support.fake_gateway import fake_gateway

    from mpp_lite import dates
    from mpp_lite.extensions import db
    from mpp_lite.models import Site
    from mpp_lite.notify import outbox

    secret = secrets.token_hex(16)
    bubbles: list[Bubble] = []
    with fake_gateway() as gateway:
        gateway.default.body = {"messaging_product": "whatsapp",
                                "messages": [{"id": "wamid.sample"}]}
        app.config.update({
            "SERVER_NAME": HOST, "PREFERRED_URL_SCHEME": "https",
            "WHATSAPP_API_BASE": gateway.url, "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "WHATSAPP_TOKEN": secrets.token_hex(16), "WHATSAPP_APP_SECRET": secret,
            "WHATSAPP_VERIFY_TOKEN": secrets.token_hex(8)})
        with app.app_context():
            site = db.session.scalar(sa.select(Site).order_by(Site.name))
            zone = site.timezone if site else "Asia/Makassar"
        client = app.test_client()
        last: Bubble | None = None
        for index, line in enumerate(script, 1):
            text, message = _resolve(line, last)
            now = dates.now()
            clock = dates.as_utc(now).astimezone(_zone(zone)).strftime("%H.%M")
            bubbles.append(Bubble("citizen", text, time=clock))
            body = _notification(message, f"wamid.sample{index:03d}{secrets.token_hex(4)}",
                                 int(now.timestamp()))
            answer = client.post("/hooks/whatsapp", data=body, headers={
                "X-Hub-Signature-256": _sign(body, secret), "Content-Type": "application/json"})
            if answer.status_code != 200:
                raise RuntimeError(f"the webhook answered {answer.status_code}")
            before = len(gateway.requests)
            with app.app_context():
                outbox.run_once()
            for recorded in gateway.requests[before:]:
                if recorded.json.get("to") != CITIZEN:
                    continue  # the demo's own notifications to other numbers
                last = _bubble_from_request(recorded.json, clock)
                bubbles.append(last)
    return bubbles


def _zone(name: str) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _format(text: str) -> str:
    """WhatsApp's own formatting of a plain text: links and *bold*."""
    out = html.escape(text)
    out = re.sub(r"(https?://[^\s<]+)", r'<span class="link">\1</span>', out)
    return re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"<b>\1</b>", out)


def render_html(bubbles: list[Bubble], title: str) -> str:
    rows = []
    for bubble in bubbles:
        extra = ""
        if bubble.list_button:
            extra = f'<div class="action">☰ {html.escape(bubble.list_button)}</div>'
        rows.append(f'<div class="row {bubble.sender}"><div class="bubble">'
                    f'<div class="text">{_format(bubble.text)}</div>'
                    f'<div class="time">{html.escape(bubble.time)}'
                    f'{" ✓✓" if bubble.sender == "citizen" else ""}</div>{extra}</div></div>')
        if bubble.buttons:
            rows.append('<div class="row mpp buttons">' + "".join(
                f'<div class="button">{html.escape(b)}</div>' for b in bubble.buttons) + "</div>")
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
* {{ box-sizing: border-box; }}
body {{ margin: 0; width: {WIDTH}px; font: 14.2px/1.35 "Segoe UI", Roboto, "Noto Sans",
       "Helvetica Neue", Arial, sans-serif; color: #111b21; background: #efeae2; }}
header {{ display: flex; align-items: center; gap: 10px; padding: 10px 12px;
          background: #008069; color: #fff; }}
.avatar {{ width: 38px; height: 38px; border-radius: 50%; background: #dfe5e7;
           color: #008069; display: grid; place-items: center; font-weight: 700; }}
.name {{ font-weight: 600; font-size: 16px; }} .sub {{ font-size: 12.5px; opacity: .85; }}
main {{ padding: 10px 12px 14px; }}
.notice {{ margin: 0 auto 10px; max-width: 88%; text-align: center; font-size: 12px;
           background: #ffeecd; color: #54656f; border-radius: 7px; padding: 5px 8px; }}
.row {{ display: flex; margin: 3px 0; }} .row.citizen {{ justify-content: flex-end; }}
.bubble {{ max-width: 84%; padding: 6px 8px 4px; border-radius: 8px; background: #fff;
           box-shadow: 0 1px .5px rgba(11,20,26,.13); }}
.citizen .bubble {{ background: #d9fdd3; }}
.text {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
.time {{ text-align: right; font-size: 11px; color: #667781; margin-top: 2px; }}
.citizen .time {{ color: #53bdeb; }}
.link {{ color: #027eb5; text-decoration: underline; }}
.action {{ border-top: 1px solid #e9edef; margin: 6px -8px 0; padding: 8px 0 4px;
           text-align: center; color: #027eb5; font-weight: 500; }}
.buttons {{ flex-wrap: wrap; gap: 3px; max-width: 84%; }}
.button {{ flex: 1 1 45%; background: #fff; border-radius: 8px; padding: 8px; text-align: center;
           color: #027eb5; font-weight: 500; box-shadow: 0 1px .5px rgba(11,20,26,.13); }}
</style></head><body>
<header><div class="avatar">M</div><div><div class="name">{html.escape(title)}</div>
<div class="sub">Akun bisnis</div></div></header>
<main><div class="notice">Contoh percakapan yang dihasilkan oleh kode MPP Lite (webhook,
mesin percakapan, outbox, dan kanal WhatsApp) pada data demo.</div>
{"".join(rows)}
</main></body></html>
"""


def transcript_text(bubbles: list[Bubble]) -> str:
    lines = []
    for bubble in bubbles:
        who = "Warga" if bubble.sender == "citizen" else "MPP"
        lines.append(f"[{bubble.time}] {who}: " + bubble.text.replace("\n", "\n    "))
        if bubble.buttons:
            lines.append("    [" + "] [".join(bubble.buttons) + "]")
        if bubble.list_button:
            lines.append(f"    [☰ {bubble.list_button}]")
    return "\n".join(lines)


def make_transcript(out_dir: Path = DEFAULT_OUT, *, screenshot: bool = True) -> list[Bubble]:
    import sqlalchemy as sa

    from mpp_lite.extensions import db
    from mpp_lite.models import Site

    with tempfile.TemporaryDirectory(prefix="mpp-transcript-") as tmp, demo_app(Path(tmp)) as app:
        bubbles = run_exchange(app)
        with app.app_context():
            names = list(db.session.scalars(sa.select(Site.name).order_by(Site.name)))
    title = names[0] if len(names) == 1 else "MPP Lite"
    if not screenshot:
        return bubbles
    out_dir.mkdir(parents=True, exist_ok=True)
    page_html = render_html(bubbles, title)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": 700},
                                    java_script_enabled=False)
            page.set_content(page_html)
            page.screenshot(path=str(out_dir / f"{NAME}.png"), full_page=True)
            page.close()
        finally:
            browser.close()
    return bubbles


def main(argv: list[str]) -> int:
    if "--text" in argv:
        with tempfile.TemporaryDirectory(prefix="mpp-transcript-") as tmp, \
                demo_app(Path(tmp)) as app:
            print(transcript_text(run_exchange(app)))
        return 0
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: install Debian's chromium package "
              "(apt-get install chromium).", file=sys.stderr)
        return 1
    out_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    bubbles = make_transcript(out_dir)
    print(transcript_text(bubbles))
    print(f"wrote {out_dir / (NAME + '.png')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
