"""The managers' view of notifications under /kelola/notifikasi (site admins, their own site
only): sent, failed, held and pending messages of the last 7 days by channel, the oldest
pending one, the list of messages still to send or given up (never an address), "send the
failed notifications again" (never chat replies, never news already sent or still on its
way), and the site's settings: "your turn is near" at N people ahead and the
order of the channels (the fallback). Every change is written to the audit log."""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased
from wtforms import SelectField, StringField

from .. import dates
from ..admin import audit
from ..extensions import db
from ..models import NOTIFY_CHANNELS, NotificationEvent, OutboxMessage
from ..staff.editing import confirm_page, save_or_refuse
from ..staff.forms import ParsingForm, opts
from ..staff.services import EditError, current_staff, register_tool, roles_required
from ..web.edge import page_number
from . import bp, channels, outbox

register_tool("notify.manage", _l("Notifikasi"), "admin")

PERIOD = dt.timedelta(days=7)
NEAR_MIN, NEAR_MAX = 1, 20
CHANNEL_LABELS = {"push": _l("Notifikasi browser (Web Push)"), "whatsapp": _l("WhatsApp"),
                  "telegram": _l("Telegram"), "sms": _l("SMS")}
STATUS_LABELS = {"held": _l("Menunggu giliran"), "pending": _l("Akan dikirim"),
                 "sent": _l("Terkirim"), "failed": _l("Gagal"),
                 "skipped": _l("Tidak perlu (sudah lewat saluran lain atau saluran mati)"),
                 "stale": _l("Tidak dikirim (sudah tidak berlaku)")}
LISTED = ("failed", "held", "pending")  # what the list shows; sent ones are only counted
KIND_LABELS = {"notification": _l("Pemberitahuan"), "reply": _l("Balasan chat")}
EVENT_LABELS = {
    "ticket.booked": _l("Tiket dibuat"), "ticket.near": _l("Giliran hampir tiba"),
    "ticket.called": _l("Tiket dipanggil"), "ticket.moved": _l("Tiket dipindahkan"),
    "ticket.cancelled": _l("Tiket dibatalkan petugas"),
    "application.received": _l("Berkas diterima"),
    "application.needs_documents": _l("Berkas perlu dokumen"),
    "application.ready": _l("Berkas siap diambil"), "application.rejected": _l("Berkas ditolak"),
    "application.collected": _l("Berkas sudah diambil"),
    "complaint.answered": _l("Pengaduan ditanggapi"),
}


class SettingsForm(ParsingForm):
    near = StringField(_l("Kabari \"giliran hampir tiba\" saat orang di depan tinggal"))
    first = SelectField(_l("Saluran pertama"), choices=[], validate_choice=False)
    second = SelectField(_l("Saluran kedua"), choices=[], validate_choice=False)
    third = SelectField(_l("Saluran ketiga"), choices=[], validate_choice=False)
    fourth = SelectField(_l("Saluran keempat"), choices=[], validate_choice=False)
    SLOTS = ("first", "second", "third", "fourth")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = opts([("", _l("(tidak dipakai)")), *CHANNEL_LABELS.items()])
        for slot in self.SLOTS:
            self[slot].choices = choices

    def fill(self, site: Any) -> None:
        self.near.data = str(site.notify_near_ahead)
        order = [c for c in (site.notify_channels or "").split(",") if c in NOTIFY_CHANNELS]
        for slot, channel in zip(self.SLOTS, order + [""] * len(self.SLOTS)):
            self[slot].data = channel

    def values(self) -> dict[str, Any]:
        near = self.val_int("near")
        if near is None:
            if not self.near.errors:
                self.add_error("near", _l("Isi jumlah orang, antara %(low)s dan %(high)s.",
                                          low=NEAR_MIN, high=NEAR_MAX))
        elif not NEAR_MIN <= near <= NEAR_MAX:
            self.add_error("near", _l("Isi jumlah orang, antara %(low)s dan %(high)s.",
                                      low=NEAR_MIN, high=NEAR_MAX))
        order: list[str] = []
        for slot in self.SLOTS:
            value = self[slot].data if isinstance(self[slot].data, str) else ""
            if not value:
                continue
            if value not in NOTIFY_CHANNELS:
                self.add_error(slot, _l("Pilih salah satu saluran dari daftar."))
            elif value in order:
                self.add_error(slot, _l("Saluran ini sudah dipilih di urutan sebelumnya."))
            else:
                order.append(value)
        return {"near": near, "channels": ",".join(order)}


def save_settings(staff: Any, site: Any, values: dict[str, Any]) -> None:
    """The site's notification settings, audit-logged (flushes; the view commits)."""
    if values["near"] is None:
        raise EditError({})
    before = {"notify_near_ahead": site.notify_near_ahead, "notify_channels": site.notify_channels}
    site.notify_near_ahead = values["near"]
    site.notify_channels = values["channels"]
    after = {"notify_near_ahead": site.notify_near_ahead, "notify_channels": site.notify_channels}
    if before != after:
        audit.record(staff, site.id, "site", site.id, "update",
                     "Pengaturan notifikasi diubah", before, after)
    db.session.flush()


def _retryable(site: Any, now: dt.datetime) -> tuple[Any, ...]:
    """The site's failed notifications of the last 7 days whose news did not reach the
    citizen on another channel and is not still on its way (pending, or held for the
    fallback). Chat replies are never sent again: a late answer misleads."""
    other = aliased(OutboxMessage)
    return (OutboxMessage.site_id == site.id, OutboxMessage.status == "failed",
            OutboxMessage.kind == "notification", OutboxMessage.event_id.is_not(None),
            OutboxMessage.created_at >= now - PERIOD,
            ~sa.exists().where(other.event_id == OutboxMessage.event_id,
                               other.status.in_(("sent", "pending", "held"))))


def retryable_count(site: Any, now: dt.datetime) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                             .where(*_retryable(site, now))) or 0


def retry_failed(staff: Any, site: Any, now: dt.datetime) -> int:
    """The retryable failed messages (see _retryable) go back to "pending" with fresh
    attempts; audit-logged (flushes; the view commits). Returns how many."""
    count = retryable_count(site, now)
    if not count:
        raise EditError({"_form": [_l("Tidak ada pesan gagal untuk dikirim ulang.")]})
    db.session.execute(sa.update(OutboxMessage).where(*_retryable(site, now)).values(
        status="pending", attempts=0, next_attempt_at=now, last_error="", claimed_until=None,
        claim_token=None).execution_options(synchronize_session=False))
    audit.record(staff, site.id, "site", site.id, "update",
                 f"Kirim ulang {count} notifikasi yang gagal", {"failed": count},
                 {"pending": count})
    db.session.flush()
    return count


def _filters() -> dict[str, str]:
    args = request.args
    status = args.get("status", "")
    channel = args.get("saluran", "")
    kind = args.get("jenis", "")
    return {"status": status if status in LISTED else "",
            "saluran": channel if channel in NOTIFY_CHANNELS else "",
            "jenis": kind if kind in KIND_LABELS else ""}


def _page_context(site: Any) -> dict[str, Any]:
    now = dates.now()
    filters = _filters()
    query = (sa.select(OutboxMessage, NotificationEvent.kind, NotificationEvent.payload)
             .outerjoin(NotificationEvent, NotificationEvent.id == OutboxMessage.event_id)
             .where(OutboxMessage.site_id == site.id,
                    OutboxMessage.status.in_((filters["status"],) if filters["status"]
                                             else LISTED))
             .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
    if filters["saluran"]:
        query = query.where(OutboxMessage.channel == filters["saluran"])
    if filters["jenis"]:
        query = query.where(OutboxMessage.kind == filters["jenis"])
    size = int(current_app.config.get("NOTIFY_PAGE_SIZE", 50))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // size))
    page = min(page_number(), pages)
    rows = db.session.execute(query.limit(size).offset((page - 1) * size)).all()
    counts = outbox.status_counts(site.id, now - PERIOD)
    oldest = outbox.oldest_pending(site.id)
    failed = retryable_count(site, now)
    return {
        "rows": rows, "page": page, "pages": pages, "total": total,
        "filters": filters, "counts": counts, "channels": NOTIFY_CHANNELS,
        "statuses": list(STATUS_LABELS), "status_labels": STATUS_LABELS,
        "channel_labels": CHANNEL_LABELS, "kind_labels": KIND_LABELS,
        "event_labels": EVENT_LABELS, "listed": LISTED,
        "enabled": set(channels.enabled_channels(current_app.config)),
        "oldest_minutes": int((now - oldest).total_seconds() // 60) if oldest else None,
        "failed_count": failed, "local": lambda value: _local(site, value),
    }


def _local(site: Any, value: dt.datetime | None) -> str:
    here = dates.stored_local(site, value)
    return here.strftime("%Y-%m-%d %H.%M") if here else ""


@bp.route("/kelola/notifikasi", methods=["GET", "POST"])
@roles_required("admin")
def manage():
    """Figures, the messages to look at, and the settings form (POST saves the settings)."""
    site = current_staff().site
    form = SettingsForm()
    if request.method == "GET":
        form.fill(site)
    return save_or_refuse(
        form, lambda: save_settings(current_staff(), site, form.valid_values()),
        _("Pengaturan notifikasi disimpan."), url_for(".manage"), "notify/manage.html",
        **_page_context(site))


@bp.route("/kelola/notifikasi/kirim-ulang", methods=["GET", "POST"])
@roles_required("admin")
def retry():
    """Send the failed messages of the last 7 days again (after confirmation)."""
    site = current_staff().site
    return confirm_page(
        lambda: retry_failed(current_staff(), site, dates.now()),
        _("Kirim ulang notifikasi yang gagal?"),
        _("Pemberitahuan yang gagal dalam 7 hari terakhir akan dicoba kirim lagi dari awal, "
          "kecuali yang sudah sampai lewat saluran lain atau masih dalam antrean kirim. "
          "Balasan chat tidak dikirim ulang. Pesan yang isinya sudah tidak berlaku tidak akan "
          "dikirim."),
        url_for(".manage"), _("Pesan yang gagal dijadwalkan untuk dikirim ulang."))
