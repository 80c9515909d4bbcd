"""Requests for tailored support: the list, filing and changing a request, and its page with the whole
thread, where the Secretariat routes it, entities offer and the State answers.

Everything starts from `SupportRequest.objects.visible_to(user)`: a request is confidential to the State,
the Secretariat and the entities it was routed to, and for anyone else it does not exist (404). Someone who
sees a request but may not make a given move gets a 403 that says who may.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from platform_app.core.audit import note_shown, record_read
from platform_app.core.filters import read_page
from platform_app.core.portal import page_or_fragment, paginate, platform_page, post_action, post_form, visible_or_404
from platform_app.core.viewer import viewer_for
from platform_app.countries.services import state_of
from platform_app.cted.models import Recommendation
from platform_app.directory.models import Organization
from platform_app.support.filters import SupportRequestFilterSet
from platform_app.support.forms import DecisionForm, NoteForm, OfferForm, RequestForm, RouteForm
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep
from platform_app.support.policies import (
    may_change_request,
    may_close_request,
    may_decide_offer,
    may_file_request,
    may_make_offer,
    may_route_request,
    may_withdraw_offer,
    may_withdraw_request,
    offer_may_decide,
    offer_may_make,
    request_may_close,
    request_may_edit,
    request_may_route,
    request_may_withdraw,
)
from platform_app.support.selectors import listed
from platform_app.support.services import (
    offer_decide,
    offer_make,
    offer_withdraw,
    request_close,
    request_file,
    request_route,
    request_update,
)

PER_PAGE = 25


NEWEST = ("-created_at", "-id")


@platform_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    found = read_page(SupportRequestFilterSet, request, SupportRequest.objects.visible_to(user), NEWEST)
    page = paginate(request, found.rows.select_related("member_state", "thematic_area"), PER_PAGE)
    page.object_list = listed(page.object_list)
    context = {
        "form": found.form,
        "page": page,
        "may_file": bool(may_file_request(user)),
        "filtered": found.filtered,
    }
    return page_or_fragment(request, "platform_app/support/index.html", "platform_app/support/_requests.html", context)


def _state_or_403(user) -> Organization:
    may_file_request(user).check()
    return state_of(user)


def _form_values(data: dict) -> dict:
    names = ("title", "needs", "thematic_area", "pillar", "urgency", "recommendations", "working_groups")
    return {name: data[name] for name in names}


def _form_page(
    request: HttpRequest, form: RequestForm, state: Organization, item: SupportRequest | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "state": state, "support_request": item}
    return render(request, "platform_app/support/form.html", context, status=status)


@platform_page
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    state = _state_or_403(request.user)
    form = RequestForm(request.POST or None, state=state)
    if request.method != "POST":
        return _form_page(request, form, state, None)
    return post_form(
        request,
        form,
        lambda data: request_file(user=request.user, **_form_values(data)),
        success=_("Your request is filed. The Secretariat will route it to those who can help."),
        then=lambda filed: reverse("support:request", args=[filed.pk]),
        invalid=lambda form: _form_page(request, form, state, None),
    )


def _request(request: HttpRequest, pk: int) -> SupportRequest:
    queryset = SupportRequest.objects.select_related("member_state", "thematic_area", "pillar", "filed_by")
    return visible_or_404(queryset, request.user, pk=pk)


def _detail(request: HttpRequest, item: SupportRequest, forms: dict | None = None, status: int = 200):
    user = request.user
    viewer = viewer_for(user)
    forms = forms or {}
    offers = list(
        SupportOffer.objects.visible_to(user)
        .filter(request=item)
        .select_related("organization", "project", "appeal_project__appeal", "offered_by", "decided_by")
        .order_by("created_at", "id")
    )
    for offer in offers:
        offer.may_decide = offer_may_decide(user, offer)
        offer.may_withdraw = offer.status == "offered" and offer.organization_id == viewer.organization_id
    steps = (
        SupportStep.objects.visible_to(user)
        .filter(request=item)
        .select_related("actor", "organization", "offer__organization")
        .order_by("at", "id")
    )
    routings = (
        SupportRouting.objects.visible_to(user)
        .filter(request=item)
        .select_related("working_group", "organization")
        .order_by("routed_at", "id")
    )
    may_offer = offer_may_make(user, item)
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(support_requests=item)
        .select_related("assessment")
        .order_by("assessment_id", "number")
    )
    note_shown(request, recommendations)
    context = {
        "support_request": item,
        "recommendations": recommendations,
        "working_groups": item.working_groups.order_by("number"),
        "routings": routings,
        "offers": offers,
        "steps": steps,
        "may_edit": request_may_edit(user, item),
        "may_close": request_may_close(user, item),
        "may_withdraw": request_may_withdraw(user, item),
        "route_form": forms.get("route") or (RouteForm() if request_may_route(user, item) else None),
        "offer_form": forms.get("offer") or (OfferForm(organization_id=viewer.organization_id) if may_offer else None),
        "close_form": forms.get("close") or NoteForm(),
    }
    return render(request, "platform_app/support/detail.html", context, status=status)


@platform_page
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request(request, pk)
    record_read(request, found)
    return _detail(request, found)


@platform_page
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _request(request, pk)
    may_change_request(request.user, item).check()
    if item.is_final:
        messages.error(request, _("This request is closed: it takes no more changes."))
        return redirect("support:request", pk=item.pk)
    state = item.member_state
    if request.method == "GET":
        return _form_page(request, RequestForm.for_request(item), state, item)
    return post_form(
        request,
        RequestForm(request.POST, state=state),
        lambda data: request_update(
            user=request.user, request=item, expected_revision=data["revision"], **_form_values(data)
        ),
        success=_("The request is changed."),
        then=reverse("support:request", args=[item.pk]),
        invalid=lambda form: _form_page(request, form, state, item),
        conflict=lambda form: _form_page(request, form, state, item, status=409),
    )


@platform_page
def route(request: HttpRequest, pk: int) -> HttpResponse:
    item = _request(request, pk)
    may_route_request(request.user, item).check()
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return post_form(
        request,
        RouteForm(request.POST),
        lambda data: request_route(
            user=request.user,
            request=item,
            working_groups=data["working_groups"],
            organizations=data["organizations"],
            note=data["note"],
        ),
        success=_("The request is routed; those it reaches are told."),
        then=reverse("support:request", args=[item.pk]),
        invalid=lambda form: _detail(request, item, {"route": form}, status=400),
    )


@platform_page
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    item = _request(request, pk)
    may_make_offer(request.user, item).check()
    viewer = viewer_for(request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return post_form(
        request,
        OfferForm(request.POST, organization_id=viewer.organization_id),
        lambda data: offer_make(
            user=request.user,
            request=item,
            description=data["description"],
            project=data["project"],
            appeal_project=data["appeal_project"],
        ),
        success=_("Your offer is sent to the State."),
        then=reverse("support:request", args=[item.pk]),
        invalid=lambda form: _detail(request, item, {"offer": form}, status=400),
    )


def _offer(request: HttpRequest, pk: int) -> SupportOffer:
    queryset = SupportOffer.objects.select_related("request__member_state", "organization")
    return visible_or_404(queryset, request.user, pk=pk)


@platform_page
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = _offer(request, pk)
    may_decide_offer(request.user, found).check()
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or decline the offer."))
        return redirect("support:request", pk=found.request_id)
    accept = form.cleaned_data["decision"] == "accept"
    return post_action(
        request,
        lambda: offer_decide(user=request.user, offer=found, accept=accept, note=form.cleaned_data["note"]),
        success=_("The offer is accepted.") if accept else _("The offer is declined."),
        then=reverse("support:request", args=[found.request_id]),
    )


@platform_page
def withdraw_offer(request: HttpRequest, pk: int) -> HttpResponse:
    found = _offer(request, pk)
    may_withdraw_offer(request.user, found).check()
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = NoteForm(request.POST)
    form.is_valid()
    return post_action(
        request,
        lambda: offer_withdraw(user=request.user, offer=found, note=form.cleaned_data.get("note", "")),
        success=_("Your offer is withdrawn."),
        then=reverse("support:request", args=[found.request_id]),
    )


@platform_page
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closes the request (the State or the Secretariat), or withdraws it (the State: `withdraw=1`)."""
    item = _request(request, pk)
    withdraw = request.POST.get("withdraw") == "1"
    if withdraw:
        may_withdraw_request(request.user, item).check()
    may_close_request(request.user, item).check()
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, item, {"close": form}, status=400)
    return post_action(
        request,
        lambda: request_close(user=request.user, request=item, withdraw=withdraw, note=form.cleaned_data["note"]),
        success=_("The request is withdrawn.") if withdraw else _("The request is closed."),
        then=reverse("support:request", args=[item.pk]),
    )
