"""Issuing and revoking API tokens. The key is returned once; only its hash is kept."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from platform_app.accounts.models import KEY_PREFIX, LOOKUP_LENGTH, ApiToken, hash_key
from platform_app.accounts.roles import may_issue_token


@transaction.atomic
def token_create(
    *,
    user,
    name: str,
    days: int | None = None,
    created_by=None,
    token: ApiToken | None = None,
    via: ApiToken | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the token and its key, which cannot be recovered later.

    `token` is an unsaved instance to fill (the admin's form object); a new one otherwise.

    `via` is the token the request came with, when a token asks for another. A token carries all of
    its owner's rights (tokens have no scopes), so it cannot make one with more: it makes tokens for
    its own owner only, and they expire no later than it does (a longer lifetime asked for is cut to
    its own). A staff member's token was itself issued behind a second factor (theirs at the token
    endpoint or in a confirmed session, or that of the Secretariat member who issued it in the admin),
    so what it makes needs no other. Sessions and the admin are not limited this way.
    """
    if not user.is_active:
        raise ValidationError(_("An inactive account cannot hold tokens."))
    if via is not None and (via.user_id != user.pk or not via.is_active):
        raise PermissionDenied("A token makes tokens only for its own owner, and only while it is valid.")
    if created_by is not None and not may_issue_token(created_by, user):
        raise PermissionDenied(_("Only a superuser may issue a token for another staff account."))
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
    if via is not None:
        token.expires_at = min(token.expires_at, via.expires_at)
    token.created_by = created_by or user
    token.save()
    return token, key


def tokens_revoke_all(*, user) -> int:
    """Revokes every token of `user` not yet revoked, at once; returns how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoking is immediate and final; the row stays for the record."""
    if token.user_id != by.pk and not (by.is_superuser or by.has_perm("platform_app.change_apitoken")):
        raise PermissionDenied("You can revoke only your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
