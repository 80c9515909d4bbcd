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

from .inputs import TIME_ZONE_HELP, TimeZoneField

# What the fields many representations share mean; each serializer's Meta adds its own (`described`).
SHARED_FIELDS = {
    "id": "The record's id, as in its own path.",
    "created_at": "When the record was created.",
    "updated_at": (
        "When what the API shows of the record last changed; `updated_after` asks a list for the records "
        "changed since a time."
    ),
}


def described(**texts: str) -> dict:
    """A ModelSerializer's `extra_kwargs`: the descriptions of the fields it builds from the model, which
    the OpenAPI schema shows (fields declared on the serializer carry their own help_text)."""
    return {name: {"help_text": text} for name, text in {**SHARED_FIELDS, **texts}.items()}


class OrganizationRefSerializer(serializers.ModelSerializer):
    """An organization named inside another object."""

    class Meta:
        model = Organization
        fields = ["id", "acronym", "name"]
        extra_kwargs = described(name="The organization's full name.")


class ThemeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ThematicArea
        fields = ["id", "slug", "name"]
        extra_kwargs = described(slug="How filters and writes name the thematic area.", name="Its name.")


class PillarRefSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 to 4, the pillar of the UN Global Counter-Terrorism Strategy.")
    name = serializers.CharField(help_text="The pillar's name.")


class WorkingGroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The working group's id.")
    number = serializers.IntegerField(help_text="The group's number.")
    short_name = serializers.CharField(help_text="The group's short name, e.g. PCVE or BMLE.")


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        extra_kwargs = described(
            kind="A Compact entity, a Member State, or an international or regional organization.",
            name="The organization's full name.",
            iso_alpha2="ISO 3166-1 alpha-2 code of a Member State (KE); blank for other organizations.",
            iso_alpha3="ISO 3166-1 alpha-3 code of a Member State (KEN); blank for other organizations.",
            region="The region of a Member State; blank where none is recorded.",
            subregion="The UN M49 subregion of a Member State, e.g. Eastern Africa; blank where none is recorded.",
            website="The organization's website; blank if not recorded.",
            description="About the organization; blank if not written.",
            is_active="Whether the organization is active on the platform.",
        )
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
            "updated_at",
        ]


class FocalPointSerializer(serializers.ModelSerializer):
    """A person of the directory. Contact details the person chose to hide are null, except for the
    Secretariat and the person themselves."""

    first_name = serializers.CharField(source="user.first_name", help_text="Given name.")
    last_name = serializers.CharField(source="user.last_name", help_text="Family name.")
    organization = OrganizationRefSerializer(help_text="The organization that nominated the person.")
    organization_kind = serializers.CharField(
        source="organization.kind", help_text="The kind of that organization, as `kind` of organizations."
    )
    email = serializers.SerializerMethodField(help_text="Work email; null if the person hides it from you.")
    phone = serializers.SerializerMethodField(help_text="Office phone; null if not given or hidden from you.")
    mobile = serializers.SerializerMethodField(help_text="Mobile phone; null if not given or hidden from you.")
    expertise = ThemeRefSerializer(many=True, help_text="Thematic areas of the person's expertise.")
    languages = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes of the languages the person works in (en, fr…)."
    )

    class Meta:
        model = FocalPoint
        extra_kwargs = described(
            job_title="Job title; blank if not given.",
            department="Department or office; blank if not given.",
            city="City of the duty station; blank if not given.",
        )
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
            "updated_at",
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
        extra_kwargs = described(
            number="The version's number, from 1; the highest is the current file.",
            original_filename="The file's name when it was uploaded.",
            content_type="The type its content was checked to be when it came in, e.g. application/pdf.",
            size="Size in bytes.",
            sha256="SHA-256 digest of the file, in hexadecimal.",
            created_at="When this version was uploaded.",
        )
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
    language = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of the document's language (en, fr, ar…)."
    )
    themes = ThemeRefSerializer(many=True, help_text="The thematic areas it is tagged with.")
    pillars = PillarRefSerializer(many=True, help_text="The pillars of the Strategy it concerns.")
    working_group = WorkingGroupRefSerializer(
        allow_null=True, help_text="The working group it was shared in; null if shared with none."
    )
    organization = OrganizationRefSerializer(help_text="The owning organization.")
    current_version = CurrentVersionSerializer(
        allow_null=True, read_only=True, help_text="The newest version; null if the document has none."
    )
    download_url = serializers.SerializerMethodField(help_text="Where to download the current file.")

    class Meta:
        model = Document
        extra_kwargs = described(
            title="The document's title.",
            description="What the document is about; blank if not written.",
            document_type="The kind of document.",
            visibility="Who may see it besides the Secretariat.",
        )
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
    versions = DocumentVersionSerializer(many=True, help_text="Every version, newest first.")

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "versions"]


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


class ProjectRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "code", "title"]
        extra_kwargs = described(code="The project's code in the Matrix.", title="The project's title.")


class ProjectSerializer(serializers.ModelSerializer):
    lead_entity = OrganizationRefSerializer(help_text="The Compact entity leading the project.")
    partners = OrganizationRefSerializer(many=True, help_text="The organizations it works with.")
    beneficiary_states = OrganizationRefSerializer(many=True, help_text="The Member States it benefits.")
    pillars = PillarRefSerializer(many=True, help_text="The pillars of the Strategy it concerns.")
    themes = ThemeRefSerializer(many=True, help_text="The thematic areas it is tagged with.")
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, help_text="In USD.")
    responds_to = serializers.SerializerMethodField(
        help_text="CTED recommendations the project responds to, among those the caller may see."
    )

    class Meta:
        model = Project
        extra_kwargs = described(
            code="The project's code in the Matrix.",
            title="The project's title.",
            description="What the project does; blank if not written.",
            status="Where the project stands.",
            start_date="When it starts or started; null if not known.",
            end_date="When it ends or ended; null if not known.",
        )
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
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_responds_to(self, obj: Project) -> list[int]:
        # Prefetched through `visible_to(user)`, so another State's recommendation never shows.
        return [rec.pk for rec in obj.visible_recommendations]


class AppealProjectSerializer(serializers.ModelSerializer):
    project = ProjectRefSerializer(help_text="The project, of the Matrix.")
    lead_entity = OrganizationRefSerializer(source="project.lead_entity", help_text="The project's lead entity.")
    requirement = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="USD needed.")
    funds_received = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="USD received so far.")

    class Meta:
        model = AppealProject
        fields = ["project", "lead_entity", "requirement", "funds_received"]


class AppealSerializer(serializers.ModelSerializer):
    projects = AppealProjectSerializer(
        source="appeal_projects", many=True, help_text="Its projects, by project code, with their funding."
    )
    total_requirement = serializers.SerializerMethodField(help_text="USD needed by all its projects.")
    total_funds_received = serializers.SerializerMethodField(help_text="USD all its projects have received so far.")

    class Meta:
        model = Appeal
        extra_kwargs = described(
            title="The appeal's title.",
            start_year="The first year it covers.",
            end_year="The last year it covers.",
            launched_on="When it was launched; null if not recorded.",
            description="About the appeal; blank if not written.",
        )
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
            "updated_at",
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_total_requirement(self, obj: Appeal) -> str:
        return f"{sum((p.requirement for p in obj.appeal_projects.all()), start=0):.2f}"

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_total_funds_received(self, obj: Appeal) -> str:
        return f"{sum((p.funds_received for p in obj.appeal_projects.all()), start=0):.2f}"


class AssessmentSerializer(serializers.ModelSerializer):
    member_state = OrganizationRefSerializer(help_text="The assessed Member State.")
    recommendation_count = serializers.IntegerField(read_only=True, help_text="How many recommendations it made.")

    class Meta:
        model = CountryAssessment
        extra_kwargs = described(
            kind="The kind of assessment.",
            title="The assessment's title; blank if it has none.",
            visit_start="The first day of the visit; null if there was none (a desk review) or it is not recorded.",
            visit_end="The last day of the visit; null if there was none or it is not recorded.",
            summary="A summary; blank if not written.",
            sharing_decided_at="When `shared_with_entities` was last set; null if not recorded.",
        )
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
    country = OrganizationRefSerializer(source="assessment.member_state", help_text="The assessed Member State.")
    thematic_area = ThemeRefSerializer(help_text="The thematic area it concerns.")
    responding_projects = ProjectRefSerializer(many=True, help_text="The projects of the Matrix responding to it.")

    class Meta:
        model = Recommendation
        extra_kwargs = described(
            assessment="The id of the assessment that made it.",
            text="The recommendation.",
            priority="CTED's priority for it.",
            status="Where its implementation stands, as the assessed State or CTED records it.",
        )
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
    key = serializers.CharField(help_text="What the figure counts, as a stable key, e.g. member_states.")
    label = serializers.CharField(help_text="The figure's name, as the newsletters print it.")
    value = serializers.IntegerField(allow_null=True, help_text="Null where a publication did not give it.")


class MetricSnapshotSerializer(serializers.ModelSerializer):
    figures = serializers.SerializerMethodField(help_text="The figures, in the order the newsletters print them.")
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
        extra_kwargs = described(
            as_of="When the figures were read.",
            source="Computed by the platform, or published earlier in a newsletter or brochure.",
            label="What the snapshot is, e.g. the publication it comes from; blank if not given.",
        )
        fields = ["id", "as_of", "source", "label", "reference", "figures", "breakdowns"]

    @extend_schema_field(FigureSerializer(many=True))
    def get_figures(self, obj: MetricSnapshot):
        return [{"key": key, "label": str(label), "value": getattr(obj, key)} for key, label in FIGURES]


class MetricHistorySerializer(MetricSnapshotSerializer):
    """The series: figures only, published newsletter figures marked by `source`."""

    class Meta(MetricSnapshotSerializer.Meta):
        fields = ["id", "as_of", "source", "label", "reference", "figures"]
