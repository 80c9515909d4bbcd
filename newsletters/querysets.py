from __future__ import annotations

from django.db.models import Q

from platform_app.core.querysets import VisibleQuerySet
from platform_app.core.viewer import Viewer


class NewsletterQuerySet(VisibleQuerySet):
    def _visible_filter(self, viewer: Viewer) -> Q:
        return Q(status="published")
