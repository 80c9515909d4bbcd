"""Access follows the account: the audit of sign-ins, and ending sessions and tokens when a password
changes, an account is deactivated or a nomination ends."""

from __future__ import annotations

import logging

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from platform_app.accounts.models import User, UserSession
from platform_app.accounts.tokens import tokens_revoke_all
from platform_app.core.audit import record
from platform_app.core.models import AuditEvent
from platform_app.directory.models import FocalPoint

# --- signal receivers (connected in PlatformAppConfig.ready) ---------------------------------------

logger = logging.getLogger(__name__)


def on_sign_in(sender, request, user, **kwargs) -> None:
    record(AuditEvent.Kind.SIGN_IN, request, user=user)
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.update_or_create(session_key=session.session_key, defaults={"user": user})
        # Forget this person's sessions that have expired and been cleared since.
        UserSession.objects.filter(user=user).exclude(
            session_key__in=Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
        ).exclude(session_key=session.session_key).delete()


def on_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(AuditEvent.Kind.SIGN_OUT, request, user=user)
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


def on_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str((credentials or {}).get("username") or "")
    known = User.objects.filter(username=username).first() if username and "@" not in username else None
    if known is None and "@" in username:
        known = User.objects.filter(email__iexact=username).first()
    record(AuditEvent.Kind.SIGN_IN_FAILED, request, user=known, username=username)


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    record(AuditEvent.Kind.LOCKED_OUT, request, username=username or "")


def before_user_saved(sender, instance: User, update_fields=None, **kwargs) -> None:
    """Notes whether this save closes the account (it was active and is no longer), and whether it
    stores a new password (`_stores_new_password`)."""
    instance._closing = bool(
        instance.pk and not instance.is_active and User.objects.filter(pk=instance.pk, is_active=True).exists()
    )
    instance._new_password = bool(instance.pk) and _stores_new_password(instance, update_fields)


def _stores_new_password(user: User, update_fields) -> bool:
    """A password set with set_password(), which Django marks on the object until it is saved (the mark
    that tells the password validators of a change), or no password any more where there was one.

    Every way of changing a password goes through here: the page to change one's own, the reset by
    mail, the invitation's first password, the admin's password form and `manage.py changepassword`.
    The stronger hash Django stores of the same password at a sign-in is not a change: Django clears
    the mark for it."""
    if update_fields is not None and "password" not in update_fields:
        return False
    if user._password is not None:
        return True
    return (
        not user.has_usable_password()
        and User.objects.filter(pk=user.pk).exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX).exists()
    )


def after_user_saved(sender, instance: User, created: bool, **kwargs) -> None:
    closing, new_password = getattr(instance, "_closing", False), getattr(instance, "_new_password", False)
    instance._closing = instance._new_password = False
    if closing:
        end_access(instance)
    elif new_password:
        # Other sessions end at their next request, as their stored hash of the password no longer
        # matches; the one the change was made in goes on (update_session_auth_hash). Tokens end now.
        tokens = tokens_revoke_all(user=instance)
        logger.info("Password of %s changed: %s tokens revoked", instance.username, tokens)


def before_focal_point_saved(sender, instance: FocalPoint, update_fields=None, **kwargs) -> None:
    """Notes whether this save ends the nomination (it was active and is no longer)."""
    instance._ending = bool(
        instance.pk
        and not instance.is_active
        and (update_fields is None or "is_active" in update_fields)
        and FocalPoint.objects.filter(pk=instance.pk, is_active=True).exists()
    )


def after_focal_point_saved(sender, instance: FocalPoint, created: bool, **kwargs) -> None:
    if getattr(instance, "_ending", False):
        instance._ending = False
        nomination_ended(instance.user)


def after_focal_point_deleted(sender, instance: FocalPoint, origin=None, **kwargs) -> None:
    # Deleting an account deletes its focal point first: the account itself is going.
    account_deleted = isinstance(origin, User) or (isinstance(origin, QuerySet) and origin.model is User)
    if instance.is_active and not account_deleted:
        nomination_ended(instance.user)


def nomination_ended(user: User) -> None:
    """A focal point deactivated or deleted, however (the admin's action or page, a spreadsheet import,
    a main focal point saying a colleague left), loses access: the account is closed, which ends its
    sessions and tokens (`end_access`, on saving it). The person left the organization that nominated
    them; an open account would still sign in and get new tokens, and would be in use again unnoticed
    if the nomination were restored. The Secretariat reopens it if they are nominated again.

    A staff account is not closed: staff access does not come from a nomination, and closing it is
    the Secretariat's decision in the user admin, never a main focal point's. Its sessions and tokens
    still end."""
    user.refresh_from_db(fields=["is_active", "is_staff", "is_superuser"])
    if not user.is_active:
        return
    if user.is_staff or user.is_superuser:
        end_access(user, reason="nomination ended, staff account kept open")
        return
    user.is_active = False
    user.save(update_fields=["is_active"])


def end_access(user: User, *, reason: str = "") -> tuple[int, int]:
    """Ends every session and revokes every live token of `user`, in one transaction.

    Pages and the API already refuse an inactive account at each request; this also removes what
    would let the account back in unseen if it were reactivated. Returns (sessions, tokens) ended."""
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        sessions, _ = Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()
        tokens = tokens_revoke_all(user=user)
        AuditEvent.objects.create(
            kind=AuditEvent.Kind.ACCOUNT_DEACTIVATED,
            user=user,
            username=user.username,
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            object_repr=f"{sessions} sessions ended, {tokens} tokens revoked" + (f"; {reason}" if reason else ""),
        )
    logger.info("Account %s closed: %s sessions ended, %s tokens revoked", user.username, sessions, tokens)
    return sessions, tokens


def end_sessions(sessions) -> int:
    """Signs people out of the given sessions (UserSession rows): the next request asks them to
    sign in again. Returns how many ended."""
    with transaction.atomic():
        keys = list(sessions.values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        ended, _ = UserSession.objects.filter(session_key__in=keys).delete()
    return ended
