"""API authentication: hashed, expiring, revocable tokens, and the session for the browsable API."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from platform_app.accounts.models import KEY_PREFIX, ApiToken, hash_key


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`. The key is looked up by its hash; expired or revoked keys fail."""

    keyword = "Token"

    def authenticate_credentials(self, key: str):
        if not key.startswith(KEY_PREFIX) or len(key) > 100:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = (
            ApiToken.objects.select_related("user", "user__focal_point__organization")
            .filter(key_hash=hash_key(key))
            .first()
        )
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("This token has expired; create a new one."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        self._touch(token)
        return token.user, token

    @staticmethod
    def _touch(token: ApiToken) -> None:
        """Record the last use, at most once a minute per token so reads do not each write."""
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(seconds=settings.API_TOKEN_TOUCH_SECONDS):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser session, for the browsable API and the portal's own scripts (CSRF enforced)."""
