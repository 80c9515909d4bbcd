"""The Member States' pages and requests for tailored support: representations, inputs and viewsets.

Like views.py: each viewset reads through `visible_to(user)`, so an object the caller may not see is a 404
for its detail and its actions alike; a caller who sees it but may not act gets a 403 before what was sent
is read; writes validate with an input serializer and go through `platform_app.support`.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from platform_app import filtersets, support
from platform_app.filtersets import SLUG
from platform_app.models import (
    AppealProject,
    CountryEntry,
    CountryPage,
    EntryAttachment,
    Organization,
    Project,
    Recommendation,
    SupportOffer,
    SupportRequest,
    SupportRouting,
    SupportStep,
    ThematicArea,
)
from platform_app.visibility import ENTITY, viewer_for
from workinggroups.models import Pillar, WorkingGroup

from .base import VisibleViewSet
from .inputs import MAX_TEXT, PillarField, SlugRelatedField, StrictInputSerializer
from .schema import ConflictSerializer
from .serializers import OrganizationRefSerializer
from .views import expected_revision

MAX_REVISION = 2_147_483_647
CHANGE_DESCRIPTION = (
    'Only the fields sent change. Send the `revision` you read (or `If-Match: "N"`) and a change made by '
    "someone else meanwhile is not overwritten: the answer is 409 with the current revision."
)


# --- representations ----------------------------------------------------------------------------------


def _entry_kind(**kwargs):
    return serializers.ChoiceField(choices=CountryEntry.Kind.choices, **kwargs)


def _request_status(**kwargs):
    return serializers.ChoiceField(choices=SupportRequest.Status.choices, **kwargs)


class CountryRefSerializer(serializers.ModelSerializer):
    """A Member State named inside another object."""

    class Meta:
        model = Organization
        fields = ["id", "name", "iso_alpha3"]


class CountryPageSerializer(serializers.ModelSerializer):
    country = CountryRefSerializer(source="member_state")

    class Meta:
        model = CountryPage
        fields = ["id", "country", "overview", "updated_at"]


class AttachmentSerializer(serializers.ModelSerializer):
    filename = serializers.CharField(source="original_filename")

    class Meta:
        model = EntryAttachment
        fields = ["id", "filename", "size", "content_type"]


class CountryEntrySerializer(serializers.ModelSerializer):
    """An entry of a State's page. Who may read it and whether the Secretariat hid it are shown to the
    State's own focal points and the Secretariat only (null for others)."""

    country = CountryRefSerializer(source="page.member_state")
    kind = _entry_kind(read_only=True)
    pillar = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    thematic_area = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    allowed_organizations = serializers.SerializerMethodField(
        help_text="For the named-organizations audience: their ids. Null unless you write or moderate the page."
    )
    is_hidden = serializers.SerializerMethodField(help_text="Hidden by the Secretariat from all but the State.")
    moderation_reason = serializers.SerializerMethodField(help_text="Why the Secretariat hid or restored it.")

    class Meta:
        model = CountryEntry
        fields = [
            "id",
            "country",
            "kind",
            "title",
            "text",
            "dated_on",
            "pillar",
            "thematic_area",
            "audience",
            "allowed_organizations",
            "attachments",
            "is_hidden",
            "moderation_reason",
            "revision",
        ]

    def _sees_moderation(self, entry: CountryEntry) -> bool:
        viewer = viewer_for(self.context["request"].user)
        return viewer.is_secretariat or viewer.speaks_for_state(entry.page.member_state_id)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    def get_allowed_organizations(self, obj: CountryEntry):
        if not self._sees_moderation(obj):
            return None
        return sorted(org.pk for org in obj.allowed_organizations.all())

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_is_hidden(self, obj: CountryEntry):
        return obj.is_hidden if self._sees_moderation(obj) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_moderation_reason(self, obj: CountryEntry):
        return obj.moderation_reason if self._sees_moderation(obj) else None


class RoutingSerializer(serializers.ModelSerializer):
    working_group = serializers.SlugRelatedField(
        slug_field="short_name", read_only=True, allow_null=True, help_text="Short name; null for an entity."
    )
    organization = OrganizationRefSerializer(allow_null=True, read_only=True, help_text="Null for a working group.")

    class Meta:
        model = SupportRouting
        fields = ["working_group", "organization", "routed_at"]


class StepSerializer(serializers.ModelSerializer):
    status = _request_status(read_only=True, help_text="The request's status after this step.")
    actor = serializers.SerializerMethodField(help_text="Who acted.")
    organization = serializers.SerializerMethodField(help_text="The acronym of the actor's organization.")

    class Meta:
        model = SupportStep
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
    country = CountryRefSerializer(source="member_state")
    thematic_area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    pillar = serializers.SlugRelatedField(slug_field="number", read_only=True)
    status = _request_status(read_only=True)
    recommendations = serializers.SerializerMethodField(
        help_text="The State's CTED recommendations it cites, among those the caller may see."
    )
    working_groups = serializers.SlugRelatedField(
        slug_field="short_name", many=True, read_only=True, help_text="Short names of the groups it concerns."
    )
    filed_at = serializers.DateTimeField(source="created_at", read_only=True)
    routings = RoutingSerializer(many=True, read_only=True)
    offers = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Ids of the offers made.")
    steps = StepSerializer(many=True, read_only=True, help_text="The request's thread, oldest first.")

    class Meta:
        model = SupportRequest
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
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_recommendations(self, obj: SupportRequest) -> list[int]:
        # Prefetched through `visible_to(user)`: a recommendation the caller may not see never shows.
        return [rec.pk for rec in obj.visible_recommendations]


class SupportOfferSerializer(serializers.ModelSerializer):
    request = serializers.PrimaryKeyRelatedField(read_only=True)
    organization = OrganizationRefSerializer(read_only=True)
    project = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    appeal_project = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = SupportOffer
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
        ]


# --- inputs -------------------------------------------------------------------------------------------


def _revision():
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_REVISION,
        required=False,
        help_text="The revision you read; if the record has changed since, the change is refused with 409.",
    )


# What a slug looks like, said here for the nullable field too (the schema's own rule covers non-null ones).
@extend_schema_field({"type": "string", "pattern": SLUG, "maxLength": ThematicArea._meta.get_field("slug").max_length})
class ThemeField(SlugRelatedField):
    pass


def _thematic_area(**kwargs):
    return ThemeField(slug_field="slug", queryset=ThematicArea.objects.all(), help_text="Slug.", **kwargs)


def _note(help_text: str):
    return serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="", help_text=help_text)


class CountryEntryInput(StrictInputSerializer):
    kind = _entry_kind()
    title = serializers.CharField(max_length=255)
    text = serializers.CharField(max_length=MAX_TEXT)
    dated_on = serializers.DateField(help_text="The date the entry speaks of.")
    pillar = PillarField(
        slug_field="number", queryset=Pillar.objects.all(), required=False, allow_null=True, help_text="1-4."
    )
    thematic_area = _thematic_area(required=False, allow_null=True)
    audience = serializers.ChoiceField(choices=CountryEntry.Audience.choices, default=CountryEntry.Audience.PLATFORM)
    allowed_organizations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        many=True,
        required=False,
        help_text="For the named-organizations audience: the organizations that may read it.",
    )


class CountryEntryChangeInput(CountryEntryInput):
    revision = _revision()


class ModerationInput(StrictInputSerializer):
    hidden = serializers.BooleanField(help_text="true hides the entry from all but its State; false restores it.")
    reason = serializers.CharField(max_length=MAX_TEXT, help_text="Why; the State reads it.")


class SupportRequestInput(StrictInputSerializer):
    title = serializers.CharField(max_length=255)
    needs = serializers.CharField(max_length=MAX_TEXT, help_text="What support is needed, for what, and by when.")
    thematic_area = _thematic_area()
    pillar = PillarField(slug_field="number", queryset=Pillar.objects.all(), help_text="1-4.")
    urgency = serializers.ChoiceField(choices=SupportRequest.Urgency.choices, default=SupportRequest.Urgency.ROUTINE)
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


# --- viewsets -----------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="The Member States' pages"))
class CountryPageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """A Member State's own page: the overview its focal points write. Its entries are `country-entries`."""

    queryset = CountryPage.objects.select_related("member_state")
    serializer_class = CountryPageSerializer
    filterset_class = filtersets.CountryPageFilterSet
    searchable = False
    ordering_fields = {"country": "member_state__name", "updated_at": "updated_at"}
    ordering = ["member_state__name"]


@extend_schema_view(list=extend_schema(summary="Entries of the Member States' pages you may read"))
class CountryEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    VisibleViewSet,
):
    """Dated priorities, challenges and good practices of a State, each read by the audience chosen for it."""

    queryset = CountryEntry.objects.select_related("page__member_state", "pillar", "thematic_area").prefetch_related(
        "attachments", Prefetch("allowed_organizations", Organization.objects.only("id"))
    )
    serializer_class = CountryEntrySerializer
    filterset_class = filtersets.CountryEntryFilterSet
    ordering_fields = {"dated_on": "dated_on", "title": "title"}
    ordering = ["-dated_on"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _answer(self, entry, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.base_queryset().get(pk=entry.pk)).data, status=code)

    def _require_author(self, entry: CountryEntry) -> None:
        if not support.page_may_edit(self.request.user, entry.page.member_state):
            raise PermissionDenied(_("Only the State's focal points write its page."))

    @extend_schema(
        summary="A Member State's focal point adds an entry to its State's page",
        request=CountryEntryInput,
        responses={201: CountryEntrySerializer},
    )
    def create(self, request, *args, **kwargs):
        state = support.state_of(request.user)
        data = CountryEntryInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        entry = support.entry_save(user=request.user, state=state, **data.validated_data)
        return self._answer(entry, status.HTTP_201_CREATED)

    @extend_schema(
        summary="The State's focal points change one of its entries",
        description=CHANGE_DESCRIPTION,
        request=CountryEntryChangeInput,
        responses={200: CountryEntrySerializer, 409: ConflictSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        self._require_author(entry)
        data = CountryEntryChangeInput(data=request.data, partial=True, context=self.write_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        expected = expected_revision(request, fields.pop("revision", None))
        with transaction.atomic():
            # What was not sent stays as stored, read under the lock the save takes.
            current = CountryEntry.objects.select_for_update().get(pk=entry.pk)
            stored = {
                "kind": current.kind,
                "title": current.title,
                "text": current.text,
                "dated_on": current.dated_on,
                "pillar": current.pillar,
                "thematic_area": current.thematic_area,
                "audience": current.audience,
                "allowed_organizations": list(current.allowed_organizations.all()),
            }
            entry = support.entry_save(
                user=request.user,
                state=entry.page.member_state,
                entry=current,
                expected_revision=expected,
                **(stored | fields),
            )
        return self._answer(entry)

    @extend_schema(summary="The State's focal points delete one of its entries, with its files")
    def destroy(self, request, *args, **kwargs):
        entry = self.get_object()
        self._require_author(entry)
        support.entry_delete(user=request.user, entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="The Secretariat hides an entry from all but its State, or restores it",
        request=ModerationInput,
        responses={200: CountryEntrySerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def moderate(self, request, pk=None):
        entry = self.get_object()
        if not viewer_for(request.user).is_secretariat:
            raise PermissionDenied(_("Only the Secretariat moderates the Member States' pages."))
        data = ModerationInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        entry = support.entry_moderate(
            user=request.user, entry=entry, hidden=data.validated_data["hidden"], reason=data.validated_data["reason"]
        )
        return self._answer(entry)


@extend_schema_view(list=extend_schema(summary="Requests for tailored support you may see"))
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
    filterset_class = filtersets.SupportRequestFilterSet
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
        request=SupportRequestInput,
        responses={201: SupportRequestSerializer},
    )
    def create(self, request, *args, **kwargs):
        support.state_of(request.user)
        data = SupportRequestInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        return self._answer(support.request_file(user=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @extend_schema(
        summary="The requesting State changes its request until it is closed or withdrawn",
        description=CHANGE_DESCRIPTION,
        request=SupportRequestChangeInput,
        responses={200: SupportRequestSerializer, 409: ConflictSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        request_ = self.get_object()
        self._require_state(request_)
        data = SupportRequestChangeInput(data=request.data, partial=True, context=self.write_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        expected = expected_revision(request, fields.pop("revision", None))
        if fields:
            request_ = support.request_update(user=request.user, request=request_, expected_revision=expected, **fields)
        return self._answer(request_)

    @extend_schema(
        summary="The Secretariat routes the request to working groups and entities",
        request=RouteInput,
        responses={200: SupportRequestSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def route(self, request, pk=None):
        request_ = self.get_object()
        if not viewer_for(request.user).is_secretariat:
            raise PermissionDenied(_("Only the Secretariat routes requests."))
        data = RouteInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        support.request_route(user=request.user, request=request_, **data.validated_data)
        return self._answer(request_)

    @extend_schema(
        summary="The requesting State or the Secretariat closes the request",
        request=NoteInput,
        responses={200: SupportRequestSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        request_ = self.get_object()
        viewer = viewer_for(request.user)
        if not (viewer.is_secretariat or viewer.speaks_for_state(request_.member_state_id)):
            raise PermissionDenied(_("Only the requesting State and the Secretariat close a request."))
        data = NoteInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        support.request_close(user=request.user, request=request_, note=data.validated_data["note"])
        return self._answer(request_)

    @extend_schema(
        summary="The requesting State withdraws its request",
        request=NoteInput,
        responses={200: SupportRequestSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request, pk=None):
        request_ = self.get_object()
        self._require_state(request_)
        data = NoteInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        support.request_close(user=request.user, request=request_, withdraw=True, note=data.validated_data["note"])
        return self._answer(request_)


@extend_schema_view(list=extend_schema(summary="Offers of support you may see"))
class SupportOfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """Offers entities make in answer to requests routed to them; seen by whoever sees the request."""

    queryset = SupportOffer.objects.select_related("organization")
    serializer_class = SupportOfferSerializer
    filterset_class = filtersets.SupportOfferFilterSet
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
        support.offer_decide(user=request.user, offer=offer, accept=accept, note=data.validated_data["note"])
        return self._answer(offer)

    @extend_schema(
        summary="A focal point of an entity the request was routed to makes an offer",
        request=SupportOfferInput,
        responses={201: SupportOfferSerializer},
    )
    def create(self, request, *args, **kwargs):
        if viewer_for(request.user).organization_kind != ENTITY:
            raise PermissionDenied(_("Only entities the request was routed to make offers."))
        data = SupportOfferInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        return self._answer(support.offer_make(user=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @extend_schema(
        summary="The requesting State accepts the offer", request=NoteInput, responses={200: SupportOfferSerializer}
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        return self._decide(request, accept=True)

    @extend_schema(
        summary="The requesting State declines the offer", request=NoteInput, responses={200: SupportOfferSerializer}
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decline(self, request, pk=None):
        return self._decide(request, accept=False)

    @extend_schema(
        summary="The entity that made the offer withdraws it",
        request=NoteInput,
        responses={200: SupportOfferSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request, pk=None):
        offer = self.get_object()
        if viewer_for(request.user).organization_id != offer.organization_id:
            raise PermissionDenied(_("Only the entity that made an offer withdraws it."))
        data = NoteInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        support.offer_withdraw(user=request.user, offer=offer, note=data.validated_data["note"])
        return self._answer(offer)
