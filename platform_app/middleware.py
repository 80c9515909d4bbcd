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
