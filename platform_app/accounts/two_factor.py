"""The staff's second factor: set up an authenticator app once, then confirm a code at each sign-in.

Wrong codes on this page count down from ATTEMPTS; once they are used up, the page pauses for
FIRST_PAUSE, each further round of ATTEMPTS wrong codes doubling the pause (up to LONGEST_PAUSE).
A right code is accepted at once whenever no pause is running. The counts are django-otp's fields
on the device (throttling_failure_count, throttling_failure_timestamp). The API's token endpoint
checks codes with `check_code` too, so wrong codes on the page and the API count together and a pause
begun on one holds on the other.
"""

from __future__ import annotations

import math
from base64 import b32encode
from datetime import datetime, timedelta

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_app.accounts.security import needs_second_factor, second_factor_device
from platform_app.core.audit import record
from platform_app.core.models import AuditEvent

ATTEMPTS = 5
FIRST_PAUSE = timedelta(minutes=15)
LONGEST_PAUSE = timedelta(days=1)


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("The code is the 6 digits your app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def paused_until(device: TOTPDevice, now: datetime | None = None) -> datetime | None:
    """When the pause after a round of ATTEMPTS wrong codes ends; None when no pause is running."""
    failures, last = device.throttling_failure_count, device.throttling_failure_timestamp
    if not failures or failures % ATTEMPTS or last is None:
        return None
    # The exponent is capped so that the product stays within timedelta's range, whatever the count.
    pause = min(FIRST_PAUSE * 2 ** min(failures // ATTEMPTS - 1, 16), LONGEST_PAUSE)
    until = last + pause
    return until if until > (now or timezone.now()) else None


def attempts_left(device: TOTPDevice) -> int:
    """Wrong codes still allowed before the next pause (ATTEMPTS right after a pause or a right code)."""
    return ATTEMPTS - device.throttling_failure_count % ATTEMPTS


def pause_message(until: datetime, now: datetime) -> str:
    """Says when the pause ends, in the person's time zone; rounded up to the minute, so that the pause
    never ends later than the page says."""
    minutes = max(math.ceil((until - now).total_seconds() / 60), 1)
    at = timezone.localtime(until + timedelta(seconds=59, microseconds=999_999)).replace(second=0, microsecond=0)
    return _("Too many wrong codes. You can try again in %(wait)s, at %(time)s.") % {
        "wait": timeuntil(now + timedelta(minutes=minutes), now),
        "time": time_format(at, "H:i"),
    }


def check_code(request: HttpRequest, device_pk: int, code: str) -> tuple[TOTPDevice, str]:
    """Checks a code typed on this page or sent to the API's token endpoint: "ok", "wrong" or "paused",
    with the device as it is now.

    The device's row is locked meanwhile, so parallel requests cannot try more codes than the count
    allows. Every code refused is in the audit log."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device_pk)
        if paused_until(device):
            result = "paused"
        else:
            # This page applies its own count and pause (above) instead of django-otp's delay after
            # each wrong code; verify_token still counts a wrong code in, or resets the count.
            device.throttling_enabled = False
            result = "ok" if device.verify_token(code) else "wrong"
        if result != "ok":
            record(AuditEvent.Kind.SECOND_FACTOR_FAILED, request, user=device.user)
    return device, result


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/admin/" if request.user.is_staff else "/"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not needs_second_factor(user) or user.is_verified():
        return redirect(_next(request))
    device = second_factor_device(user)
    setting_up = device is None
    if setting_up:
        # One pending device per person, kept until confirmed, so reloading shows the same secret.
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, result = check_code(request, device.pk, form.cleaned_data["code"].strip())
        if result == "ok":
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        if result == "wrong" and not paused_until(device):
            left = attempts_left(device)
            message = ngettext("Wrong code; %(count)s attempt left.", "Wrong code; %(count)s attempts left.", left)
            form.add_error("code", message % {"count": left})
    now = timezone.now()
    until = paused_until(device, now)
    context = {"form": form, "setting_up": setting_up, "next": _next(request)}
    status = 400 if request.method == "POST" else 200
    if until is not None:
        context["paused"] = pause_message(until, now)
        status = 429 if request.method == "POST" else 200
    if setting_up:
        context["secret"] = b32encode(device.bin_key).decode("ascii")
        # segno writes plain SVG markup (no script, no style attribute) from our own otpauth URL.
        context["qr_svg"] = mark_safe(  # noqa: S308
            segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("Set-up code"))
        )
    response = render(request, "registration/two_factor.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(math.ceil((until - now).total_seconds()))
    return response
