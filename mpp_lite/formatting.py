"""Pure formatting helpers (no Flask): Rupiah amounts, times."""
from __future__ import annotations


def rupiah(amount: int) -> str:
    """Format an amount the Indonesian way: 350000 → "Rp350.000"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(int(amount)):,}".replace(",", ".")


_CONTROL = dict.fromkeys(c for c in range(0x20) if chr(c) not in "\t\n\r")
_CONTROL.update(dict.fromkeys(range(0x7F, 0xA0)))


def clean_text(value: str | None, max_len: int) -> str:
    """User-typed text made safe to keep and echo: no control characters, trimmed, bounded."""
    if not value:
        return ""
    return " ".join(value.translate(_CONTROL).split())[:max_len]
