"""Who speaks for an organization: the main focal point, who reconfirms colleagues who no longer sign in."""

from __future__ import annotations

from platform_app.directory.models import FocalPoint
from platform_app.directory.selectors import active_focal_points


def primary_nomination(user) -> FocalPoint | None:
    """The person's nomination as the main focal point of an organization, if they are one in office."""
    return active_focal_points().filter(user=user, is_primary=True).select_related("organization").first()
