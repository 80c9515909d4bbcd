"""Who hears of each move of a request for tailored support: their notifications, and the mails they receive."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from platform_app.core.tasks import queue_after_commit
from platform_app.core.viewer import ENTITY
from platform_app.directory.notifications import _focal_points_of, _secretariat
from platform_app.mail.items import register_notice_kind
from platform_app.mail.models import Notification
from platform_app.mail.notifications import (
    Kind,
    Status,
    _record,
    _who_may_open,
    absolute,
    send_pending,
)
from platform_app.mail.services import carried_by, record_notices
from platform_app.structure.models import WorkingGroupMembership
from platform_app.support.models import SupportRequest, SupportRouting, SupportStep


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
    """Tells the people a step of a support request concerns, once each: in the notification centre all of
    them, by mail (in their own language) those who did not turn news mails off."""
    step = SupportStep.objects.filter(pk=step_id).select_related("request__member_state", "offer__organization").first()
    if step is None:
        return {"notified": 0, "mailed": 0}
    people = list(support_audience(step).exclude(pk=step.actor_id).distinct().order_by("pk"))
    path = reverse("support:request", args=[step.request_id])
    happening = {"kind": Notification.Kind.SUPPORT, "object_id": step.request_id, "occasion": f"step:{step.pk}"}
    record_notices(people, title=step.request.title, path=path, action=step.action, **happening)
    never = get_user_model().NotificationFrequency.NEVER
    deliveries = {
        person.pk: _record(
            f"support:{step.pk}:u{person.pk}",
            Kind.SUPPORT,
            person,
            "support_step",
            {"step": step, "request": step.request, "url": absolute(path)},
        )
        for person in people
        if person.email and person.notification_frequency != never
    }
    carried_by(deliveries, **happening)
    sent = send_pending(deliveries.values())
    return {"notified": len(people), "recipients": len(deliveries), "mailed": sent.get(Status.SENT, 0)}


# What the notification centre says of each move of a request.
HEADLINES = {
    SupportStep.Action.FILED: gettext_lazy("A request for tailored support was filed"),
    SupportStep.Action.EDITED: gettext_lazy("A request for tailored support was changed"),
    SupportStep.Action.ROUTED: gettext_lazy("A request for tailored support was routed to you"),
    SupportStep.Action.OFFERED: gettext_lazy("An offer of support was made on your request"),
    SupportStep.Action.OFFER_WITHDRAWN: gettext_lazy("An offer of support on your request was withdrawn"),
    SupportStep.Action.ACCEPTED: gettext_lazy("Your offer of support was accepted"),
    SupportStep.Action.DECLINED: gettext_lazy("Your offer of support was declined"),
    SupportStep.Action.CLOSED: gettext_lazy("A request for tailored support was closed"),
    SupportStep.Action.WITHDRAWN: gettext_lazy("A request for tailored support was withdrawn"),
}


def _headline(notice) -> str:
    return str(HEADLINES.get(notice.action, notice.get_kind_display()))


register_notice_kind(Notification.Kind.SUPPORT, SupportRequest, _headline)


def announce_support_step(step_id: int) -> None:
    """Queues the mails of a step of a support request once the transaction that wrote it commits."""
    queue_after_commit("platform_app.tasks.notify_support_step", step_id)
