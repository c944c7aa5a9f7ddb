"""`flask --app mpp_lite notify …`: the delivery worker (`run`, `run --once` for cron), the
outbox's figures (`status`) and the Web Push keys (`vapid-keys`)."""
from __future__ import annotations

import base64

import click
from flask.cli import with_appcontext

notify_cli = click.Group("notify", help="Notifications: the delivery worker, Web Push keys.")


@notify_cli.command("vapid-keys")
def vapid_keys() -> None:
    """Print a new VAPID key pair for Web Push, as settings to put in the environment."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    private = ec.generate_private_key(ec.SECP256R1())
    raw_private = private.private_numbers().private_value.to_bytes(32, "big")
    raw_public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    click.echo(f"MPP_VAPID_PRIVATE_KEY={b64(raw_private)}")
    click.echo(f"MPP_VAPID_PUBLIC_KEY={b64(raw_public)}")
    click.echo("MPP_VAPID_SUBJECT=mailto:admin@example.go.id  # a real address of the operator")


@notify_cli.command("run")
@click.option("--once", is_flag=True, help="One round, then exit (for cron).")
@click.option("--batch", type=click.IntRange(1, 10_000), default=100, show_default=True,
              help="Events and messages handled per round.")
@click.option("--poll", type=click.FloatRange(0.1, 3600), default=None,
              help="Seconds between rounds (default: NOTIFY_POLL_SECONDS).")
@with_appcontext
def run(once: bool, batch: int, poll: float | None) -> None:
    """Deliver notifications and chat replies: loops until SIGTERM/SIGINT, printing one line
    per round that did something (counts only, never an address)."""
    from ..dates import now
    from . import outbox

    def report(counts: "outbox.Counts") -> None:
        click.echo(f"{now().isoformat(timespec='seconds')} {counts.summary()}")

    if once:
        report(outbox.run_once(batch=batch))
        return
    click.echo("notify worker started; stop with Ctrl+C or SIGTERM")
    outbox.run_forever(poll, batch=batch, report=report)
    click.echo("notify worker stopped")


@notify_cli.command("status")
@with_appcontext
def status() -> None:
    """The outbox by channel and status, the events not yet fanned out and the oldest
    pending message."""
    import sqlalchemy as sa
    from flask import current_app

    from ..dates import now
    from ..extensions import db
    from ..models import NOTIFY_CHANNELS, OUTBOX_STATUSES, NotificationEvent
    from . import channels, outbox

    counts = outbox.status_counts()
    on = set(channels.enabled_channels(current_app.config))
    click.echo(f"{'channel':<10}" + "".join(f"{s:>9}" for s in OUTBOX_STATUSES) + "  enabled")
    for channel in NOTIFY_CHANNELS:
        click.echo(f"{channel:<10}" + "".join(f"{counts.get((channel, s), 0):>9}"
                                              for s in OUTBOX_STATUSES)
                   + ("  yes" if channel in on else "  no"))
    waiting = db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent)
                                .where(NotificationEvent.fanned_out_at.is_(None))) or 0
    click.echo(f"events not yet fanned out: {waiting}")
    oldest = outbox.oldest_pending()
    if oldest is None:
        click.echo("oldest pending: none")
    else:
        age = max(0, int((now() - oldest).total_seconds()))
        click.echo(f"oldest pending: queued {age} s ago")


__all__ = ["notify_cli", "with_appcontext"]
