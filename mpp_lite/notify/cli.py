"""`flask --app mpp_lite notify …`: the delivery worker and the Web Push keys."""
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


__all__ = ["notify_cli", "with_appcontext"]
