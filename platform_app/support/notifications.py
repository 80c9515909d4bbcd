"""Who hears of each move of a request for tailored support, and the mails they receive."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from platform_app.core.viewer import ENTITY
from platform_app.directory.notifications import _focal_points_of, _secretariat
from platform_app.mail.notifications import (
    Kind,
    Status,
    _queue_after_commit,
    _record,
    _who_may_open,
    absolute,
    send_pending,
)
from platform_app.structure.models import WorkingGroupMembership
from platform_app.support.models import SupportRouting, SupportStep


def support_audience(step):
    """Who hears of a step: the side that must act next, of those the request's visibility rule shows it to.

    Filed or changed: the Secretariat. Routed: the entities it now reaches. An offer made or withdrawn: the
    State. An offer answered: the entity that made it. Closed or withdrawn: the entities it had reached.
    """
    Action = SupportStep.Action
    request = step.request
    if step.action in (Action.FILED, Action.EDITED):
        concerned = _secretariat()
    elif step.action in (Action.OFFERED, Action.OFFER_WITHDRAWN):
        concerned = _focal_points_of([request.member_state_id])
    elif step.action in (Action.ACCEPTED, Action.DECLINED):
        concerned = _focal_points_of([step.offer.organization_id]) if step.offer_id else get_user_model().objects.none()
    else:
        routings = SupportRouting.objects.filter(request=request)
        if step.action == Action.ROUTED:
            routings = routings.filter(step=step)
        # The entities of every routed group are asked; the rule keeps those the request reached (not observers).
        through_groups = WorkingGroupMembership.objects.filter(
            working_group_id__in=routings.filter(working_group__isnull=False).values("working_group_id")
        ).values("organization_id")
        direct = routings.filter(organization__isnull=False).values("organization_id")
        concerned = get_user_model().objects.filter(
            Q(focal_point__organization_id__in=direct) | Q(focal_point__organization_id__in=through_groups),
            focal_point__is_active=True,
            focal_point__organization__kind=ENTITY,
        )
    return _who_may_open(request, concerned.distinct())


def notify_support_step(step_id: int) -> dict:
    """Mails the people a step of a support request concerns, once each, in their own language."""
    step = SupportStep.objects.filter(pk=step_id).select_related("request__member_state", "offer__organization").first()
    if step is None:
        return {"mailed": 0}
    people = (
        support_audience(step)
        .exclude(pk=step.actor_id)
        .exclude(notification_frequency=get_user_model().NotificationFrequency.NEVER)
        .distinct()
        .order_by("pk")
    )
    path = reverse("support:request", args=[step.request_id])
    deliveries = [
        _record(
            f"support:{step.pk}:u{person.pk}",
            Kind.SUPPORT,
            person,
            "support_step",
            {"step": step, "request": step.request, "url": absolute(path)},
        )
        for person in people
    ]
    sent = send_pending(deliveries)
    return {"recipients": len(deliveries), "mailed": sent.get(Status.SENT, 0)}


def announce_support_step(step_id: int) -> None:
    """Queues the mails of a step of a support request once the transaction that wrote it commits."""
    _queue_after_commit("notify_support_step", step_id)
