"""A catalogue for visits with several services: a birth certificate whose product the family
card change and the child ID card (KIA) need, and a passport that needs nothing of them."""
from __future__ import annotations

import datetime as dt
import uuid

from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.visits.booking import VisitRequest, book_visit

from .catalogs import base_service, load_queue_catalog, queue_site
from .queue import NOW, service


def visit_site(slug: str = "maros", **overrides) -> dict:
    """queue_site's Maros plus akta-kelahiran (prefix AC, Gerai 2) and kia (prefix A, Gerai 1,
    quota 3); kk-perubahan and kia each have a requirement that akta-kelahiran makes."""
    site = queue_site(slug, **overrides)
    by_slug = {s["slug"]: s for s in site["services"]}
    akta = {"text": "Kutipan akta kelahiran anak", "form": "copy",
            "product_of": "akta-kelahiran"}
    by_slug["kk-perubahan"]["requirements"] = [
        *by_slug["kk-perubahan"]["requirements"], dict(akta)]
    site["services"] += [
        base_service(slug="akta-kelahiran", name="Akta kelahiran", counters=["Gerai 2"],
                     queue_prefix="AC", daily_quota=None, product="Kutipan akta kelahiran",
                     life_events=["punya-anak"],
                     translations={"en": {"name": "Birth certificate"}}),
        base_service(slug="kia", name="Kartu Identitas Anak (KIA)", counters=["Gerai 1"],
                     queue_prefix="A", daily_quota=3, product="KIA",
                     life_events=["punya-anak"],
                     requirements=[*base_service()["requirements"], dict(akta)],
                     translations={"en": {"name": "Child ID card (KIA)"}}),
    ]
    by_slug["kk-perubahan"]["life_events"] = ["punya-anak"]
    return site


def load_visit_catalog(app) -> None:
    load_queue_catalog(app, visit_site(), queue_site("ngawi", name="MPP Ngawi",
                                                     timezone="Asia/Jakarta"))


def visit(*slugs: str, now: dt.datetime = NOW, day: dt.date | None = None,
          site: str = "maros", name: str = "Ibu Sari", key: str | None = None,
          channel: str = "online", **fields):
    """A visit booked at `now` (default NOW) for `day` (default that day); (visit, created)."""
    services = [service(s, site) for s in slugs]
    here = services[0].site
    return book_visit(VisitRequest(
        site=here, services=services, day=day or local_now(here.timezone, now).date(),
        name=name, idempotency_key=key or uuid.uuid4().hex, channel=channel, now=now,
        **fields), secret="test")


__all__ = ["visit_site", "load_visit_catalog", "visit", "db"]
