"""Issuing and revoking API tokens. The key is returned once; only its hash is kept."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ApiToken
from .models.tokens import KEY_PREFIX, LOOKUP_LENGTH, hash_key


@transaction.atomic
def token_create(
    *, user, name: str, days: int | None = None, created_by=None, token: ApiToken | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the token and its key, which cannot be recovered later.

    `token` is an unsaved instance to fill (the admin's form object); a new one otherwise.
    """
    if not user.is_active:
        raise ValidationError(_("An inactive account cannot hold tokens."))
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "expires_in_days": [
                    ngettext(
                        "Choose from 1 to %(max)s day.", "Choose from 1 to %(max)s days.", settings.API_TOKEN_MAX_DAYS
                    )
                    % {"max": settings.API_TOKEN_MAX_DAYS}
                ]
            }
        )
    key = ApiToken.generate_key()
    token = token or ApiToken()
    token.user = user
    token.name = name.strip() or "API token"
    token.lookup = key[len(KEY_PREFIX) : len(KEY_PREFIX) + LOOKUP_LENGTH]
    token.key_hash = hash_key(key)
    token.expires_at = timezone.now() + timedelta(days=days)
    token.created_by = created_by or user
    token.save()
    return token, key


def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoking is immediate and final; the row stays for the record."""
    if token.user_id != by.pk and not (by.is_superuser or by.has_perm("platform_app.change_apitoken")):
        raise PermissionDenied("You can revoke only your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
