"""The platform's domain, one module per area; import from here."""

from .accounts import User
from .calendar import Event
from .cted import CountryAssessment, Recommendation
from .library import Document, DocumentVersion
from .metrics import DailyVisitor, DailyVisitTotal, MetricSnapshot
from .organizations import FocalPoint, Language, Organization, ThematicArea
from .projects import Appeal, AppealProject, Project
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "Appeal",
    "AppealProject",
    "CountryAssessment",
    "DailyVisitTotal",
    "DailyVisitor",
    "Document",
    "DocumentVersion",
    "Event",
    "FocalPoint",
    "Language",
    "MetricSnapshot",
    "Organization",
    "Project",
    "Recommendation",
    "ThematicArea",
    "User",
]
