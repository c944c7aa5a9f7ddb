"""How much paper a printed ticket needs (pure: no Flask, no database).

Chromium cannot print a page of "auto" height, so each 58 mm slip gets a CSS named page
(static/print.css: `@page slip-220 { size: 58mm 220mm }` …) chosen from an estimate of its
content: a fixed head (number, QR code) plus the requirement lines. On A4 two tickets share a
sheet; a ticket whose checklist would not fit half a sheet gets a sheet of its own. The
estimates err long (measured against every demo service in Chromium, see
tests/browser/test_village_print.py): blank paper is cheaper than a ticket cut in two.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..templating import group_alternatives

SLIP_HEIGHTS_MM = tuple(range(160, 401, 20)) + (460, 540, 640)
SAFETY = 1.1


@dataclass(frozen=True)
class Paper:
    head_mm: float             # everything above the checklist
    chars_per_line: int        # checklist text beside a tick box
    line_mm: float
    item_gap_mm: float
    with_source: bool          # "Where to get it" lines are printed
    title_chars_per_line: int = 0   # service name lines (0: not in this column)
    title_line_mm: float = 0.0


# 58 mm slip at 8 pt: the head holds site, number, one line of service name, date, counter,
# name, a 44 mm QR code, the village and the "bring" heading.
SLIP = Paper(head_mm=122.0, chars_per_line=30, line_mm=3.9, item_gap_mm=1.6,
             with_source=False, title_chars_per_line=24, title_line_mm=5.0)
# The right-hand column of half an A4 sheet at 10.5 pt.
A4_SIDE = Paper(head_mm=13.0, chars_per_line=56, line_mm=4.9, item_gap_mm=0.9,
                with_source=True)
# 148 mm half sheet less padding and the site header leave ~120 mm; the checklist estimate
# is at least 1.14 times the measured height, so 130 leaves room to spare.
A4_SIDE_MAX_MM = 130.0
A4_MAIN_MAX_MM = 118.0
# The left-hand column: label, number, date, counter, QR code; then the lines that vary.
A4_MAIN_MM = 72.0
A4_MAIN_LINE_MM = 4.9
A4_TITLE_LINE_MM = 5.6


def _lines(text: str, per_line: int) -> int:
    words = (text or "").split()
    lines, used = 1, 0
    for word in words:
        size = len(word) + (1 if used else 0)
        if used and used + size > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += size
    return lines if words else 0


def checklist_height_mm(service, paper: Paper) -> float:
    height = paper.head_mm
    if paper.title_chars_per_line:
        extra = _lines(service.tr("name"), paper.title_chars_per_line) - 1
        height += max(0, extra) * paper.title_line_mm
    for group in group_alternatives(service.requirements):
        if group[0].alt_group is not None:
            height += paper.line_mm + paper.item_gap_mm   # "One of:" heading
        for r in group:
            # The form and count "(fotokopi, 2 lembar)" are estimated at their longest.
            text = " ".join(filter(None, [r.tr("text"), "(asli dan fotokopi, 10 lembar)",
                                          "tidak wajib" if r.optional else ""]))
            lines = _lines(text, paper.chars_per_line)
            if r.condition:
                lines += _lines("Hanya jika: " + r.tr("condition"), paper.chars_per_line + 4)
            if paper.with_source and r.source:
                lines += _lines("Didapat dari: " + r.tr("source"), paper.chars_per_line + 4)
            height += lines * paper.line_mm + paper.item_gap_mm
    return height * SAFETY


def slip_page(service) -> str:
    """The named page (CSS class and @page name) that holds the service's 58 mm slip."""
    height = checklist_height_mm(service, SLIP)
    return f"slip-{next((h for h in SLIP_HEIGHTS_MM if height <= h), SLIP_HEIGHTS_MM[-1])}"


def a4_main_height_mm(ticket) -> float:
    """The left-hand column of an A4 ticket: its service name, date and window, counters and
    the resident's name wrap on 64 mm."""
    counters = ", ".join(f"{c.label} ({c.floor})" for c in ticket.service.counters)
    height = A4_MAIN_MM + _lines(ticket.service.tr("name"), 24) * A4_TITLE_LINE_MM
    height += _lines("Hari, 30 September 2026" + (", jam 08.00–10.00" if ticket.window_id
                                                  else ""), 30) * A4_MAIN_LINE_MM
    height += _lines("Gerai: " + counters, 30) * A4_MAIN_LINE_MM if counters else 0
    height += _lines(f"Atas nama: {ticket.name} · Penyandang disabilitas", 30) * A4_MAIN_LINE_MM
    return height


def fits_half_a4(ticket) -> bool:
    return (checklist_height_mm(ticket.service, A4_SIDE) <= A4_SIDE_MAX_MM
            and a4_main_height_mm(ticket) <= A4_MAIN_MAX_MM)


def a4_sheets(items: list, ticket_of=lambda item: item) -> list[list]:
    """Two tickets per sheet in the order given; a long one takes a sheet alone."""
    sheets: list[list] = []
    for item in items:
        if not fits_half_a4(ticket_of(item)):
            sheets.append([item])
        elif sheets and len(sheets[-1]) == 1 and fits_half_a4(ticket_of(sheets[-1][0])):
            sheets[-1].append(item)
        else:
            sheets.append([item])
    return sheets


def page_rules() -> str:
    """The @page rules print.css must contain (a test keeps the file in step)."""
    return "\n".join(f"@page slip-{h}{{size:58mm {h}mm;margin:0}}.slip-{h}{{page:slip-{h}}}"
                     for h in SLIP_HEIGHTS_MM)


# --- a visit (several services, one person) on one slip -----------------------------------------
# Every ticket of the visit keeps its own number and QR code; one combined checklist follows.
VISIT_HEAD_MM = 24.0        # site, address, the resident's name, who booked
VISIT_TICKET_MM = 72.0      # step label, number, date and window, counter, a 44 mm QR code
VISIT_CHECKLIST_HEAD_MM = 8.0
# The assisted slip's named pages (static/assist.css `@page assist-slip-…`) for a visit.
ASSIST_VISIT_PAGES_MM = (200, 240, 300, 360, 420, 480, 540, 640)


def visit_checklist_height_mm(checklist, paper: Paper) -> float:
    """The combined checklist's lines (visits/checklist.py): each entry with its form and the
    services it is for; alternatives under a heading; the documents made during the visit."""
    height = VISIT_CHECKLIST_HEAD_MM
    for entry in checklist.entries:
        names = ", ".join(s.tr("name") for s in entry.for_services)
        if entry.is_choice:
            height += paper.line_mm + paper.item_gap_mm
        for requirement in entry.alternatives:
            text = " ".join([requirement.tr("text"), "(asli dan fotokopi, 10 lembar)"])
            height += _lines(text, paper.chars_per_line) * paper.line_mm + paper.item_gap_mm
        height += _lines("Untuk: " + names, paper.chars_per_line + 4) * paper.line_mm
        if entry.requirement.condition:
            height += _lines("Hanya jika: " + entry.requirement.tr("condition"),
                             paper.chars_per_line + 4) * paper.line_mm
    if checklist.made_here:
        height += 2 * paper.line_mm
        for made in checklist.made_here:
            names = ", ".join(s.tr("name") for s in made.for_services)
            text = f"{made.text}: dibuat di {made.made_by.tr('name')}, untuk {names}."
            height += _lines(text, paper.chars_per_line + 4) * paper.line_mm + paper.item_gap_mm
    return height


def visit_slip_height_mm(tickets, checklist) -> float:
    height = VISIT_HEAD_MM
    for ticket in tickets:
        height += VISIT_TICKET_MM
        height += max(0, _lines(ticket.service.tr("name"), SLIP.title_chars_per_line) - 1) \
            * SLIP.title_line_mm
    return (height + visit_checklist_height_mm(checklist, SLIP)) * SAFETY


def visit_slip_page(tickets, checklist) -> str:
    """The village's 58 mm named page (print.css `slip-…`) that holds the whole visit."""
    height = visit_slip_height_mm(tickets, checklist)
    return f"slip-{next((h for h in SLIP_HEIGHTS_MM if height <= h), SLIP_HEIGHTS_MM[-1])}"


def assist_visit_slip_page(tickets, checklist) -> str:
    """The assisted slip's named page (assist.css `assist-slip-…`) for the whole visit."""
    height = visit_slip_height_mm(tickets, checklist)
    page = next((h for h in ASSIST_VISIT_PAGES_MM if height <= h), ASSIST_VISIT_PAGES_MM[-1])
    return f"assist-slip-{page}"
