"""The citizen's booking form and the ticket API over HTTP (a test client)."""
from __future__ import annotations

import re


def input_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def csrf_token(page: str) -> str:
    """The CSRF token in the form on `page` (HTML)."""
    return input_value(page, "csrf_token")


def form_values(page: str) -> dict[str, str]:
    return {"csrf_token": csrf_token(page),
            "idempotency_key": input_value(page, "idempotency_key")}


def first_day(page: str) -> str:
    return input_value(page, "day")


def book(client, path="/maros/layanan/ktp-el-baru/antre", **fields):
    """Fill the booking form on `path` as a browser would and post it; (response, data)."""
    page = client.get(path).get_data(as_text=True)
    data = {**form_values(page), "day": first_day(page), "name": "Siti", **fields}
    return client.post(path, data=data), data


def api_book(client, **body):
    payload = {"service": "ktp-el-baru", "name": "Budi", "idempotency_key": "api-key-0001"}
    payload.update(body)
    return client.post("/api/v1/sites/maros/tickets", json=payload)
