"""The API is for platform users: the Secretariat and active focal points."""

from rest_framework import permissions

from platform_app.core.viewer import viewer_for


class IsPlatformUser(permissions.BasePermission):
    """Signed in, and either the Secretariat or an active focal point. Objects are then filtered by
    `visible_to(user)`; what a role may write is checked by each view's service."""

    message = "Only focal points and the Secretariat may use the API."

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        return viewer_for(request.user).is_platform_user
