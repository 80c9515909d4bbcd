"""Events of the Joint Calendar in the API."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.parsers import JSONParser

from platform_app.calendar.filters import EventFilterSet
from platform_app.calendar.models import Event
from platform_app.calendar.services import event_create
from platform_app.core.api.base import VisibleViewSet
from platform_app.core.api.inputs import MAX_TEXT, TIME_ZONE_HELP, TimeZoneField
from platform_app.core.api.serializers import described
from platform_app.directory.api import OrganizationRefSerializer, SharedObjectInput
from platform_app.directory.models import Organization
from platform_app.structure.api import PillarRefSerializer, ThemeRefSerializer, WorkingGroupRefSerializer


class EventCreateInput(SharedObjectInput):
    title = serializers.CharField(max_length=500, help_text="The event's title.")
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default="", help_text="What the event is about."
    )
    kind = serializers.ChoiceField(
        choices=Event.Kind.choices, default=Event.Kind.MEETING, help_text="The kind of event."
    )
    starts_at = serializers.DateTimeField(help_text="When it starts, ISO 8601 with its zone.")
    ends_at = serializers.DateTimeField(help_text="When it ends, not before `starts_at`.")
    time_zone = TimeZoneField(default="UTC", help_text=f"The zone of the place. {TIME_ZONE_HELP}")
    all_day = serializers.BooleanField(default=False, help_text="Whether it takes whole days, whatever the times say.")
    location = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", help_text="Where it takes place."
    )
    online_url = serializers.URLField(
        max_length=500, required=False, allow_blank=True, default="", help_text="Where to join it online."
    )
    countries = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE),
        many=True,
        required=False,
        help_text="Member States the event concerns.",
    )

    def validate(self, attrs):
        if attrs["ends_at"] < attrs["starts_at"]:
            raise serializers.ValidationError({"ends_at": ["The event cannot end before it starts."]})
        return attrs


class EventSerializer(serializers.ModelSerializer):
    time_zone = TimeZoneField(read_only=True, help_text=f"The zone of the place, for display. {TIME_ZONE_HELP}")
    organizers = OrganizationRefSerializer(many=True, help_text="The organizations that organize it.")
    countries = OrganizationRefSerializer(many=True, help_text="The Member States the event concerns.")
    working_group = WorkingGroupRefSerializer(
        allow_null=True, help_text="The working group it belongs to; null for none."
    )
    pillars = PillarRefSerializer(many=True, help_text="The pillars of the Strategy it concerns.")
    themes = ThemeRefSerializer(many=True, help_text="The thematic areas it is tagged with.")

    class Meta:
        model = Event
        extra_kwargs = described(
            title="The event's title.",
            description="What the event is about; blank if not written.",
            kind="The kind of event.",
            starts_at="When it starts.",
            ends_at="When it ends; never before `starts_at`.",
            all_day="Whether it takes whole days, whatever the times say.",
            location="Where it takes place; blank if not given.",
            online_url="Where to join it online; blank if not given.",
            visibility="Who may see it besides the Secretariat.",
        )
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "starts_at",
            "ends_at",
            "time_zone",
            "all_day",
            "location",
            "online_url",
            "organizers",
            "countries",
            "working_group",
            "pillars",
            "themes",
            "visibility",
            "created_at",
            "updated_at",
        ]


@extend_schema_view(
    list=extend_schema(summary="Events of the joint calendar you may see"),
    retrieve=extend_schema(summary="An event of the joint calendar"),
)
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """The joint calendar. Times are UTC (ISO 8601); `time_zone` is the zone of the place."""

    queryset = Event.objects.select_related("working_group").prefetch_related(
        "organizers", "countries", "pillars", "themes"
    )
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    ordering_fields = ["starts_at", "title"]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Add an event to a working group your organization belongs to",
        description=(
            "Focal points add events of their own organization to a working group it belongs to; the "
            "Secretariat may leave out the group and name the organizing organization (`organization`). "
            "Times are ISO 8601 with their zone and are stored in UTC."
        ),
        request=EventCreateInput,
        responses={201: EventSerializer},
        examples=[
            OpenApiExample(
                "A regional workshop",
                value={
                    "title": "Regional workshop on border security and management",
                    "description": "Two days on screening and information sharing at land borders.",
                    "kind": "workshop",
                    "starts_at": "2026-03-10T06:00:00Z",
                    "ends_at": "2026-03-11T14:00:00Z",
                    "time_zone": "Africa/Nairobi",
                    "location": "Nairobi, Kenya",
                    "working_group": 2,
                    "visibility": "working_group",
                    "countries": [112],
                    "themes": ["border-management"],
                    "pillars": [2],
                },
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        event = event_create(user=request.user, **self.read_input(EventCreateInput))
        return self.answer(event, status.HTTP_201_CREATED)
