"""Tracking codes citizens read aloud and type from paper (complaints, applications).

No 0/O, 1/I/L: 31 symbols; 10 of them carry 49 bits, so a code cannot be guessed. A code is
shown in groups ("K7M2-QX9P-RA") and accepted with or without spaces, dashes and case.
"""
from __future__ import annotations

import re
import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
MAX_CODE_LENGTH = 16  # the column width; anything longer typed is cut, then not found


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text: str | None) -> str:
    """What a citizen typed ("k7m2-qx9p ra") → the stored form ("K7M2QX9PRA")."""
    return re.sub(r"[\s-]", "", text or "").upper()[:MAX_CODE_LENGTH]


def grouped(code: str) -> str:
    """"K7M2QX9PRA" → "K7M2-QX9P-RA": easier to read aloud and to copy by hand."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))
