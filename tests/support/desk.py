"""The counter desk over HTTP (tests/test_applications_desk.py and the pickup concurrency
test): a fixed working Monday, applications received through the rules, and the hidden
fields of the desk's forms as a browser would send them back."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.applications import lifecycle
from mpp_lite.extensions import db
from mpp_lite.models import Application, Service, Site, StaffUser

# Monday 1 March 2027, 10.00 WITA (Maros): a working day, the queue catalogue's hours.
MONDAY_10_WITA = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.timezone.utc)
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'([a-z_-]+)="([^"]*)"')


def freeze_monday(monkeypatch) -> dt.datetime:
    dates.freeze(monkeypatch, MONDAY_10_WITA)
    return MONDAY_10_WITA


def set_processing_days(app, slug: str, days: int | None, site: str = "maros") -> int:
    """Give a service its promise; returns the service id."""
    with app.app_context():
        service = db.session.scalar(sa.select(Service).join(Site).where(
            Site.slug == site, Service.slug == slug))
        service.processing_days = days
        db.session.commit()
        return service.id


def received(app, slug: str = "ktp-el-baru", *, site: str = "maros",
             username: str = "dukcapil.maros", name: str = "Siti Aminah", days: int | None = 3,
             statuses: tuple[str, ...] = (), **fields) -> tuple[int, str]:
    """An application received by `username` (then walked through `statuses`):
    (id, code)."""
    set_processing_days(app, slug, days, site)
    with app.app_context():
        service = db.session.scalar(sa.select(Service).join(Site).where(
            Site.slug == site, Service.slug == slug))
        staff = db.session.scalar(sa.select(StaffUser).filter_by(username=username))
        actor = lifecycle.Actor(staff=staff)
        application, _created = lifecycle.receive(lifecycle.Receipt(
            site=service.site, service=service, applicant_name=name, actor=actor, **fields))
        extra = {"needs_documents": {"missing": ["Akta kelahiran"]},
                 "collected": {"collected_by": "applicant"},
                 "rejected": {"reason": "Data tidak sesuai."}}
        for status in statuses:
            lifecycle.change(application, lifecycle.Change(status=status, actor=actor,
                                                           **extra.get(status, {})))
        db.session.commit()
        return application.id, application.code


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page by name (the last one wins when names repeat)."""
    found = {}
    for tag in INPUT.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            found[attributes["name"]] = attributes.get("value", "")
    return found


def application(app, application_id: int) -> Application:
    """The stored application with its events loaded, detached."""
    with app.app_context():
        record = db.session.get(Application, application_id)
        record.events  # load while the session is open
        db.session.expunge_all()
        return record
