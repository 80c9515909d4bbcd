"""The API's representations. Field names here are the public contract: add fields, never rename.

Read serializers only read what the view prefetched (see each viewset's queryset), so a list costs
the same number of queries whatever its page size. Writes go through separate input serializers
that validate, then through a service in `platform_app.services`.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from platform_app.models import (
    Appeal,
    AppealProject,
    CountryAssessment,
    Document,
    DocumentVersion,
    Event,
    FocalPoint,
    MetricSnapshot,
    Organization,
    Project,
    Recommendation,
    ThematicArea,
)
from platform_app.models.metrics import FIGURES
from platform_app.visibility import viewer_for


class OrganizationRefSerializer(serializers.ModelSerializer):
    """An organization named inside another object."""

    class Meta:
        model = Organization
        fields = ["id", "acronym", "name"]


class ThemeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ThematicArea
        fields = ["id", "slug", "name"]


class PillarRefSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 to 4, the pillar of the UN Global Counter-Terrorism Strategy.")
    name = serializers.CharField()


class WorkingGroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    short_name = serializers.CharField()


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "id",
            "kind",
            "name",
            "acronym",
            "compact_status",
            "iso_alpha2",
            "iso_alpha3",
            "region",
            "subregion",
            "website",
            "description",
            "is_active",
        ]


class FocalPointSerializer(serializers.ModelSerializer):
    """A person of the directory. Contact details the person chose to hide are null, except for the
    Secretariat and the person themselves."""

    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    organization = OrganizationRefSerializer()
    organization_kind = serializers.CharField(source="organization.kind")
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    mobile = serializers.SerializerMethodField()
    expertise = ThemeRefSerializer(many=True)
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = FocalPoint
        fields = [
            "id",
            "title",
            "first_name",
            "last_name",
            "job_title",
            "department",
            "organization",
            "organization_kind",
            "email",
            "phone",
            "mobile",
            "city",
            "expertise",
            "languages",
            "is_primary",
        ]

    def _sees_hidden(self, focal_point: FocalPoint) -> bool:
        user = self.context["request"].user
        return viewer_for(user).is_secretariat or focal_point.user_id == user.pk

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, obj: FocalPoint):
        if obj.hide_email and not self._sees_hidden(obj):
            return None
        return obj.email or obj.user.email or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_phone(self, obj: FocalPoint):
        return None if obj.hide_phone and not self._sees_hidden(obj) else (obj.phone or None)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_mobile(self, obj: FocalPoint):
        return None if obj.hide_phone and not self._sees_hidden(obj) else (obj.mobile or None)


class DocumentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        fields = ["number", "original_filename", "content_type", "size", "sha256", "note", "created_at"]


class CurrentVersionSerializer(DocumentVersionSerializer):
    """The document's newest version."""

    # A nested field of the list's serializer, so its fields are built once per response rather than
    # once per document (building a ModelSerializer's fields costs more than filling them). It reads
    # the versions the viewset prefetched, newest first.
    def get_attribute(self, instance: Document):
        versions = instance.versions.all()
        return versions[0] if versions else None


class DocumentSerializer(serializers.ModelSerializer):
    language = serializers.SlugRelatedField(slug_field="code", read_only=True)
    themes = ThemeRefSerializer(many=True)
    pillars = PillarRefSerializer(many=True)
    working_group = WorkingGroupRefSerializer(allow_null=True)
    organization = OrganizationRefSerializer()
    current_version = CurrentVersionSerializer(allow_null=True, read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "description",
            "document_type",
            "language",
            "themes",
            "pillars",
            "working_group",
            "organization",
            "visibility",
            "published_on",
            "current_version",
            "download_url",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, obj: Document) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/documents/{obj.pk}/download/")


class DocumentDetailSerializer(DocumentSerializer):
    versions = DocumentVersionSerializer(many=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "versions"]


class EventSerializer(serializers.ModelSerializer):
    organizers = OrganizationRefSerializer(many=True)
    countries = OrganizationRefSerializer(many=True)
    working_group = WorkingGroupRefSerializer(allow_null=True)
    pillars = PillarRefSerializer(many=True)
    themes = ThemeRefSerializer(many=True)

    class Meta:
        model = Event
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


class ProjectRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "code", "title"]


class ProjectSerializer(serializers.ModelSerializer):
    lead_entity = OrganizationRefSerializer()
    partners = OrganizationRefSerializer(many=True)
    beneficiary_states = OrganizationRefSerializer(many=True)
    pillars = PillarRefSerializer(many=True)
    themes = ThemeRefSerializer(many=True)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, help_text="In USD.")
    responds_to = serializers.SerializerMethodField(
        help_text="CTED recommendations the project responds to, among those the caller may see."
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "title",
            "description",
            "lead_entity",
            "partners",
            "beneficiary_states",
            "pillars",
            "themes",
            "budget",
            "status",
            "start_date",
            "end_date",
            "responds_to",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_responds_to(self, obj: Project) -> list[int]:
        # Prefetched through `visible_to(user)`, so another State's recommendation never shows.
        return [rec.pk for rec in obj.visible_recommendations]


class AppealProjectSerializer(serializers.ModelSerializer):
    project = ProjectRefSerializer()
    lead_entity = OrganizationRefSerializer(source="project.lead_entity")
    requirement = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="USD needed.")
    funds_received = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="USD received so far.")

    class Meta:
        model = AppealProject
        fields = ["project", "lead_entity", "requirement", "funds_received"]


class AppealSerializer(serializers.ModelSerializer):
    projects = AppealProjectSerializer(source="appeal_projects", many=True)
    total_requirement = serializers.SerializerMethodField()
    total_funds_received = serializers.SerializerMethodField()

    class Meta:
        model = Appeal
        fields = [
            "id",
            "title",
            "start_year",
            "end_year",
            "launched_on",
            "description",
            "total_requirement",
            "total_funds_received",
            "projects",
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_total_requirement(self, obj: Appeal) -> str:
        return f"{sum((p.requirement for p in obj.appeal_projects.all()), start=0):.2f}"

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_total_funds_received(self, obj: Appeal) -> str:
        return f"{sum((p.funds_received for p in obj.appeal_projects.all()), start=0):.2f}"


class AssessmentSerializer(serializers.ModelSerializer):
    member_state = OrganizationRefSerializer()
    recommendation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CountryAssessment
        fields = [
            "id",
            "member_state",
            "kind",
            "title",
            "visit_start",
            "visit_end",
            "adopted_on",
            "summary",
            "shared_with_entities",
            "sharing_decided_at",
            "recommendation_count",
            "created_at",
            "updated_at",
        ]


class RecommendationSerializer(serializers.ModelSerializer):
    country = OrganizationRefSerializer(source="assessment.member_state")
    thematic_area = ThemeRefSerializer()
    responding_projects = ProjectRefSerializer(many=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "assessment",
            "country",
            "number",
            "thematic_area",
            "text",
            "priority",
            "status",
            "progress_note",
            "responding_projects",
            "revision",
            "created_at",
            "updated_at",
        ]


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True, help_text="Null where a publication did not give it.")


class MetricSnapshotSerializer(serializers.ModelSerializer):
    figures = serializers.SerializerMethodField()
    breakdowns = serializers.DictField(
        child=serializers.ListField(child=serializers.DictField()),
        help_text=(
            "Computed snapshots only. Each breakdown (recommendations_by_status, _by_region, "
            "_by_thematic_area; documents_by_theme, _by_type, _by_month; focal_points_by_kind; "
            "events_by_month; meetings_by_working_group) is a list of {key, label, count}; "
            "appeal_funding lists {key, label, projects, requirement, received, gap} in USD."
        ),
    )

    class Meta:
        model = MetricSnapshot
        fields = ["id", "as_of", "source", "label", "reference", "figures", "breakdowns"]

    @extend_schema_field(FigureSerializer(many=True))
    def get_figures(self, obj: MetricSnapshot):
        return [{"key": key, "label": str(label), "value": getattr(obj, key)} for key, label in FIGURES]


class MetricHistorySerializer(MetricSnapshotSerializer):
    """The series: figures only, published newsletter figures marked by `source`."""

    class Meta(MetricSnapshotSerializer.Meta):
        fields = ["id", "as_of", "source", "label", "reference", "figures"]
