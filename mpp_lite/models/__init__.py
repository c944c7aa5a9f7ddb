"""All models, importable from one place (Alembic sees them through this module)."""
from .base import db
from .catalog import (
    AGENCY_KINDS,
    AVAILABILITIES,
    COUNTER_STATUSES,
    REQUIREMENT_FORMS,
    Agency,
    Counter,
    CounterHours,
    Requirement,
    Service,
    Step,
    service_counter,
)
from .queue import (
    ACTIVE_STATUSES,
    CHANNELS,
    PRIORITIES,
    STATUSES,
    CounterStatusChange,
    QueueSequence,
    ServiceWindow,
    Ticket,
    TicketEvent,
    format_number,
)
from .feedback import (
    COMPLAINT_STATUSES,
    SEVERITIES,
    SKM_ELEMENTS,
    Announcement,
    AuditEntry,
    Complaint,
    ComplaintEvent,
    SurveyResponse,
)
from .site import ClosedDate, Site, SiteHours
from .staff import ROLES, StaffUser

__all__ = [
    "db", "Site", "SiteHours", "ClosedDate", "Agency", "Counter", "CounterHours", "Service",
    "Requirement", "Step", "service_counter", "AGENCY_KINDS", "AVAILABILITIES", "COUNTER_STATUSES",
    "REQUIREMENT_FORMS", "StaffUser", "ROLES", "Ticket", "TicketEvent", "QueueSequence",
    "ServiceWindow", "CounterStatusChange", "STATUSES", "ACTIVE_STATUSES", "PRIORITIES",
    "CHANNELS", "format_number", "Announcement", "SurveyResponse", "Complaint",
    "ComplaintEvent", "AuditEntry", "SEVERITIES", "COMPLAINT_STATUSES", "SKM_ELEMENTS",
]
