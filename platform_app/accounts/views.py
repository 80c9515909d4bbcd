"""The person's own account: profile and preferences, API tokens, calendar feed, invitation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from platform_app.accounts.forms import ProfileForm, TokenForm
from platform_app.accounts.models import ApiToken
from platform_app.accounts.preferences import preference_values, preferences
from platform_app.accounts.services import profile_update
from platform_app.accounts.tokens import token_create, token_revoke
from platform_app.calendar.feeds import feed_url
from platform_app.core.forms import apply_service_errors
from platform_app.directory.invitations import invitation_tokens
from platform_app.directory.models import FocalPoint


def _profile_page(request: HttpRequest, *, form=None, token_form=None, new_key: str = "", status: int = 200):
    user = request.user
    focal_point = FocalPoint.objects.select_related("organization").filter(user=user).first()
    if form is None:
        initial = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "time_zone": user.time_zone,
            "preferred_language": user.preferred_language,
            "notification_frequency": user.notification_frequency,
            "event_reminders": user.event_reminders,
            **preference_values(user),
        }
        if focal_point is not None:
            initial.update({name: getattr(focal_point, name) for name in ProfileForm.FOCAL_POINT_FIELDS[:-2]})
            initial["expertise"] = list(focal_point.expertise.values_list("pk", flat=True))
            initial["languages"] = list(focal_point.languages.values_list("pk", flat=True))
        form = ProfileForm(initial=initial, focal_point=focal_point)
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()).order_by(
        "-created_at"
    )
    context = {
        "form": form,
        "focal_point": focal_point,
        "token_form": token_form or TokenForm(),
        "tokens": tokens,
        "new_key": new_key,
        "feed_url": feed_url(request, user),
    }
    return render(request, "platform_app/account/profile.html", context, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _profile_page(request)
    focal_point = FocalPoint.objects.filter(user=request.user).first()
    form = ProfileForm(request.POST, focal_point=focal_point)
    if form.is_valid():
        try:
            profile_update(
                user=request.user,
                user_fields=form.user_fields(),
                focal_point_fields=form.focal_point_fields(),
                preferences={preference.name: form.cleaned_data[preference.name] for preference in preferences()},
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            response = redirect("account:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                form.cleaned_data["preferred_language"],
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    return _profile_page(request, form=form, status=400)


@login_required
@require_POST
def token_create_view(request: HttpRequest) -> HttpResponse:
    """The new key is shown on this response only: it is never stored, redirected or put in a message."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form, status=400)
    try:
        _token, key = token_create(user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return _profile_page(request, token_form=form, status=400)
    # Signed in: not kept by any cache (platform_app.core.middleware.PrivateResponsesMiddleware).
    return _profile_page(request, new_key=key)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("account:profile")


@login_required
@require_POST
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    request.user.reset_calendar_feed_key()
    messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    return redirect("account:profile")


@require_safe
def signed_out(request: HttpRequest) -> HttpResponse:
    """Where signing out lands: says it happened, in the language the person read the site in (the
    language cookie outlives the session), with the way back in. Someone signed in is not told so."""
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "registration/signed_out.html")


class InvitationView(auth_views.PasswordResetConfirmView):
    """An invited focal point chooses a password, then is signed in."""

    token_generator = invitation_tokens
    template_name = "platform_app/account/invitation.html"
    post_reset_login = True
    post_reset_login_backend = "platform_app.accounts.backends.UsernameOrEmailBackend"
    success_url = reverse_lazy("account:profile")
    reset_url_token = "welcome"  # noqa: S105 - the placeholder in the URL once the token is in the session

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome to the platform. Please check your details below."))
        return response
