from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from platform_app.core.api.serializers import described
from platform_app.directory.api import OrganizationRefSerializer
from platform_app.structure.api import PillarRefSerializer, WorkingGroupRefSerializer
from platform_app.structure.models import WorkingGroup, WorkingGroupMembership
from workinggroups.models import Meeting


class MembershipSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(help_text="The member or observer.")

    class Meta:
        model = WorkingGroupMembership
        fields = ["organization", "role"]
        extra_kwargs = described(role="Its role in the group.")


class WorkingGroupSerializer(serializers.ModelSerializer):
    pillars = PillarRefSerializer(many=True, help_text="The pillars of the Strategy it works on.")
    memberships = MembershipSerializer(many=True, help_text="Every member and observer with its role.")

    class Meta:
        model = WorkingGroup
        extra_kwargs = described(
            number="The group's number.",
            short_name="The group's short name, e.g. PCVE or BMLE.",
            name="The group's full name.",
            objective="What the group works for.",
            is_active="Whether the group is active.",
        )
        fields = [
            "id",
            "number",
            "short_name",
            "name",
            "objective",
            "pillars",
            "is_active",
            "memberships",
            "updated_at",
        ]


class MeetingDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The document's id.")
    title = serializers.CharField(help_text="The document's title.")


class MeetingSerializer(serializers.ModelSerializer):
    working_group = WorkingGroupRefSerializer(help_text="The group meeting.")
    documents = serializers.SerializerMethodField(help_text="The meeting's documents that you may see.")

    class Meta:
        model = Meeting
        extra_kwargs = described(
            title="The meeting's title.",
            starts_at="When it starts.",
            ends_at="When it ends; never before `starts_at`.",
            location="Where it takes place; blank if not given.",
            online_url="Where to join it online; blank if not given.",
            agenda="The agenda; blank if not written.",
            summary="What was discussed and decided; blank if not written.",
        )
        fields = [
            "id",
            "working_group",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "agenda",
            "summary",
            "documents",
            "updated_at",
        ]

    @extend_schema_field(MeetingDocumentSerializer(many=True))
    def get_documents(self, obj: Meeting):
        return [{"id": d.pk, "title": d.title} for d in obj.visible_documents]
