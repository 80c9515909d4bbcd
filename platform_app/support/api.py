"""The Member States' pages and requests for tailored support: representations, inputs and viewsets.

Like views.py: each viewset reads through `visible_to(user)`, so an object the caller may not see is a 404
for its detail and its actions alike; a caller who sees it but may not act gets a 403 before what was sent
is read; writes validate with an input serializer and go through `platform_app.support`.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from platform_app.core.api.base import VisibleViewSet, expected_revision
from platform_app.core.api.inputs import (
    CHANGE_DESCRIPTION,
    MAX_TEXT,
    SlugRelatedField,
    StrictInputSerializer,
    _revision,
)
from platform_app.core.api.schema import STATE_CONFLICT, ConflictSerializer
from platform_app.core.api.serializers import described
from platform_app.core.viewer import ENTITY, viewer_for
from platform_app.countries.api import CountryRefSerializer, _thematic_area
from platform_app.countries.services import state_of
from platform_app.cted.models import Recommendation
from platform_app.directory.api import OrganizationRefSerializer
from platform_app.directory.models import Organization
from platform_app.projects.models import AppealProject, Project
from platform_app.structure.api import PillarField
from platform_app.structure.models import Pillar, WorkingGroup
from platform_app.support.filters import SupportOfferFilterSet, SupportRequestFilterSet
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep
from platform_app.support.services import (
    offer_decide,
    offer_make,
    offer_withdraw,
    request_close,
    request_file,
    request_route,
    request_update,
)


def _request_status(**kwargs):
    return serializers.ChoiceField(choices=SupportRequest.Status.choices, **kwargs)


class RoutingSerializer(serializers.ModelSerializer):
    working_group = serializers.SlugRelatedField(
        slug_field="short_name", read_only=True, allow_null=True, help_text="Short name; null for an entity."
    )
    organization = OrganizationRefSerializer(allow_null=True, read_only=True, help_text="Null for a working group.")

    class Meta:
        model = SupportRouting
        extra_kwargs = described(routed_at="When the Secretariat routed it there.")
        fields = ["working_group", "organization", "routed_at"]


class StepSerializer(serializers.ModelSerializer):
    status = _request_status(read_only=True, help_text="The request's status after this step.")
    actor = serializers.SerializerMethodField(help_text="Who acted.")
    organization = serializers.SerializerMethodField(help_text="The acronym of the actor's organization.")

    class Meta:
        model = SupportStep
        extra_kwargs = described(
            action="What happened.", at="When it happened.", note="What the actor wrote with it; blank if nothing."
        )
        fields = ["action", "status", "at", "actor", "organization", "note"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, obj: SupportStep):
        if obj.actor is None:
            return None
        return obj.actor.get_full_name() or obj.actor.get_username()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_organization(self, obj: SupportStep):
        if obj.organization is None:
            return None
        return obj.organization.acronym or obj.organization.name


class SupportRequestSerializer(serializers.ModelSerializer):
    country = CountryRefSerializer(source="member_state", help_text="The requesting Member State.")
    thematic_area = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The thematic area's slug."
    )
    pillar = serializers.SlugRelatedField(slug_field="number", read_only=True, help_text="The pillar's number, 1-4.")
    status = _request_status(read_only=True, help_text="Where the request stands.")
    recommendations = serializers.SerializerMethodField(
        help_text="The State's CTED recommendations it cites, among those the caller may see."
    )
    working_groups = serializers.SlugRelatedField(
        slug_field="short_name", many=True, read_only=True, help_text="Short names of the groups it concerns."
    )
    filed_at = serializers.DateTimeField(source="created_at", read_only=True, help_text="When the State filed it.")
    routings = RoutingSerializer(many=True, read_only=True, help_text="Where the Secretariat routed it, oldest first.")
    offers = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Ids of the offers made.")
    steps = StepSerializer(many=True, read_only=True, help_text="The request's thread, oldest first.")

    class Meta:
        model = SupportRequest
        extra_kwargs = described(
            title="The request's title.",
            urgency="How urgent the State says it is.",
            first_offer_at="When the first offer was made; null before.",
            closed_at="When it was closed or withdrawn; null while it is open.",
        )
        fields = [
            "id",
            "country",
            "title",
            "needs",
            "thematic_area",
            "pillar",
            "urgency",
            "status",
            "recommendations",
            "working_groups",
            "filed_at",
            "first_offer_at",
            "closed_at",
            "revision",
            "routings",
            "offers",
            "steps",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_recommendations(self, obj: SupportRequest) -> list[int]:
        # Prefetched through `visible_to(user)`: a recommendation the caller may not see never shows.
        return [rec.pk for rec in obj.visible_recommendations]


class SupportOfferSerializer(serializers.ModelSerializer):
    request = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The id of the request it answers.")
    organization = OrganizationRefSerializer(read_only=True, help_text="The entity making the offer.")
    project = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The id of the project of the Matrix it goes through; null if none."
    )
    appeal_project = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The id of the project of the Multi-Year Appeal it goes through; null if none.",
    )

    class Meta:
        model = SupportOffer
        extra_kwargs = described(
            status="Where the offer stands.",
            created_at="When the offer was made.",
            decided_at="When the State answered it or the entity withdrew it; null before.",
            decision_note="What was written with the answer or the withdrawal; blank if nothing.",
        )
        fields = [
            "id",
            "request",
            "organization",
            "description",
            "project",
            "appeal_project",
            "status",
            "created_at",
            "decided_at",
            "decision_note",
            "updated_at",
        ]


def _note(help_text: str):
    return serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="", help_text=help_text)


class SupportRequestInput(StrictInputSerializer):
    title = serializers.CharField(max_length=255, help_text="A short title.")
    needs = serializers.CharField(max_length=MAX_TEXT, help_text="What support is needed, for what, and by when.")
    thematic_area = _thematic_area()
    pillar = PillarField(slug_field="number", queryset=Pillar.objects.all(), help_text="1-4.")
    urgency = serializers.ChoiceField(
        choices=SupportRequest.Urgency.choices,
        default=SupportRequest.Urgency.ROUTINE,
        help_text="How urgent it is.",
    )
    recommendations = serializers.PrimaryKeyRelatedField(
        queryset=Recommendation.objects.none(),
        many=True,
        required=False,
        help_text="Ids of the State's own CTED recommendations the request answers.",
    )
    working_groups = SlugRelatedField(
        slug_field="short_name",
        queryset=WorkingGroup.objects.all(),
        many=True,
        required=False,
        help_text="Short names of the working groups it concerns.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A recommendation the caller may not see is "does not exist", exactly like one that does not.
        request = self.context.get("request")
        if request is not None:
            self.fields["recommendations"].child_relation.queryset = Recommendation.objects.visible_to(request.user)


class SupportRequestChangeInput(SupportRequestInput):
    revision = _revision()


class RouteInput(StrictInputSerializer):
    working_groups = SlugRelatedField(
        slug_field="short_name",
        queryset=WorkingGroup.objects.all(),
        many=True,
        required=False,
        help_text="Short names of the working groups to route to.",
    )
    organizations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False, help_text="Ids of Compact entities."
    )
    note = _note("Added to the request's thread.")


class NoteInput(StrictInputSerializer):
    note = _note("Added to the request's thread.")


class SupportOfferInput(StrictInputSerializer):
    request = serializers.PrimaryKeyRelatedField(
        queryset=SupportRequest.objects.none(), help_text="The id of a request routed to your entity."
    )
    description = serializers.CharField(max_length=MAX_TEXT, help_text="What your entity can provide, how and when.")
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.all(), required=False, allow_null=True, help_text="A project of the Matrix."
    )
    appeal_project = serializers.PrimaryKeyRelatedField(
        queryset=AppealProject.objects.all(),
        required=False,
        allow_null=True,
        help_text="A project of the Multi-Year Appeal (of the same project, if both are given).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A request the caller may not see is "does not exist", exactly like one that does not.
        request = self.context.get("request")
        if request is not None:
            self.fields["request"].queryset = SupportRequest.objects.visible_to(request.user)


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
        visible = Recommendation.objects.visible_to(self.request.user).only("id", "assessment_id", "number")
        return self.queryset.prefetch_related(Prefetch("recommendations", visible, to_attr="visible_recommendations"))

    def _answer(self, request_, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.base_queryset().get(pk=request_.pk)).data, status=code)

    def _require_state(self, request_: SupportRequest) -> None:
        if not viewer_for(self.request.user).speaks_for_state(request_.member_state_id):
            raise PermissionDenied(_("Only the requesting State does this."))

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
        data = SupportRequestInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        return self._answer(request_file(user=request.user, **data.validated_data), status.HTTP_201_CREATED)

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
        self._require_state(request_)
        data = SupportRequestChangeInput(data=request.data, partial=True, context=self.write_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        expected = expected_revision(request, fields.pop("revision", None))
        if fields:
            request_ = request_update(user=request.user, request=request_, expected_revision=expected, **fields)
        return self._answer(request_)

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
        if not viewer_for(request.user).is_secretariat:
            raise PermissionDenied(_("Only the Secretariat routes requests."))
        data = RouteInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        request_route(user=request.user, request=request_, **data.validated_data)
        return self._answer(request_)

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
        viewer = viewer_for(request.user)
        if not (viewer.is_secretariat or viewer.speaks_for_state(request_.member_state_id)):
            raise PermissionDenied(_("Only the requesting State and the Secretariat close a request."))
        data = NoteInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        request_close(user=request.user, request=request_, note=data.validated_data["note"])
        return self._answer(request_)

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
        self._require_state(request_)
        data = NoteInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        request_close(user=request.user, request=request_, withdraw=True, note=data.validated_data["note"])
        return self._answer(request_)


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

    def _answer(self, offer, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.base_queryset().get(pk=offer.pk)).data, status=code)

    def _decide(self, request, accept: bool):
        offer = self.get_object()
        if not viewer_for(request.user).speaks_for_state(offer.request.member_state_id):
            raise PermissionDenied(_("Only the requesting State accepts or declines offers."))
        data = NoteInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        offer_decide(user=request.user, offer=offer, accept=accept, note=data.validated_data["note"])
        return self._answer(offer)

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
        if viewer_for(request.user).organization_kind != ENTITY:
            raise PermissionDenied(_("Only entities the request was routed to make offers."))
        data = SupportOfferInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        return self._answer(offer_make(user=request.user, **data.validated_data), status.HTTP_201_CREATED)

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
        if viewer_for(request.user).organization_id != offer.organization_id:
            raise PermissionDenied(_("Only the entity that made an offer withdraws it."))
        data = NoteInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        offer_withdraw(user=request.user, offer=offer, note=data.validated_data["note"])
        return self._answer(offer)
