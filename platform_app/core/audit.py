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

from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from platform_app.core.http import client_ip
from platform_app.core.models import AuditEvent

logger = logging.getLogger(__name__)


def record(kind: str, request: HttpRequest | None = None, **described) -> AuditEvent:
    """Writes the event `_event` makes of `kind`, `request` and what `described` names."""
    event = _event(kind, request, **described)
    event.save(force_insert=True)
    return event


def _event(
    kind: str,
    request: HttpRequest | None,
    *,
    user=None,
    username: str = "",
    obj: Model | None = None,
    status: int | None = None,
    object_type: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """An audit event of `kind`: who (`user`, else the request's; `username`), from where (the request's
    address, agent, method and path), the answer's `status`, and the record read (`obj`, or its type and
    description), unsaved."""
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
    return AuditEvent(**fields)


def confidential_kind(obj: Model, *, download: bool = False) -> str | None:
    """What reading `obj` is in the audit log, or None for records it does not follow: any CTED assessment
    or recommendation, a document shared with named organizations only, any request for tailored support,
    and a file of a country entry whose audience is narrower than every focal point. The one rule for
    detail reads, downloads and lists, in the portal and the API alike.

    Each followed model states its part of the rule in a method `audit_read_kind(*, download=False)`
    answering an AuditEvent kind or None; records of models without it are not followed."""
    read_kind = getattr(obj, "audit_read_kind", None)
    return read_kind(download=download) if read_kind is not None else None


def record_read(request: HttpRequest, obj: Model, *, download: bool = False) -> None:
    """A read of one record, if the audit log follows its kind (`confidential_kind`). The event names the
    record's `audit_subject` where it has one (a document for a read of one of its versions)."""
    kind = confidential_kind(obj, download=download)
    if kind is not None:
        record(kind, request, obj=getattr(obj, "audit_subject", obj))


# The records a list showed during a request, counted by (kind, record type); AuditMiddleware writes them.
_SHOWN = "_audit_shown"


def note_shown(request: HttpRequest, rows) -> None:
    """Notes the confidential records among `rows`, which a list is showing; the request's answer then
    writes one event per kind naming how many (AuditMiddleware), however many lists the page holds.

    `rows` is what is shown (a page, a slice), evaluated here if it is a queryset: the page reads the
    same rows afterwards without another query. Rows of models whose lists the log does not follow (those
    without a true `AUDIT_LISTS` class attribute) are not read."""
    model = getattr(rows, "model", None) or getattr(getattr(rows, "object_list", None), "model", None)
    if model is not None and not getattr(model, "AUDIT_LISTS", False):
        return
    request = getattr(request, "_request", request)  # the API's request wraps Django's
    counts: Counter = request.__dict__.setdefault(_SHOWN, Counter())
    for row in rows:
        kind = confidential_kind(row)
        if kind is not None:
            counts[(kind, row._meta.label_lower)] += 1


def record_shown(request: HttpRequest) -> None:
    """One event per kind of confidential record the request's lists showed, with their number, written
    together in one statement (a profile shows three kinds)."""
    events = [
        _event(kind, request, object_type=label, object_repr=f"{count} shown in a list")
        for (kind, label), count in sorted(request.__dict__.pop(_SHOWN, {}).items())
    ]
    if len(events) == 1:
        events[0].save(force_insert=True)  # one statement; bulk_create would add a transaction around it
    elif events:
        AuditEvent.objects.bulk_create(events)


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
