"""Pure formatting helpers (no Flask): Rupiah amounts, times."""
from __future__ import annotations

import re
from dataclasses import dataclass


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


# --- fee headline -------------------------------------------------------------------------------
# The short fee shown at the top of a service page and in result lists must not hide what the
# fee note says on top of it (a lost passport costs the passport fee *plus* Rp1.000.000). The
# note is free text written by operators, so the headline is derived from it conservatively:
# another amount in the note makes the amount a minimum ("mulai"), and a surcharge word
# ("ditambah", "denda", "biaya beban" ...) adds "+ biaya tambahan", with the largest amount named
# after that word as an example.

_AMOUNT_RE = re.compile(r"Rp\s?(\d{1,3}(?:[.,]\d{3})+|\d+)(?![.,]?\d)", re.IGNORECASE)
_SURCHARGE_RE = re.compile(
    r"\b(ditambah|tambahan|biaya beban|denda|sanksi|dibayar terpisah|plus|surcharge|fine|"
    r"penalty|paid separately)\b", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"(?<!\d)[.;](?!\d)")


@dataclass(frozen=True)
class FeeHeadline:
    free: bool
    amount: int | None          # the amount stated (the minimum when `from_amount`)
    from_amount: bool           # other amounts apply too: say "mulai"
    surcharge: bool             # something is charged on top: say "+ biaya tambahan"
    surcharge_example: int | None   # the largest amount named as charged on top


def _amounts(text: str) -> list[int]:
    return [int(re.sub(r"[.,]", "", m)) for m in _AMOUNT_RE.findall(text)]


def fee_headline(free: bool, amount: int | None, note: str = "",
                 step_costs: tuple[str, ...] = ()) -> FeeHeadline:
    """What the one-line fee may say, read from the fee and its note (and step costs)."""
    note = note or ""
    texts = [note, *step_costs]
    others = {a for text in texts for a in _amounts(text)} - {amount}
    surcharge, example = False, None
    for sentence in _SENTENCE_END_RE.split(note):
        match = _SURCHARGE_RE.search(sentence)
        if match is None:
            continue
        surcharge = True
        after = _amounts(sentence[match.end():])
        if after:
            example = max(after + ([example] if example else []))
    if free:
        return FeeHeadline(True, None, False, False, None)
    return FeeHeadline(False, amount, bool(others), surcharge, example)
