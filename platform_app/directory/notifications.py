"""Reconfirmation of focal points: their organization's main focal point is asked about colleagues who
have not signed in for months, in the notification centre and by mail."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_app.core.viewer import viewer_for
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.selectors import active_focal_points
from platform_app.mail.items import register_notice_kind
from platform_app.mail.models import EmailDelivery, Notification
from platform_app.mail.notifications import (
    Kind,
    Status,
    _in_office,
    _record,
    absolute,
    release_interrupted,
    send_pending,
)
from platform_app.mail.services import carried_by, record_notices

# --- reconfirmation -----------------------------------------------------------------------------


def stale_focal_points(months: int, now: dt.datetime | None = None):
    """Focal points in office who have not signed in, nor been reconfirmed, for `months`."""
    cutoff = (now or timezone.now()) - relativedelta(months=months)
    return active_focal_points().filter(
        Q(user__last_login__lt=cutoff) | Q(user__last_login__isnull=True, user__date_joined__lt=cutoff),
        Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=cutoff),
    )


def reconfirmation_round(months: int | None = None) -> dict:
    """Once a month at most: each organization's main focal point is told of the colleagues to reconfirm,
    in the notification centre and in one mail listing them. Organizations without a main focal point in
    office are counted, for the Secretariat."""
    months = settings.RECONFIRM_AFTER_MONTHS if months is None else int(months)
    if months < 1:
        raise ValueError("months must be at least 1")
    release_interrupted()
    now = timezone.now()
    round_key = f"{now:%Y-%m}"
    stale = (
        stale_focal_points(months, now)
        .select_related("user", "organization")
        .order_by("organization_id", "user__last_name", "user__first_name", "pk")
    )
    by_org: dict[int, list[FocalPoint]] = defaultdict(list)
    for person in stale:
        by_org[person.organization_id].append(person)
    primaries = {
        fp.organization_id: fp
        for fp in active_focal_points().filter(is_primary=True, organization_id__in=by_org).select_related("user")
    }
    keys, without_primary = [], 0
    path = reverse("account:reconfirm")
    for org_id, people in by_org.items():
        primary = primaries.get(org_id)
        if primary is None:
            without_primary += 1
            continue
        organization = people[0].organization
        happening = {"kind": Notification.Kind.RECONFIRMATION, "object_id": org_id, "occasion": round_key}
        record_notices([primary.user], title=organization.display_name, path=path, **happening)
        if not primary.user.email:
            continue
        key = f"reconfirm:{round_key}:org{org_id}"
        keys.append(key)
        delivery = _record(
            key,
            Kind.RECONFIRMATION,
            primary.user,
            "reconfirmation",
            {"organization": organization, "people": people, "months": months, "url": absolute(path)},
        )
        carried_by({primary.user_id: delivery}, **happening)
    counts = send_pending(EmailDelivery.objects.filter(key__in=keys, status=Status.PENDING).order_by("pk"))
    return {
        "round": round_key,
        "organizations": len(by_org),
        "without_primary": without_primary,
        "focal_points": sum(len(p) for p in by_org.values()),
        **counts,
    }


def _headline(notice) -> str:
    return _("Focal points of your organization to reconfirm")


register_notice_kind(Notification.Kind.RECONFIRMATION, Organization, _headline)


# --- requests for tailored support ---------------------------------------------------------------


def _focal_points_of(organizations):
    return get_user_model().objects.filter(focal_point__is_active=True, focal_point__organization__in=organizations)


def _secretariat():
    """The Secretariat as `viewer_for` names it; only staff and superusers can be, so only they are asked."""
    staff = _in_office(get_user_model().objects.filter(Q(is_staff=True) | Q(is_superuser=True)))
    return get_user_model().objects.filter(pk__in=[person.pk for person in staff if viewer_for(person).is_secretariat])
