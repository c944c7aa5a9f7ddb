"""Who may see and change which applications: a site's manager (admin) all of the site's; an
officer only their own agency's. Every staff page and bulk action goes through these."""
from __future__ import annotations

import sqlalchemy as sa

from ..models import Application, StaffUser


def visible_to(staff: StaffUser):
    """A select of the applications this account may see (filter and order it further)."""
    query = sa.select(Application).where(Application.site_id == staff.site_id)
    if staff.role != "admin":
        query = query.where(Application.agency_id == (staff.agency_id or -1))
    return query


def may_handle(staff: StaffUser, application: Application) -> bool:
    if staff.site_id != application.site_id:
        return False
    return staff.role == "admin" or (
        staff.role == "officer" and staff.agency_id is not None
        and application.agency_id == staff.agency_id)
