"""Requests for tailored support in the API: how they, their routings, steps and offers read, and what a
client sends to file, change, route, note or offer (the input serializers, strict about unknown fields)."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from platform_app.core.api.inputs import (
    MAX_TEXT,
    SlugRelatedField,
    StrictInputSerializer,
    VisibleRecordField,
    _revision,
)
from platform_app.core.api.serializers import described
from platform_app.countries.api import CountryRefSerializer, _thematic_area
from platform_app.cted.models import Recommendation
from platform_app.directory.api import OrganizationRefSerializer
from platform_app.directory.models import Organization
from platform_app.projects.models import AppealProject, Project
from platform_app.structure.api import PillarField
from platform_app.structure.models import Pillar, WorkingGroup
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep


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
    recommendations = VisibleRecordField(
        Recommendation,
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
    request = VisibleRecordField(SupportRequest, help_text="The id of a request routed to your entity.")
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
