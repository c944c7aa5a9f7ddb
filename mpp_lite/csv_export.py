"""CSV files for spreadsheets, safe against formula injection.

A cell that starts with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (or pushes one into the next cell), so text typed by a citizen
or a staff member ("=HYPERLINK(…)") would run on the manager's computer. Such cells get a
leading apostrophe, as OWASP recommends. Numbers the app itself computes pass unchanged: a
negative figure is never produced by the reports that use this module.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The text of one cell; one that a spreadsheet would run as a formula is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """The rows as CSV text, every cell passed through safe_cell."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def csv_response(rows: Iterable[Iterable[object]], filename: str, *, bom: bool = True) -> Response:
    """A download of the rows. The byte-order mark lets Excel read UTF-8 names correctly."""
    body = ("\ufeff" if bom else "") + csv_text(rows)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})
