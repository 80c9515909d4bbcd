"""Writing the audit log (models.AuditEvent) and ending a closed account's sessions and tokens.

Sign-ins, failed sign-ins and lockouts come from Django's and django-axes's signals; refusals (403)
from AuditMiddleware; reads and downloads of CTED records and restricted documents from the views
that serve them, through `record_read`.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import ApiToken, AuditEvent, User, UserSession
from .security import client_ip

logger = logging.getLogger(__name__)


def record(
    kind: str,
    request: HttpRequest | None = None,
    *,
    user=None,
    username: str = "",
    obj: Model | None = None,
    status: int | None = None,
) -> AuditEvent:
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    fields = {"kind": kind, "user": user, "username": (username or getattr(user, "username", ""))[:254]}
    if request is not None:
        fields.update(
            ip_address=client_ip(request) or None,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            method=request.method or "",
            path=request.get_full_path()[:500],
            via_api=request.path.startswith("/api/"),
        )
    if status is not None:
        fields["status"] = status
    if obj is not None:
        fields.update(
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
        )
    return AuditEvent.objects.create(**fields)


def record_read(request: HttpRequest, obj: Model, *, download: bool = False) -> None:
    """A read of a record the audit log follows: any CTED assessment or recommendation, a document shared
    with named organizations only, any request for tailored support, and a file of a country entry whose
    audience is narrower than every focal point. Other records are not logged."""
    from .models import CountryAssessment, Document, DocumentVersion, EntryAttachment, Recommendation, SupportRequest
    from .models.common import Visibility

    if isinstance(obj, DocumentVersion):
        obj = obj.document
    if isinstance(obj, CountryAssessment):
        kind = AuditEvent.Kind.ASSESSMENT_READ
    elif isinstance(obj, Recommendation):
        kind = AuditEvent.Kind.RECOMMENDATION_READ
    elif isinstance(obj, Document) and obj.visibility == Visibility.RESTRICTED:
        kind = AuditEvent.Kind.DOCUMENT_DOWNLOAD if download else AuditEvent.Kind.DOCUMENT_READ
    elif isinstance(obj, SupportRequest):
        kind = AuditEvent.Kind.SUPPORT_REQUEST_READ
    elif isinstance(obj, EntryAttachment) and obj.entry.audience != "platform":
        kind = AuditEvent.Kind.ENTRY_FILE_DOWNLOAD
    else:
        return
    record(kind, request, obj=obj)


# --- signal receivers (connected in PlatformAppConfig.ready) ---------------------------------------


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


def before_user_saved(sender, instance: User, **kwargs) -> None:
    """Notes whether this save closes the account (it was active and is no longer)."""
    instance._closing = bool(
        instance.pk and not instance.is_active and User.objects.filter(pk=instance.pk, is_active=True).exists()
    )


def after_user_saved(sender, instance: User, created: bool, **kwargs) -> None:
    if getattr(instance, "_closing", False):
        instance._closing = False
        end_access(instance)


def end_access(user: User, *, by=None) -> tuple[int, int]:
    """Ends every session and revokes every live token of `user`, in one transaction.

    Pages and the API already refuse an inactive account at each request; this also removes what
    would let the account back in unseen if it were reactivated. Returns (sessions, tokens) ended."""
    now = timezone.now()
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        sessions, _ = Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()
        tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        AuditEvent.objects.create(
            kind=AuditEvent.Kind.ACCOUNT_DEACTIVATED,
            user=user,
            username=user.username,
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            object_repr=f"{sessions} sessions ended, {tokens} tokens revoked",
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


class AuditMiddleware:
    """Records every refused request (403), for pages and the API alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            try:
                record(AuditEvent.Kind.ACCESS_REFUSED, request, status=403)
            except Exception:
                logger.exception("Could not record a refused request to %s", request.path)
        return response
