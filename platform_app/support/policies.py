"""Who may do what to a request for tailored support and to the offers made for it.

Each function answers for the person alone; whether the request is still open is the services' to say
(StateConflict). The `*_offered` predicates say what a page offers to do: allowed, and still open.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from platform_app.core.policies import Decision, allow_if
from platform_app.core.viewer import ENTITY, MEMBER_STATE, viewer_for
from platform_app.countries.policies import speaks_for
from platform_app.support.models import SupportOffer, SupportRequest


def may_file_request(user) -> Decision:
    return allow_if(
        viewer_for(user).organization_kind == MEMBER_STATE,
        _("Requests for tailored support are filed by focal points of Member States."),
    )


def may_change_request(user, request: SupportRequest) -> Decision:
    return allow_if(speaks_for(user, request.member_state_id), _("Only the requesting State changes its request."))


def may_route_request(user, request: SupportRequest) -> Decision:
    return allow_if(viewer_for(user).is_secretariat, _("Only the Secretariat routes requests."))


def may_offer_support(user) -> Decision:
    """Only entities make offers (asked before the request an offer names is read)."""
    return allow_if(
        viewer_for(user).organization_kind == ENTITY, _("Only entities the request was routed to make offers.")
    )


def may_make_offer(user, request: SupportRequest) -> Decision:
    """Entities the request reached: routed to them, or to a working group they are members of."""
    entity = may_offer_support(user)
    if not entity:
        return entity
    reached = SupportRequest.objects.visible_to(user).filter(pk=request.pk).exists()
    return allow_if(reached, _("Only entities the request was routed to make offers."))


def may_decide_offer(user, offer: SupportOffer) -> Decision:
    return allow_if(
        speaks_for(user, offer.request.member_state_id), _("Only the requesting State accepts or declines offers.")
    )


def may_withdraw_offer(user, offer: SupportOffer) -> Decision:
    return allow_if(
        viewer_for(user).organization_id == offer.organization_id,
        _("Only the entity that made an offer withdraws it."),
    )


def may_close_request(user, request: SupportRequest) -> Decision:
    viewer = viewer_for(user)
    return allow_if(
        viewer.is_secretariat or viewer.speaks_for_state(request.member_state_id),
        _("Only the requesting State and the Secretariat close a request."),
    )


def may_withdraw_request(user, request: SupportRequest) -> Decision:
    return allow_if(speaks_for(user, request.member_state_id), _("Only the requesting State withdraws its request."))


# --- what a page offers to do -------------------------------------------------------------------------


def request_may_edit(user, request: SupportRequest) -> bool:
    return bool(may_change_request(user, request)) and not request.is_final


def request_may_route(user, request: SupportRequest) -> bool:
    return bool(may_route_request(user, request)) and not request.is_final


def request_may_close(user, request: SupportRequest) -> bool:
    return bool(may_close_request(user, request)) and not request.is_final


def request_may_withdraw(user, request: SupportRequest) -> bool:
    return bool(may_withdraw_request(user, request)) and not request.is_final


def offer_may_make(user, request: SupportRequest) -> bool:
    """Entities the request reached make offers while it is open."""
    return not request.is_final and bool(may_make_offer(user, request))


def offer_may_decide(user, offer: SupportOffer) -> bool:
    return (
        bool(may_decide_offer(user, offer))
        and offer.status == SupportOffer.Status.OFFERED
        and not offer.request.is_final
    )


# --- the same rules over every record at once (the home page's queue) -----------------------------------
# Each answers in one query what the predicate above it answers for one record; None when the person may
# take that step on no record at all. tests/portal/test_home.py holds each equal to its predicate.


def requests_to_route(user) -> QuerySet[SupportRequest] | None:
    """Filed requests nobody has routed yet that `user` may route (`request_may_route`). Whether a person
    may route asks who they are, not which request, so one answer stands for every request."""
    if not may_route_request(user, SupportRequest()):
        return None
    return SupportRequest.objects.visible_to(user).filter(status=SupportRequest.Status.SUBMITTED)


def requests_to_offer(user) -> QuerySet[SupportRequest] | None:
    """Open requests `user` may make an offer for (`offer_may_make`: those that reached their entity, directly
    or through a working group) for which their entity has made no offer yet."""
    if not may_offer_support(user):
        return None
    return (
        SupportRequest.objects.visible_to(user)
        .exclude(status__in=SupportRequest.FINAL_STATUSES)
        .exclude(pk__in=SupportOffer.objects.filter(organization_id=viewer_for(user).organization_id).values("request"))
    )


def offers_to_decide(user) -> QuerySet[SupportOffer] | None:
    """Offers `user` may accept or decline now (`offer_may_decide`): those made for their State's open
    requests and not yet answered. A person speaks for one State at most, their organization."""
    state_id = viewer_for(user).organization_id
    if state_id is None or not speaks_for(user, state_id):
        return None
    return (
        SupportOffer.objects.visible_to(user)
        .filter(status=SupportOffer.Status.OFFERED, request__member_state_id=state_id)
        .exclude(request__status__in=SupportRequest.FINAL_STATUSES)
    )
