"""All models, importable from one place (Alembic sees them through this module)."""
from .base import db
from .catalog import (
    AGENCY_KINDS,
    AVAILABILITIES,
    REQUIREMENT_FORMS,
    Agency,
    Counter,
    CounterHours,
    Requirement,
    Service,
    Step,
    service_counter,
)
from .site import ClosedDate, Site, SiteHours

__all__ = [
    "db", "Site", "SiteHours", "ClosedDate", "Agency", "Counter", "CounterHours", "Service",
    "Requirement", "Step", "service_counter", "AGENCY_KINDS", "AVAILABILITIES",
    "REQUIREMENT_FORMS",
]
