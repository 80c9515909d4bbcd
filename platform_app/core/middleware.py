"""Middleware every page needs: the reader's time zone, and private answers when signed in."""

import zoneinfo

from django.utils import timezone


class UserTimeZoneMiddleware:
    """Shows times in the signed-in user's zone (their profile), UTC otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = getattr(getattr(request, "user", None), "time_zone", "") or "UTC"
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


PRIVATE_NO_STORE = "private, no-store"


def signed_in(request) -> bool:
    """Whether the request was made by someone signed in: a session's user, or the API's token user
    (Django REST framework sets the authenticated user on the underlying request)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateResponsesMiddleware:
    """Every answer to a signed-in request, page, file or API, is `Cache-Control: private, no-store`:
    what one person is shown is never kept by a shared cache, nor by the browser after they leave.

    Decided here once, after the view, so no view can forget it; answers to anonymous requests keep
    the caching their view chose (static files are served before this runs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if signed_in(request):
            response["Cache-Control"] = PRIVATE_NO_STORE
        return response
