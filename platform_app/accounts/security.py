"""Sign-in protection: the client's address, lockouts, session lifetimes and the staff's second factor.

- Lockout (django-axes): 5 failed sign-ins for one username from one address lock that pair out for
  15 minutes, on the sign-in page, the admin's and the API token endpoint alike.
- Sessions end after 30 minutes without a request and 12 hours after signing in, whatever happens.
- Staff (the Secretariat, and anyone with admin access) must confirm a TOTP code after their
  password before any page answers them; a staff member without a device is asked to set one up.
  The API's token endpoint asks them for a code as well, checked by the same rule (two_factor.check_code).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from platform_app.accounts.models import User

SIGNED_IN_AT = "signed_in_at"


LAST_SEEN_AT = "last_seen_at"


def lockout_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account a sign-in names, so that its username and its email count as one for lockouts."""
    login = ((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    if "@" in login:
        username = User.objects.filter(email__iexact=login).values_list("username", flat=True).first()
        return username or login.lower()
    return login


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """429 with the cool-off: JSON for the API, the sign-in page's message otherwise."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this account from your address. Try again in %(minutes)s minutes, "
        "or reset your password."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def record_sign_in(sender, request, user, **kwargs) -> None:
    """Marks the session's start (signal user_logged_in), from which its lifetimes are counted."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


class SessionLifetimeMiddleware:
    """Ends a session idle for SESSION_IDLE_SECONDS or older than SESSION_ABSOLUTE_SECONDS.

    The last request's time is written to the session at most once a minute, so reading pages does
    not write the session on every request; the idle limit is therefore exact to within a minute.
    """

    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            started = request.session.get(SIGNED_IN_AT)
            seen = request.session.get(LAST_SEEN_AT, started)
            if started is None:
                # A session from before these limits: its lifetimes start now.
                request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = now
            elif now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return self._expired(request)
            elif now - seen >= self.TOUCH_EVERY:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> HttpResponse:
        message = _("Your session has ended. Please sign in again.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "session_expired"}, status=401)
        messages.info(request, message)
        if request.method in ("GET", "HEAD"):
            return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        return HttpResponseRedirect(reverse("login"))


def needs_second_factor(user) -> bool:
    return bool(settings.OTP_REQUIRED_FOR_STAFF and user.is_authenticated and (user.is_staff or user.is_superuser))


def second_factor_device(user):
    """The authenticator a person confirms codes with: their first confirmed TOTP device, or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


class StaffSecondFactorMiddleware:
    """A staff member whose session has not confirmed a TOTP code reaches only the two-factor pages,
    sign-out, the language switch and static files; everything else sends them there (the API: 403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user) and not user.is_verified():
            path = request.path_info
            allowed = (reverse("two_factor"), reverse("logout"), "/i18n/", "/" + settings.STATIC_URL.lstrip("/"))
            if not path.startswith(allowed):
                if path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Confirm your second factor in the browser first."), "code": "second_factor"},
                        status=403,
                    )
                target = reverse("two_factor")
                if request.method in ("GET", "HEAD"):
                    target += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(target)
        return self.get_response(request)
