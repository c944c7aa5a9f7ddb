"""Pure formatting helpers (no Flask): Rupiah amounts, times."""
from __future__ import annotations


def rupiah(amount: int) -> str:
    """Format an amount the Indonesian way: 350000 → "Rp350.000"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(int(amount)):,}".replace(",", ".")
