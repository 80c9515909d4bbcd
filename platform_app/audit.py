"""Writing the audit log (models.AuditEvent) and ending a closed account's sessions and tokens.

Sign-ins, failed sign-ins and lockouts come from Django's and django-axes's signals; refusals (403)
from AuditMiddleware. Reads of confidential records (`confidential_kind` says which) are recorded the same
way in the portal and the API: a record's page, detail or download through `record_read`, and a list
through `note_shown`, which AuditMiddleware turns into one event per kind naming how many were shown.
The API's base viewset does both for every detail and list; the portal's `paginate` for every paged list.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import AuditEvent, FocalPoint, User, UserSession
from .security import client_ip
from .tokens import tokens_revoke_all

logger = logging.getLogger(__name__)


def record(
    kind: str,
    request: HttpRequest | None = None,
    *,
    user=None,
    username: str = "",
    obj: Model | None = None,
    status: int | None = None,
    object_type: str = "",
    object_repr: str = "",
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
    if object_type:
        fields.update(object_type=object_type, object_repr=object_repr[:300])
    if obj is not None:
        fields.update(
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
        )
    return AuditEvent.objects.create(**fields)


def confidential_kind(obj: Model, *, download: bool = False) -> str | None:
    """What reading `obj` is in the audit log, or None for records it does not follow: any CTED assessment
    or recommendation, a document shared with named organizations only, any request for tailored support,
    and a file of a country entry whose audience is narrower than every focal point. The one rule for
    detail reads, downloads and lists, in the portal and the API alike."""
    from .models import CountryAssessment, Document, DocumentVersion, EntryAttachment, Recommendation, SupportRequest
    from .models.common import Visibility

    if isinstance(obj, DocumentVersion):
        obj = obj.document
    if isinstance(obj, CountryAssessment):
        return AuditEvent.Kind.ASSESSMENT_READ
    if isinstance(obj, Recommendation):
        return AuditEvent.Kind.RECOMMENDATION_READ
    if isinstance(obj, Document) and obj.visibility == Visibility.RESTRICTED:
        return AuditEvent.Kind.DOCUMENT_DOWNLOAD if download else AuditEvent.Kind.DOCUMENT_READ
    if isinstance(obj, SupportRequest):
        return AuditEvent.Kind.SUPPORT_REQUEST_READ
    if isinstance(obj, EntryAttachment) and obj.entry.audience != "platform":
        return AuditEvent.Kind.ENTRY_FILE_DOWNLOAD
    return None


def record_read(request: HttpRequest, obj: Model, *, download: bool = False) -> None:
    """A read of one record, if the audit log follows its kind (`confidential_kind`)."""
    from .models import DocumentVersion

    kind = confidential_kind(obj, download=download)
    if kind is not None:
        record(kind, request, obj=obj.document if isinstance(obj, DocumentVersion) else obj)


# The records a list showed during a request, counted by (kind, record type); AuditMiddleware writes them.
_SHOWN = "_audit_shown"
_FOLLOWED = {"countryassessment", "recommendation", "document", "supportrequest"}


def note_shown(request: HttpRequest, rows) -> None:
    """Notes the confidential records among `rows`, which a list is showing; the request's answer then
    writes one event per kind naming how many (AuditMiddleware), however many lists the page holds.

    `rows` is what is shown (a page, a slice), evaluated here if it is a queryset: the page reads the
    same rows afterwards without another query. Rows of kinds the log does not follow are not read."""
    model = getattr(rows, "model", None) or getattr(getattr(rows, "object_list", None), "model", None)
    if model is not None and model._meta.model_name not in _FOLLOWED:
        return
    request = getattr(request, "_request", request)  # the API's request wraps Django's
    counts: Counter = request.__dict__.setdefault(_SHOWN, Counter())
    for row in rows:
        kind = confidential_kind(row)
        if kind is not None:
            counts[(kind, row._meta.label_lower)] += 1


def record_shown(request: HttpRequest) -> None:
    """One event per kind of confidential record the request's lists showed, with their number."""
    for (kind, label), count in sorted(request.__dict__.pop(_SHOWN, {}).items()):
        record(kind, request, object_type=label, object_repr=f"{count} shown in a list")


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


class AuditMiddleware:
    """Records every refused request (403), for pages and the API alike, and what the lists of an
    answered request showed of confidential records (`note_shown`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400:
            record_shown(request)
        else:
            request.__dict__.pop(_SHOWN, None)
        if response.status_code == 403:
            try:
                record(AuditEvent.Kind.ACCESS_REFUSED, request, status=403)
            except Exception:
                logger.exception("Could not record a refused request to %s", request.path)
        return response
