"""Reads of the directory that other pages and the figures share: the people a reader may see, who is in
office, which organizations are listed, which have nominated someone."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from platform_app.directory.models import FocalPoint, Organization


def active_focal_points():
    """Focal points in office: their nomination and their account are both active."""
    return FocalPoint.objects.filter(is_active=True, user__is_active=True)


def organizations_listed():
    """The organizations of the Compact as the organizations list shows them: active ones."""
    return Organization.objects.filter(is_active=True)


def nominated(organizations):
    """Organizations that have nominated at least one focal point in office."""
    return organizations.filter(Exists(active_focal_points().filter(organization_id=OuterRef("pk"))))


def people_of(user) -> QuerySet:
    """The focal points `user` may see, with what the directory shows of them, in a stable order."""
    return (
        FocalPoint.objects.visible_to(user)
        .select_related("user", "organization")
        .prefetch_related("expertise", "languages")
        .order_by("user__last_name", "user__first_name", "pk")
    )
