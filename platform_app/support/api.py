"""Requests for tailored support in the API: the viewsets (representations and inputs: support.serializers).

Like views.py: each viewset reads through `visible_to(user)`, so an object the caller may not see is a 404
for its detail and its actions alike; a caller who sees it but may not act gets a 403 before what was sent
is read; writes validate with an input serializer and go through `platform_app.support`.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser

from platform_app.core.api.base import VisibleViewSet
from platform_app.core.api.inputs import (
    CHANGE_DESCRIPTION,
)
from platform_app.core.api.schema import STATE_CONFLICT, ConflictSerializer
from platform_app.countries.services import state_of
from platform_app.cted.api import visible_recommendations
from platform_app.support.filters import SupportOfferFilterSet, SupportRequestFilterSet
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep
from platform_app.support.policies import (
    may_change_request,
    may_close_request,
    may_decide_offer,
    may_offer_support,
    may_route_request,
    may_withdraw_offer,
    may_withdraw_request,
)
from platform_app.support.serializers import (
    NoteInput,
    RouteInput,
    SupportOfferInput,
    SupportOfferSerializer,
    SupportRequestChangeInput,
    SupportRequestInput,
    SupportRequestSerializer,
)
from platform_app.support.services import (
    offer_decide,
    offer_make,
    offer_withdraw,
    request_close,
    request_file,
    request_route,
    request_update,
)


@extend_schema_view(
    list=extend_schema(summary="Requests for tailored support you may see"),
    retrieve=extend_schema(summary="A request for tailored support, with its thread"),
)
class SupportRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """A Member State's requests for tailored support: seen by the State, the Secretariat and the entities
    a request was routed to (directly, or as entity members of a working group it was routed to)."""

    queryset = SupportRequest.objects.select_related("member_state", "thematic_area", "pillar").prefetch_related(
        "working_groups",
        Prefetch("routings", SupportRouting.objects.select_related("working_group", "organization")),
        Prefetch("offers", SupportOffer.objects.only("id", "request_id")),
        Prefetch("steps", SupportStep.objects.select_related("actor", "organization")),
    )
    serializer_class = SupportRequestSerializer
    filterset_class = SupportRequestFilterSet
    ordering_fields = {"filed_at": "created_at", "title": "title"}
    ordering = ["-created_at"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def base_queryset(self):
        return self.queryset.prefetch_related(visible_recommendations("recommendations", self.request.user))

    @extend_schema(
        summary="A Member State's focal point files a request for its State",
        description=(
            "The request goes to the Secretariat, who routes it to working groups and entities. It may cite "
            "the State's own CTED recommendations it answers."
        ),
        request=SupportRequestInput,
        responses={201: SupportRequestSerializer},
        examples=[
            OpenApiExample(
                "Support for border screening",
                value={
                    "title": "Passenger screening at land border posts",
                    "needs": "Training for 40 border officers and advice on watchlist screening, by June 2026.",
                    "thematic_area": "border-management",
                    "pillar": 2,
                    "urgency": "priority",
                    "recommendations": [41],
                    "working_groups": ["BMLE"],
                },
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        state_of(request.user)
        request_ = request_file(user=request.user, **self.read_input(SupportRequestInput))
        return self.answer(request_, status.HTTP_201_CREATED)

    @extend_schema(
        summary="The requesting State changes its request until it is closed or withdrawn",
        description=CHANGE_DESCRIPTION,
        request=SupportRequestChangeInput,
        examples=[
            OpenApiExample("Now urgent, from revision 3", value={"urgency": "urgent", "revision": 3}, request_only=True)
        ],
        responses={
            200: SupportRequestSerializer,
            409: OpenApiResponse(
                ConflictSerializer,
                description="The request changed since the revision you sent (`revision` is the current one), "
                "or it is closed or withdrawn.",
            ),
        },
    )
    def partial_update(self, request, *args, **kwargs):
        request_ = self.get_object()
        may_change_request(request.user, request_).check()
        fields, expected = self.read_change(SupportRequestChangeInput)
        if fields:
            request_ = request_update(user=request.user, request=request_, expected_revision=expected, **fields)
        return self.answer(request_)

    @extend_schema(
        summary="The Secretariat routes the request to working groups and entities",
        description=(
            "Sends the request to the working groups named (their entity members see it) and to the entities "
            "named; those it was already sent to are skipped. The step is added to the request's thread."
        ),
        request=RouteInput,
        responses={200: SupportRequestSerializer, 409: STATE_CONFLICT},
        examples=[
            OpenApiExample(
                "To a working group and an entity",
                value={"working_groups": ["BMLE"], "organizations": [33], "note": "UNODC runs a border programme."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def route(self, request, pk=None):
        request_ = self.get_object()
        may_route_request(request.user, request_).check()
        request_route(user=request.user, request=request_, **self.read_input(RouteInput))
        return self.answer(request_)

    @extend_schema(
        summary="The requesting State or the Secretariat closes the request",
        description="A closed request takes no more changes, routes or offers.",
        request=NoteInput,
        responses={200: SupportRequestSerializer, 409: STATE_CONFLICT},
        examples=[OpenApiExample("Served", value={"note": "The training took place in May."}, request_only=True)],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        request_ = self.get_object()
        may_close_request(request.user, request_).check()
        request_close(user=request.user, request=request_, note=self.read_input(NoteInput)["note"])
        return self.answer(request_)

    @extend_schema(
        summary="The requesting State withdraws its request",
        description="A withdrawn request takes no more changes, routes or offers.",
        request=NoteInput,
        responses={200: SupportRequestSerializer, 409: STATE_CONFLICT},
        examples=[OpenApiExample("No longer needed", value={"note": "Funded bilaterally."}, request_only=True)],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request, pk=None):
        request_ = self.get_object()
        may_withdraw_request(request.user, request_).check()
        request_close(user=request.user, request=request_, withdraw=True, note=self.read_input(NoteInput)["note"])
        return self.answer(request_)


@extend_schema_view(
    list=extend_schema(summary="Offers of support you may see"),
    retrieve=extend_schema(summary="An offer of support"),
)
class SupportOfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """Offers entities make in answer to requests routed to them; seen by whoever sees the request."""

    queryset = SupportOffer.objects.select_related("organization")
    serializer_class = SupportOfferSerializer
    filterset_class = SupportOfferFilterSet
    searchable = False
    ordering_fields = {"created_at": "created_at"}
    ordering = ["-created_at"]
    parser_classes = [JSONParser]

    def _decide(self, request, accept: bool):
        offer = self.get_object()
        may_decide_offer(request.user, offer).check()
        offer_decide(user=request.user, offer=offer, accept=accept, note=self.read_input(NoteInput)["note"])
        return self.answer(offer)

    @extend_schema(
        summary="A focal point of an entity the request was routed to makes an offer",
        description=(
            "On behalf of your entity, possibly through one of its projects of the Matrix or of the Multi-Year "
            "Appeal. The requesting State accepts or declines it."
        ),
        request=SupportOfferInput,
        responses={201: SupportOfferSerializer, 409: STATE_CONFLICT},
        examples=[
            OpenApiExample(
                "Training through a project",
                value={
                    "request": 9,
                    "description": "A five-day course for 40 officers in Nairobi in April, with follow-up mentoring.",
                    "project": 21,
                },
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        may_offer_support(request.user).check()
        offer = offer_make(user=request.user, **self.read_input(SupportOfferInput))
        return self.answer(offer, status.HTTP_201_CREATED)

    @extend_schema(
        summary="The requesting State accepts the offer",
        description="The request's status becomes accepted; other offers stay open until answered or withdrawn.",
        request=NoteInput,
        responses={200: SupportOfferSerializer, 409: STATE_CONFLICT},
        examples=[OpenApiExample("Accepted", value={"note": "Thank you; April suits us."}, request_only=True)],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        return self._decide(request, accept=True)

    @extend_schema(
        summary="The requesting State declines the offer",
        description="The offer is answered; the request stays open for others.",
        request=NoteInput,
        responses={200: SupportOfferSerializer, 409: STATE_CONFLICT},
        examples=[OpenApiExample("Declined", value={"note": "Another offer covers this."}, request_only=True)],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decline(self, request, pk=None):
        return self._decide(request, accept=False)

    @extend_schema(
        summary="The entity that made the offer withdraws it",
        description="Only while the State has not yet answered it.",
        request=NoteInput,
        responses={200: SupportOfferSerializer, 409: STATE_CONFLICT},
        examples=[
            OpenApiExample("Withdrawn", value={"note": "The trainers are no longer available."}, request_only=True)
        ],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request, pk=None):
        offer = self.get_object()
        may_withdraw_offer(request.user, offer).check()
        offer_withdraw(user=request.user, offer=offer, note=self.read_input(NoteInput)["note"])
        return self.answer(offer)
