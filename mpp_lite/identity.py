"""NIK and phone handling (pure: no Flask). UU 27/2022: collect the minimum, never keep a NIK
in clear, mask it everywhere, keep a keyed hash where only matching is needed."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

from .dates import now

NIK_PATTERN = re.compile(r"^\d{16}$")


class InvalidNik(ValueError):
    pass


def normalize_nik(raw: str) -> str:
    """Digits only (people type spaces and dots); raises InvalidNik with a reason code."""
    digits = re.sub(r"[\s.\-]", "", raw or "")
    if not NIK_PATTERN.match(digits):
        raise InvalidNik("length")
    province = int(digits[0:2])
    if not 11 <= province <= 96:
        raise InvalidNik("region")
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > 40:  # women: day + 40
        day -= 40
    current = now().year % 100  # the century guess: a year not yet reached is 19xx
    century = 2000 if year <= current else 1900
    try:
        dt.date(century + year, month, day)
    except ValueError:
        raise InvalidNik("date") from None
    if digits[12:16] == "0000":
        raise InvalidNik("sequence")
    return digits


def keyed_hash(secret: str, purpose: str, value: str) -> str:
    """HMAC-SHA256 with a key derived per purpose, so a NIK hash matches only NIK hashes."""
    key = hashlib.sha256(f"mpp-lite:{purpose}:{secret}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def secret_hash(token: str) -> str:
    """SHA-256 of a random bearer secret (a staff session's cookie token, an agency API token):
    what is stored instead of the secret. The secret is long and random, so no key is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def mask_nik(last4: str) -> str:
    return "•" * 12 + last4 if last4 else ""


def normalize_phone(raw: str) -> str:
    """'0812-3456 7890', '+62 812…' → '6281234567890'; '' when empty; ValueError if not a
    plausible Indonesian number."""
    digits = re.sub(r"[\s.\-()+]", "", raw or "")
    if not digits:
        return ""
    if not digits.isdigit():
        raise ValueError("phone")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if not digits.startswith("62") or not 10 <= len(digits) <= 15:
        raise ValueError("phone")
    return digits


SIGNATURE_LENGTH = 12  # hex digits: 48 bits, enough for a QR code nobody can forge offline


def sign(secret: str, value: str) -> str:
    """A short URL-safe signature of value (for QR codes on tickets)."""
    key = hashlib.sha256(f"mpp-lite:qr:{secret}".encode()).digest()
    digest = hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
    return digest[:SIGNATURE_LENGTH]


def verify(secret: str, value: str, signature: str) -> bool:
    """Only the whole signature: a prefix of the right one is as wrong as any other string."""
    return len(signature or "") == SIGNATURE_LENGTH and hmac.compare_digest(
        sign(secret, value), signature)
