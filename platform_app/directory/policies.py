"""What a reader may read of a focal point: contact details a person hid are for the Secretariat and for
the person alone."""

from __future__ import annotations

from platform_app.core.viewer import viewer_for


def sees_hidden_contact(user, focal_point) -> bool:
    """Whether `user` (or a Viewer) reads the email and phone numbers `focal_point` hid from others."""
    viewer = viewer_for(user)
    return viewer.is_secretariat or (viewer.user_id is not None and focal_point.user_id == viewer.user_id)
