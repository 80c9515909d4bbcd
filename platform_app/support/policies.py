"""Who may do what to a request for tailored support and to the offers made for it.

Each function answers for the person alone; whether the request is still open is the services' to say
(StateConflict). The `*_offered` predicates say what a page offers to do: allowed, and still open.
"""

from __future__ import annotations

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
