"""Catalogue editing forms as a browser sends them, built from the stored records."""
from __future__ import annotations

import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Service, Site


def _service(slug: str, site: str) -> Service:
    return db.session.scalar(sa.select(Service).join(Site).where(Site.slug == site,
                                                                 Service.slug == slug))


def service_id(app, slug: str = "ktp-el-baru", site: str = "maros") -> int:
    with app.app_context():
        return _service(slug, site).id


def service_form(app, which: str = "ktp-el-baru", **changes) -> dict:
    """The edit form's fields as a browser would send them, from the stored service."""
    with app.app_context():
        s = _service(which, "maros")
        data = {
            "name": s.name, "slug": s.slug, "agency": str(s.agency_id), "summary": s.summary,
            "counters": [str(c.id) for c in s.counters], "processing_time": s.processing_time,
            "fee_free": "1" if s.fee_free else "0",
            "fee_amount": "" if s.fee_amount is None else str(s.fee_amount),
            "fee_note": s.fee_note, "fee_legal_basis": s.fee_legal_basis,
            "product": s.product, "complaint_channel": s.complaint_channel,
            "legal_basis": s.legal_basis, "availability": s.availability,
            "elsewhere_note": s.elsewhere_note, "elsewhere_address": s.elsewhere_address,
            "online_url": s.online_url, "online_note": s.online_note,
            "life_events": list(s.life_events), "keywords": ", ".join(s.keywords),
            "daily_quota": str(s.daily_quota or ""), "queue_prefix": s.queue_prefix,
            "active": "y" if s.active else "",
        }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}
