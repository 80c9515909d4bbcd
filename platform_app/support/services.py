"""Writes of the Member States' pages and of requests for tailored support, with the rules they carry.

Like services.py: each function is atomic, checks who may act (PermissionDenied), validates the whole
object (ValidationError with a message per field; StateConflict when the request or offer is no longer
in a state that allows the move) and writes. Every move of a request is written down as a SupportStep in
the same transaction, and its news is queued once that transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_app.core.revisions import StateConflict, check_revision, write_record
from platform_app.core.viewer import viewer_for
from platform_app.countries.services import state_of
from platform_app.cted.models import Recommendation
from platform_app.directory.models import Organization
from platform_app.projects.models import AppealProject, Project
from platform_app.structure.models import ThematicArea
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep
from platform_app.support.notifications import announce_support_step
from platform_app.support.policies import (
    may_change_request,
    may_close_request,
    may_decide_offer,
    may_make_offer,
    may_route_request,
    may_withdraw_offer,
    may_withdraw_request,
)

Status = SupportRequest.Status


Action = SupportStep.Action


# --- requests for tailored support --------------------------------------------------------------------


def _step(request: SupportRequest, user, action: str, *, offer: SupportOffer | None = None, note: str = ""):
    viewer = viewer_for(user)
    step = SupportStep.objects.create(
        request=request,
        offer=offer,
        action=action,
        status=request.status,
        actor=user,
        organization_id=viewer.organization_id,
        note=note,
    )
    announce_support_step(step.pk)
    return step


def _locked(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().get(pk=request.pk)


def _refuse_if_final(request: SupportRequest) -> None:
    if request.is_final:
        raise StateConflict(
            {
                "status": [
                    _("This request is %(status)s: it takes no more changes.")
                    % {"status": request.get_status_display().lower()}
                ]
            }
        )


def _check_recommendations(state: Organization, recommendations: list[Recommendation]) -> None:
    foreign = [r for r in recommendations if r.assessment.member_state_id != state.pk]
    if foreign:
        raise ValidationError({"recommendations": [_("A request may cite only the State's own CTED recommendations.")]})


@transaction.atomic
def request_file(
    *,
    user,
    title: str,
    needs: str,
    thematic_area: ThematicArea,
    pillar,
    urgency: str = SupportRequest.Urgency.ROUTINE,
    recommendations: Iterable[Recommendation] = (),
    working_groups: Iterable = (),
) -> SupportRequest:
    """A Member State's focal point files a request for its State."""
    state = state_of(user)
    recommendations = list(recommendations)
    _check_recommendations(state, recommendations)
    request = SupportRequest(
        member_state=state,
        title=title,
        needs=needs,
        thematic_area=thematic_area,
        pillar=pillar,
        urgency=urgency,
        filed_by=user,
    )
    write_record(request, relations={"recommendations": recommendations, "working_groups": list(working_groups)})
    _step(request, user, Action.FILED)
    return request


@transaction.atomic
def request_update(
    *,
    user,
    request: SupportRequest,
    expected_revision: int | None = None,
    recommendations: Iterable[Recommendation] | None = None,
    working_groups: Iterable | None = None,
    **fields,
) -> SupportRequest:
    """The State changes what it asks for, until the request is closed or withdrawn."""
    may_change_request(user, request).check()
    request = _locked(request)
    _refuse_if_final(request)
    check_revision(request, expected_revision)
    editable = {"title", "needs", "thematic_area", "pillar", "urgency"}
    unknown = set(fields) - editable
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    write_record(request, fields)
    if recommendations is not None:
        recommendations = list(recommendations)
        _check_recommendations(request.member_state, recommendations)
        request.recommendations.set(recommendations)
    if working_groups is not None:
        request.working_groups.set(list(working_groups))
    _step(request, user, Action.EDITED)
    return request


@transaction.atomic
def request_route(
    *, user, request: SupportRequest, working_groups: Iterable = (), organizations: Iterable[Organization] = (), note=""
) -> list[SupportRouting]:
    """The Secretariat sends the request to working groups and entities; those already sent to are skipped."""
    may_route_request(user, request).check()
    request = _locked(request)
    _refuse_if_final(request)
    working_groups, organizations = list(working_groups), list(organizations)
    if not working_groups and not organizations:
        raise ValidationError({"working_groups": [_("Choose at least one working group or entity.")]})
    if any(org.kind != Organization.Kind.ENTITY for org in organizations):
        raise ValidationError({"organizations": [_("Requests are routed to Compact entities only.")]})
    routed_groups = set(request.routings.filter(working_group__isnull=False).values_list("working_group_id", flat=True))
    routed_orgs = set(request.routings.filter(organization__isnull=False).values_list("organization_id", flat=True))
    added = [
        SupportRouting(request=request, working_group=group, routed_by=user)
        for group in working_groups
        if group.pk not in routed_groups
    ] + [
        SupportRouting(request=request, organization=org, routed_by=user)
        for org in organizations
        if org.pk not in routed_orgs
    ]
    if not added:
        raise StateConflict({"working_groups": [_("The request was already routed to all of these.")]})
    if request.status == Status.SUBMITTED:
        request.status = Status.ROUTED
        request.save(update_fields=["status", "updated_at"])
    names = ", ".join(str(r.working_group.short_name if r.working_group else r.organization) for r in added)
    step = _step(request, user, Action.ROUTED, note=(f"{names}. {note}" if note else names).strip())
    for routing in added:
        routing.step = step
        routing.save()
    return added


@transaction.atomic
def offer_make(
    *,
    user,
    request: SupportRequest,
    description: str,
    project: Project | None = None,
    appeal_project: AppealProject | None = None,
) -> SupportOffer:
    # Whoever the request did not reach learns nothing of it, not even whether it is still open.
    may_make_offer(user, request).check()
    request = _locked(request)
    _refuse_if_final(request)
    if appeal_project is not None and project is not None and appeal_project.project_id != project.pk:
        raise ValidationError({"appeal_project": [_("The appeal project must be the offered project's.")]})
    offer = SupportOffer(
        request=request,
        organization_id=viewer_for(user).organization_id,
        offered_by=user,
        description=description,
        project=project or (appeal_project.project if appeal_project else None),
        appeal_project=appeal_project,
    )
    write_record(offer)
    now = timezone.now()
    fields = ["updated_at"]
    if request.first_offer_at is None:
        request.first_offer_at = now
        fields.append("first_offer_at")
    if request.status in (Status.SUBMITTED, Status.ROUTED):
        request.status = Status.OFFERED
        fields.append("status")
    request.save(update_fields=fields)
    _step(request, user, Action.OFFERED, offer=offer)
    return offer


@transaction.atomic
def offer_decide(*, user, offer: SupportOffer, accept: bool, note: str = "") -> SupportOffer:
    """The requesting State accepts or declines an offer."""
    may_decide_offer(user, offer).check()
    request = _locked(offer.request)
    _refuse_if_final(request)
    offer = SupportOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != SupportOffer.Status.OFFERED:
        raise StateConflict(
            {"status": [_("This offer was already %(status)s.") % {"status": offer.get_status_display().lower()}]}
        )
    status = SupportOffer.Status.ACCEPTED if accept else SupportOffer.Status.DECLINED
    write_record(offer, {"status": status, "decided_by": user, "decided_at": timezone.now(), "decision_note": note})
    if accept and request.status != Status.ACCEPTED:
        request.status = Status.ACCEPTED
        request.save(update_fields=["status", "updated_at"])
    _step(request, user, Action.ACCEPTED if accept else Action.DECLINED, offer=offer, note=note)
    return offer


@transaction.atomic
def offer_withdraw(*, user, offer: SupportOffer, note: str = "") -> SupportOffer:
    may_withdraw_offer(user, offer).check()
    request = _locked(offer.request)
    _refuse_if_final(request)
    offer = SupportOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != SupportOffer.Status.OFFERED:
        raise StateConflict({"status": [_("Only an offer still awaiting the State's answer can be withdrawn.")]})
    offer.status = SupportOffer.Status.WITHDRAWN
    offer.decided_by = user
    offer.decided_at = timezone.now()
    offer.decision_note = note
    offer.save()
    _step(request, user, Action.OFFER_WITHDRAWN, offer=offer, note=note)
    return offer


@transaction.atomic
def request_close(*, user, request: SupportRequest, withdraw: bool = False, note: str = "") -> SupportRequest:
    """The State (or the Secretariat) closes a request once served, or the State withdraws it."""
    if withdraw:
        may_withdraw_request(user, request).check()
    may_close_request(user, request).check()
    request = _locked(request)
    _refuse_if_final(request)
    request.status = Status.WITHDRAWN if withdraw else Status.CLOSED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at", "updated_at"])
    _step(request, user, Action.WITHDRAWN if withdraw else Action.CLOSED, note=note)
    return request
