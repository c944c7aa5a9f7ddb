"""QR codes as small inline SVG (pure: no Flask). A path of dark modules, no raster image."""
from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M


@lru_cache(maxsize=1024)  # a ticket page refreshes while its owner waits: draw it once
def qr_svg(data: str, *, title: str = "", module_px: int = 4, border: int = 4) -> str:
    """One <svg> element with a single path; scales crisply for print and screen."""
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
    label = f"<title>{_escape(title)}</title>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
            f'width="{pixels}" height="{pixels}" role="img" shape-rendering="crispEdges"'
            f'{" aria-label=" + chr(34) + _escape(title) + chr(34) if title else ""}>'
            f'{label}<rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path d="{"".join(parts)}" fill="#000"/></svg>')


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
