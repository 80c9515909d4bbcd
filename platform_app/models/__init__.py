"""The platform's domain, one module per area; import from here."""

from .accounts import User
from .background import EmailDelivery, Notification, TaskFailure
from .calendar import Event
from .countries import (
    CountryEntry,
    CountryPage,
    EntryAttachment,
    SupportOffer,
    SupportRequest,
    SupportRouting,
    SupportStep,
)
from .cted import CountryAssessment, Recommendation
from .library import Document, DocumentVersion
from .metrics import DailyVisitor, DailyVisitTotal, MetricSnapshot
from .organizations import FocalPoint, Language, Organization, ThematicArea
from .projects import Appeal, AppealProject, Project
from .security import AuditEvent, UserSession
from .sync import Deletion, DeletionReader
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "Appeal",
    "AppealProject",
    "AuditEvent",
    "CountryAssessment",
    "CountryEntry",
    "CountryPage",
    "DailyVisitTotal",
    "DailyVisitor",
    "Deletion",
    "DeletionReader",
    "Document",
    "DocumentVersion",
    "EmailDelivery",
    "EntryAttachment",
    "Event",
    "FocalPoint",
    "Language",
    "MetricSnapshot",
    "Notification",
    "Organization",
    "Project",
    "Recommendation",
    "SupportOffer",
    "SupportRequest",
    "SupportRouting",
    "SupportStep",
    "TaskFailure",
    "ThematicArea",
    "User",
    "UserSession",
]
