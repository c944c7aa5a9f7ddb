"""All models, importable from one place (Alembic sees them through this module)."""
from .base import db
from .catalog import (
    AGENCY_KINDS,
    AVAILABILITIES,
    COUNTER_STATUSES,
    MAX_PROCESSING_DAYS,
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
from .feedback import COMPLAINT_STATUSES, SKM_ELEMENTS, Complaint, ComplaintEvent, SurveyResponse
from .applications import (
    APPLICATION_STATUSES,
    COLLECTORS,
    EVENT_SOURCES,
    FINAL_APPLICATION_STATUSES,
    OPEN_APPLICATION_STATUSES,
    AgencyToken,
    Application,
    ApplicationEvent,
    NotificationEvent,
)
from .notify import (
    CHAT_CHANNELS,
    NOTIFY_CHANNELS,
    OUTBOX_KINDS,
    OUTBOX_STATUSES,
    ChatConversation,
    InboundMessage,
    OutboxMessage,
    Subscription,
)
from .announcements import SEVERITIES, Announcement
from .audit import AUDIT_ACTIONS, AuditEntry
from .kiosk import Kiosk, kiosk_agency
from .moving import MOVE_KINDS, CounterClosure, NoShowRule, TicketMove  # noqa: F401
from .site import ClosedDate, Site, SiteHours
from .visit import MAX_VISIT_SERVICES, Visit  # noqa: F401
from .staff import MIN_PASSWORD_LENGTH, OFFICER_ROLES, ROLES, StaffUser, valid_username

__all__ = [
    "db", "Site", "SiteHours", "ClosedDate", "Agency", "Counter", "CounterHours", "Service",
    "Requirement", "Step", "service_counter", "AGENCY_KINDS", "AVAILABILITIES", "COUNTER_STATUSES",
    "REQUIREMENT_FORMS", "StaffUser", "ROLES", "OFFICER_ROLES", "MIN_PASSWORD_LENGTH", "valid_username",
    "Ticket", "TicketEvent", "QueueSequence", "ServiceWindow", "CounterStatusChange", "STATUSES",
    "ACTIVE_STATUSES", "PRIORITIES", "CHANNELS", "format_number", "Announcement",
    "SurveyResponse", "Complaint", "ComplaintEvent", "AuditEntry", "AUDIT_ACTIONS", "SEVERITIES",
    "COMPLAINT_STATUSES", "SKM_ELEMENTS", "MAX_PROCESSING_DAYS", "APPLICATION_STATUSES",
    "OPEN_APPLICATION_STATUSES", "FINAL_APPLICATION_STATUSES", "COLLECTORS", "EVENT_SOURCES",
    "AgencyToken", "Application", "ApplicationEvent", "NotificationEvent", "NOTIFY_CHANNELS",
    "CHAT_CHANNELS", "OUTBOX_STATUSES", "OUTBOX_KINDS", "Subscription", "ChatConversation",
    "InboundMessage", "OutboxMessage", "Kiosk", "kiosk_agency",
]
