"""QR codes as small inline SVG (pure: no Flask). A path of dark modules, no raster image.

Drawing is the expensive part (about 13 ms for a ticket's URL) and does not depend on the
reader's language; the label (<title> and aria-label) does. So a caller that keeps drawings
(queue/presenters.py keeps each ticket's in the shared cache) stores `qr_svg(data)` and adds
the label per view with `labelled()`."""
from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_svg(data: str, *, title: str = "", module_px: int = 4, border: int = 4) -> str:
    """One <svg> element with a single path; scales crisply for print and screen. Without a
    title: the unlabelled drawing that `labelled()` labels."""
    return labelled(_drawing(data, module_px, border), title)


# Printed leaflets and receipts are drawn again for the same address: keep a few per worker.
@lru_cache(maxsize=64)
def _drawing(data: str, module_px: int, border: int) -> str:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    pixels = size * module_px
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
            f'width="{pixels}" height="{pixels}" role="img" shape-rendering="crispEdges">'
            f'<rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path d="{"".join(parts)}" fill="#000"/></svg>')


def labelled(drawing: str, title: str) -> str:
    """An unlabelled drawing of qr_svg() with its label for screen readers (its <title> and
    aria-label) in the reader's language; unchanged without a title."""
    if not title:
        return drawing
    head, _gt, body = drawing.partition(">")
    label = _escape(title)
    return f'{head} aria-label="{label}"><title>{label}</title>{body}'


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
