"""Where Django finds the platform's models: each domain defines its own in its `models.py` (import them
from there); this module only gathers them for the app registry and the migrations."""

from platform_app.accounts.models import ApiToken, User, UserSession
from platform_app.calendar.models import Event
from platform_app.core.models import AuditEvent, Deletion, DeletionReader, TaskFailure
from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import FocalPoint, Organization
from platform_app.library.models import Document, DocumentText, DocumentVersion
from platform_app.mail.models import EmailDelivery, Notification
from platform_app.metrics.models import DailyVisitor, DailyVisitTotal, MetricSnapshot
from platform_app.projects.models import Appeal, AppealProject, Project
from platform_app.structure.models import Language, ThematicArea
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep

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
    "DocumentText",
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
