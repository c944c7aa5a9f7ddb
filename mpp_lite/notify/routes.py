"""Citizens' subscription endpoints: "Kabari saya" on a ticket's page (by its code, as the
page's address) and on an application's tracking page.

- POST …/kabar/push            JSON {endpoint, keys: {p256dh, auth}} from static/notify.js, with
                               the CSRF token in X-CSRFToken → this browser gets Web Push.
- POST …/kabar/push/berhenti   JSON {endpoint}: no more push to this browser for this target.
- POST …/kabar                 a plain form (works without JavaScript): a phone number and a
                               consent box → WhatsApp/SMS (subscriptions.phone_subscriptions).
- POST …/kabar/berhenti        a plain form: stop every message about this ticket/application.

Only active tickets and applications not yet closed take subscriptions. Nothing here logs or
echoes a phone number or a push endpoint.
"""
from __future__ import annotations

import base64
import binascii
import re
from typing import Any
from urllib.parse import quote, urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from ..api.errors import error_response
from ..applications.lifecycle import get_application
from ..extensions import db, limiter
from ..feedback.limits import feedback_rate_limit
from ..identity import normalize_phone
from ..models import Application, Ticket
from ..queue.tickets import get_ticket
from ..web.errors import error_page, handle_error
from . import bp, channels, push
from .subscriptions import (
    MAX_PHONES_PER_TARGET, PHONE_CHANNELS, TooManyPhones, drop, link_token,
    phone_subscriptions, subscribe, subscriptions_of, unsubscribe,
)

# Browsers of one household, a phone and a tablet: more is not a person following a ticket.
MAX_PUSH_PER_TARGET = 5
MAX_ENDPOINT = 1000  # Subscription.address
CHANNEL_LABELS = {"push": _l("notifikasi browser"), "whatsapp": _l("WhatsApp"),
                  "telegram": _l("Telegram"), "sms": _l("SMS")}
_B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


# --- which channels a page offers ---------------------------------------------------------------

def site_channels(site: Any) -> list[str]:
    """The site's fallback order, keeping only the channels that are configured."""
    return channels.site_order(site.notify_channels, current_app.config)


def _open(target: Ticket | Application) -> bool:
    if isinstance(target, Ticket):
        return bool(target.is_active)
    return not target.is_final


def _kind(target: Ticket | Application) -> str:
    return "tiket" if isinstance(target, Ticket) else "berkas"


def kabari(target: Ticket | Application | None) -> dict[str, Any] | None:
    """What the "Kabari saya" section of the page shows (templates/notify/_kabari.html), or
    None when nothing can be offered (no channel configured, the ticket no longer active)."""
    if target is None or not _open(target):
        return None
    config = current_app.config
    on = site_channels(target.site)
    if not on:
        return None
    kind = _kind(target)
    section: dict[str, Any] = {"kind": kind, "push": "push" in on,
                               "phone": any(c in on for c in PHONE_CHANNELS)}
    token = None
    if "telegram" in on and config.get("TELEGRAM_BOT_USERNAME"):
        token = link_token(target)
        section["telegram_url"] = (f"https://t.me/{quote(config['TELEGRAM_BOT_USERNAME'])}"
                                   f"?start={token}")
    number = re.sub(r"\D", "", config.get("WHATSAPP_NUMBER") or "")
    if "whatsapp" in on and number:
        token = token or link_token(target)
        section["whatsapp_url"] = f"https://wa.me/{number}?text=" + quote(f"Pantau {token}")
    if section["push"]:
        section["vapid"] = config["VAPID_PUBLIC_KEY"]
    active = sorted({s.channel for s in subscriptions_of(target)} & set(on), key=on.index)
    section["active"] = [str(CHANNEL_LABELS[c]) for c in active]
    section["offered"] = [str(CHANNEL_LABELS[c]) for c in on]
    code = target.code
    section["urls"] = {name: url_for(f"notify.{kind}_{name}", code=code)
                       for name in ("push", "push_stop", "phone", "stop")}
    if not (section["push"] or section["phone"] or "telegram_url" in section
            or "whatsapp_url" in section):
        return None
    return section


bp.add_app_template_global(kabari, "kabari")


# --- forms ------------------------------------------------------------------------------------

class PhoneForm(FlaskForm):
    phone = StringField(_l("Nomor HP"), validators=[
        DataRequired(_l("Isi nomor HP Anda.")),
        Length(max=20, message=_l("Nomor HP terlalu panjang."))])
    consent = BooleanField(_l("Saya setuju menerima kabar lewat WhatsApp atau SMS ke nomor "
                              "ini."), validators=[DataRequired(
                                  _l("Centang persetujuan untuk menerima kabar."))])


class StopForm(FlaskForm):
    """Only the CSRF token."""


# --- the targets ------------------------------------------------------------------------------

def _ticket(code: str) -> Ticket | None:
    return get_ticket(code)


def _application(code: str) -> Application | None:
    return get_application(code) if len(code or "") <= 40 else None


def _page(target: Ticket | Application) -> str:
    if isinstance(target, Ticket):
        return url_for("queue.ticket", code=target.code)
    return url_for("applications.track", code=target.code)


def _closed_message(target: Ticket | Application) -> str:
    if isinstance(target, Ticket):
        return _("Tiket ini sudah tidak aktif, jadi tidak ada kabar yang perlu dikirim.")
    return _("Berkas ini sudah selesai, jadi tidak ada kabar yang perlu dikirim.")


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "id"


# --- Web Push (JSON, from static/notify.js) ---------------------------------------------------

def _json_error(status: int, code: str, message: str, fields: dict[str, str] | None = None):
    return error_response(status, code, message, fields)


def _endpoint_ok(endpoint: str) -> bool:
    """A URL of a known push service (push.endpoint_allowed: FCM, Mozilla, Windows, Apple and
    PUSH_EXTRA_HOSTS): the worker posts to it, so no other host is taken (SSRF)."""
    if not endpoint or len(endpoint) > MAX_ENDPOINT:
        return False
    return push.endpoint_allowed(endpoint, current_app.config)


def _other_service(endpoint: Any) -> bool:
    """A well-formed https address, of a host that is not a known push service."""
    if not isinstance(endpoint, str) or len(endpoint) > MAX_ENDPOINT:
        return False
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and not parts.username \
        and not any(c.isspace() for c in endpoint)


def _unknown_service_message() -> str:
    return _("Browser ini memakai layanan notifikasi yang tidak dikenal, jadi kabar tidak bisa "
             "dikirim ke sini. Pakai Chrome, Firefox, Edge atau Safari, atau pilih WhatsApp/SMS.")


def _key(value: Any, size: int) -> str | None:
    """A base64url key of exactly `size` bytes (65: an uncompressed P-256 point; 16: auth)."""
    if not isinstance(value, str) or len(value) > 100 or not _B64URL.match(value):
        return None
    try:
        raw = base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != size or (size == 65 and raw[0] != 4):
        return None
    return value.rstrip("=")


def _read_push(data: Any) -> tuple[str, dict[str, str]] | dict[str, str]:
    """(endpoint, keys) from the browser's PushSubscription.toJSON(), or the field errors."""
    if not isinstance(data, dict):
        return {"$": _("Kirim objek JSON.")}
    errors: dict[str, str] = {}
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not _endpoint_ok(endpoint):
        errors["endpoint"] = _unknown_service_message() if _other_service(endpoint) \
            else _("Alamat langganan browser tidak sah.")
    keys = data.get("keys")
    p256dh = auth = None
    if isinstance(keys, dict):
        p256dh, auth = _key(keys.get("p256dh"), 65), _key(keys.get("auth"), 16)
    if p256dh is None or auth is None:
        errors["keys"] = _("Kunci langganan browser tidak sah.")
    if errors:
        return errors
    return str(endpoint), {"p256dh": str(p256dh), "auth": str(auth)}


def _push_subscribe(target: Ticket | Application | None):
    if target is None:
        return _json_error(404, "not_found", _("Tiket atau berkas tidak ditemukan."))
    if not _open(target):
        return _json_error(409, "closed", _closed_message(target))
    if "push" not in site_channels(target.site):
        return _json_error(409, "push_off",
                           _("Notifikasi browser tidak tersedia di MPP ini."))
    if not request.is_json:
        return _json_error(415, "json_required", _("Kirim objek JSON."))
    read = _read_push(request.get_json(silent=True))
    if isinstance(read, dict):
        if read.get("endpoint") == _unknown_service_message():
            return _json_error(422, "unknown_push_service", read["endpoint"], read)
        return _json_error(422, "invalid", _("Langganan browser tidak bisa dipakai. Muat ulang "
                                             "halaman, lalu coba lagi."), read)
    endpoint, keys = read
    mine = [s for s in subscriptions_of(target) if s.channel == "push"]
    if endpoint not in {s.address for s in mine} and len(mine) >= MAX_PUSH_PER_TARGET:
        return _json_error(409, "too_many", _(
            "Sudah ada %(num)s browser yang menerima kabar ini. Hentikan salah satu dulu.",
            num=MAX_PUSH_PER_TARGET))
    subscribe(target, "push", endpoint, keys=keys, language=_language())
    db.session.commit()
    return {"ok": True, "message": _("Pemberitahuan aktif. Kabar akan muncul di browser ini.")}, 201


def _push_stop(target: Ticket | Application | None):
    if target is None:
        return _json_error(404, "not_found", _("Tiket atau berkas tidak ditemukan."))
    data = request.get_json(silent=True) if request.is_json else None
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    # Any address this browser may have stored earlier can be stopped (nothing is sent to it).
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT \
            or "\x00" in endpoint:
        return _json_error(422, "invalid", _("Alamat langganan browser tidak sah."),
                           {"endpoint": _("Alamat langganan browser tidak sah.")})
    dropped = 0
    for subscription in subscriptions_of(target):
        if subscription.channel == "push" and subscription.address == endpoint:
            drop(subscription, "unsubscribed")
            dropped += 1
    db.session.commit()
    return {"ok": True, "stopped": dropped,
            "message": _("Pemberitahuan di browser ini dihentikan.")}


# --- the phone form and "stop" (plain HTML forms) ---------------------------------------------

def _phone(target: Ticket | Application | None):
    if target is None:
        return render_template("queue/not_found.html"), 404
    form = PhoneForm()
    section = kabari(target)
    if not _open(target):
        flash(_closed_message(target), "error")
        return redirect(_page(target), 303)
    if section is None or not section["phone"]:
        flash(_("Kabar lewat WhatsApp atau SMS tidak tersedia di MPP ini."), "error")
        return redirect(_page(target), 303)
    if form.validate_on_submit():
        try:
            number = normalize_phone(form.phone.data or "")
        except ValueError:
            number = ""
        if not number:
            form.phone.errors = [_("Nomor HP tidak dikenali. Tulis nomor HP Indonesia, "
                                   "misalnya 0812 3456 7890.")]
        else:
            try:
                phone_subscriptions(target, number, language=_language())
            except TooManyPhones:
                db.session.rollback()
                form.phone.errors = [_too_many_phones(target)]
                return render_template("notify/phone.html", form=form, target=target,
                                       back=_page(target), section=section), 409
            db.session.commit()
            flash(_("Terima kasih. Kabar akan dikirim ke nomor HP Anda lewat %(channels)s.",
                    channels=" / ".join(str(CHANNEL_LABELS[c]) for c in
                                        site_channels(target.site) if c in PHONE_CHANNELS)))
            return redirect(_page(target) + "#kabari", 303)
    return render_template("notify/phone.html", form=form, target=target,
                           back=_page(target), section=section), 422


def _too_many_phones(target: Ticket | Application) -> str:
    if isinstance(target, Ticket):
        return _("Kabar tiket ini sudah dikirim ke %(num)s nomor HP, jumlah paling banyak. "
                 "Untuk memakai nomor lain, hentikan kabar dulu, lalu daftarkan lagi.",
                 num=MAX_PHONES_PER_TARGET)
    return _("Kabar berkas ini sudah dikirim ke %(num)s nomor HP, jumlah paling banyak. "
             "Untuk memakai nomor lain, hentikan kabar dulu, lalu daftarkan lagi.",
             num=MAX_PHONES_PER_TARGET)


def _stop(target: Ticket | Application | None):
    if target is None:
        return render_template("queue/not_found.html"), 404
    form = StopForm()
    if not form.validate_on_submit():
        return error_page(400, _("Halaman ini terlalu lama terbuka. Muat ulang halaman, "
                                 "lalu coba lagi."))
    dropped = unsubscribe(target)
    db.session.commit()
    if dropped:
        flash(_("Kabar dihentikan. Tidak ada lagi pesan tentang ini untuk Anda."))
    else:
        flash(_("Tidak ada kabar yang sedang dikirim untuk ini."))
    return redirect(_page(target), 303)


# --- routes -------------------------------------------------------------------------------------

@bp.route("/tiket/<code>/kabar/push", methods=["POST"])
@limiter.limit(feedback_rate_limit)
def tiket_push(code: str):
    return _push_subscribe(_ticket(code))


@bp.route("/tiket/<code>/kabar/push/berhenti", methods=["POST"])
@limiter.limit(feedback_rate_limit)
def tiket_push_stop(code: str):
    return _push_stop(_ticket(code))


@bp.route("/tiket/<code>/kabar", methods=["POST"])
@limiter.limit(feedback_rate_limit)
def tiket_phone(code: str):
    return _phone(_ticket(code))


@bp.route("/tiket/<code>/kabar/berhenti", methods=["POST"])
@limiter.limit(feedback_rate_limit)
def tiket_stop(code: str):
    return _stop(_ticket(code))


@bp.route("/berkas/<code>/kabar/push", methods=["POST"])
@limiter.limit(feedback_rate_limit)
def berkas_push(code: str):
    return _push_subscribe(_application(code))


@bp.route("/berkas/<code>/kabar/push/berhenti", methods=["POST"])
@limiter.limit(feedback_rate_limit)
def berkas_push_stop(code: str):
    return _push_stop(_application(code))


@bp.route("/berkas/<code>/kabar", methods=["POST"])
@limiter.limit(feedback_rate_limit)
def berkas_phone(code: str):
    return _phone(_application(code))


@bp.route("/berkas/<code>/kabar/berhenti", methods=["POST"])
@limiter.limit(feedback_rate_limit)
def berkas_stop(code: str):
    return _stop(_application(code))


_JSON_ENDPOINTS = {"notify.tiket_push", "notify.tiket_push_stop", "notify.berkas_push",
                   "notify.berkas_push_stop"}
_FORM_ENDPOINTS = {"notify.tiket_phone", "notify.tiket_stop", "notify.berkas_phone",
                   "notify.berkas_stop"}


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """An expired page is not a dead end: JSON says so; a form goes back to its page."""
    if request.endpoint in _JSON_ENDPOINTS:
        return _json_error(400, "csrf", _("Halaman ini terlalu lama terbuka. Muat ulang "
                                          "halaman, lalu coba lagi."))
    if request.endpoint in _FORM_ENDPOINTS and request.view_args:
        code = request.view_args.get("code", "")
        target = _ticket(code) if request.endpoint.startswith("notify.tiket") \
            else _application(code)
        if target is not None:
            flash(_("Halaman ini terlalu lama terbuka, jadi demi keamanan belum dikirim. "
                    "Silakan kirim sekali lagi."), "error")
            return redirect(_page(target) + "#kabari", 303)
    return handle_error(error)

