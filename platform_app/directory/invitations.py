"""Invitations: a nominated focal point receives a link to choose a first password."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from platform_app.directory.models import FocalPoint

INVITATION_VALID_FOR = timedelta(days=14)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Links to set a first password: valid 14 days, until a password is set, or until re-sent.

    The hash covers the password and the time of the last invitation, so setting a password or
    sending a new invitation ends every earlier link.
    """

    key_salt = "compact.accounts.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # Microseconds included: two invitations within one second are still two moments.
        invited = "" if user.invited_at is None else user.invited_at.isoformat()
        return f"{super()._make_hash_value(user, timestamp)}{invited}"

    def check_token(self, user, token):
        if not (user and token) or "-" not in token:
            return False
        ts_b36 = token.split("-", 1)[0]
        try:
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        secrets_ = [self.secret, *self.secret_fallbacks]
        if not any(constant_time_compare(self._make_token_with_timestamp(user, ts, s), token) for s in secrets_):
            return False
        return self._num_seconds(self._now()) - ts <= INVITATION_VALID_FOR.total_seconds()


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user) -> str:
    return reverse(
        "account:invitation",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_tokens.make_token(user)},
    )


@transaction.atomic
def focal_point_invite(*, focal_point: FocalPoint, base_url: str):
    """Emails the person a link to choose their password; re-sending ends earlier links."""
    user = get_user_model().objects.select_for_update().get(pk=focal_point.user_id)
    if not user.is_active:
        raise ValidationError(_("A deactivated account cannot be invited."))
    address = user.email or focal_point.email
    if not address:
        raise ValidationError(_("The person has no email address to send the invitation to."))
    user.invited_at = timezone.now()
    user.save(update_fields=["invited_at"])
    link = base_url.rstrip("/") + invitation_path(user)
    context = {
        "user": user,
        "organization": focal_point.organization,
        "link": link,
        "valid_days": INVITATION_VALID_FOR.days,
    }
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("platform_app/account/invitation_subject.txt", context).strip()
        body = render_to_string("platform_app/account/invitation_email.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[address])
    transaction.on_commit(message.send)
    return user
