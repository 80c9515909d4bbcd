"""The staff's second factor: set up an authenticator app once, then confirm a code at each sign-in."""

from __future__ import annotations

from base64 import b32encode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_app.accounts.security import check_second_factor, needs_second_factor, second_factor_device


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("The code is the 6 digits your app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


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
    status = 200
    if request.method == "POST":
        result = check_second_factor(request, device, form.cleaned_data["code"].strip()) if form.is_valid() else None
        if result == "ok":
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        status = 400
        if result == "wait":
            form.add_error("code", _("Too many wrong codes. Wait a moment before trying again."))
        elif result == "wrong":
            form.add_error("code", _("This code is not the one your app shows now."))
    context = {"form": form, "setting_up": setting_up, "next": _next(request)}
    if setting_up:
        context["secret"] = b32encode(device.bin_key).decode("ascii")
        # segno writes plain SVG markup (no script, no style attribute) from our own otpauth URL.
        context["qr_svg"] = mark_safe(  # noqa: S308
            segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("Set-up code"))
        )
    return render(request, "registration/two_factor.html", context, status=status)
