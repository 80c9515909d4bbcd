from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from platform_app.api.serializers import OrganizationRefSerializer, PillarRefSerializer, WorkingGroupRefSerializer
from workinggroups.models import Meeting, WorkingGroup, WorkingGroupMembership


class MembershipSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer()

    class Meta:
        model = WorkingGroupMembership
        fields = ["organization", "role"]


class WorkingGroupSerializer(serializers.ModelSerializer):
    pillars = PillarRefSerializer(many=True)
    memberships = MembershipSerializer(many=True, help_text="Every member and observer with its role.")

    class Meta:
        model = WorkingGroup
        fields = ["id", "number", "short_name", "name", "objective", "pillars", "is_active", "memberships"]


class MeetingDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    working_group = WorkingGroupRefSerializer()
    documents = serializers.SerializerMethodField(help_text="The meeting's documents that you may see.")

    class Meta:
        model = Meeting
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
        ]

    @extend_schema_field(MeetingDocumentSerializer(many=True))
    def get_documents(self, obj: Meeting):
        return [{"id": d.pk, "title": d.title} for d in obj.visible_documents]
