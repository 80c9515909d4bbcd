"""The base of every queryset with `visible_to(user)`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from platform_app.core.viewer import Viewer, viewer_for


class VisibleQuerySet(models.QuerySet):
    """Base: the Secretariat sees everything, platform users what `_visible_filter` allows, others nothing."""

    def visible_to(self, user):
        viewer = viewer_for(user)
        if viewer.is_secretariat:
            return self
        if not viewer.is_platform_user:
            return self.none()
        condition = self._visible_filter(viewer)
        return self if condition is None else self.filter(condition)

    def _visible_filter(self, viewer: Viewer) -> Q | None:
        """None means every row, for any platform user."""
        return None


class ReferenceQuerySet(VisibleQuerySet):
    """Organizations, working groups, memberships, projects, appeals: the Compact's shared structure."""
