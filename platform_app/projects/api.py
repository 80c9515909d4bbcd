from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from platform_app.core.api.base import VisibleViewSet
from platform_app.core.api.inputs import StrictInputSerializer
from platform_app.core.api.serializers import described
from platform_app.cted.models import Recommendation
from platform_app.directory.api import OrganizationRefSerializer
from platform_app.projects.filters import AppealFilterSet, ProjectFilterSet
from platform_app.projects.models import Appeal, AppealProject, Project
from platform_app.projects.services import project_may_set_responses, project_set_responses
from platform_app.structure.api import PillarRefSerializer, ThemeRefSerializer


class ProjectResponsesInput(StrictInputSerializer):
    """What the lead entity may change: the recommendations its project responds to."""

    responds_to = serializers.PrimaryKeyRelatedField(
        queryset=Recommendation.objects.none(), many=True, help_text="Recommendation ids; replaces the list."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A recommendation the caller may not see is "does not exist", exactly like one that does not.
        request = self.context.get("request")
        if request is not None:
            self.fields["responds_to"].child_relation.queryset = Recommendation.objects.visible_to(request.user)


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


@extend_schema_view(
    list=extend_schema(summary="The Matrix of UN projects"),
    retrieve=extend_schema(summary="A project of the Matrix"),
)
class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """The Matrix of UN projects on preventing and countering terrorism: who leads each, with whom, for
    which States, and the CTED recommendations it responds to."""

    queryset = Project.objects.select_related("lead_entity").prefetch_related(
        "partners", "beneficiary_states", "pillars", "themes"
    )
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["code", "title", "start_date", "budget"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "patch", "head", "options"]

    def base_queryset(self):
        visible = Recommendation.objects.visible_to(self.request.user).only("id", "assessment_id", "number")
        return self.queryset.prefetch_related(Prefetch("responds_to", visible, to_attr="visible_recommendations"))

    @extend_schema(
        summary="The lead entity sets the recommendations its project responds to",
        description=(
            "The lead entity's focal points (and the Secretariat) replace the list of recommendations the "
            "project responds to. Links to recommendations you may not see are kept as they are."
        ),
        request=ProjectResponsesInput,
        responses={200: ProjectSerializer},
        examples=[OpenApiExample("Two recommendations", value={"responds_to": [41, 42]}, request_only=True)],
    )
    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        # Refuse who may not act before reading what they sent, so the answer does not depend on it.
        if not project_may_set_responses(request.user, project):
            raise PermissionDenied("Only the lead entity links its project to recommendations.")
        # A PATCH changes what it names (the schema makes every field optional): no responds_to, no change.
        data = ProjectResponsesInput(data=request.data, partial=True, context=self.write_context())
        data.is_valid(raise_exception=True)
        if "responds_to" in data.validated_data:
            project_set_responses(
                user=request.user, project=project, recommendations=data.validated_data["responds_to"]
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="The Multi-Year Appeals"),
    retrieve=extend_schema(summary="An appeal with its projects and their funding"),
)
class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """The Multi-Year Appeal: its projects, what each needs and what it has received (USD)."""

    queryset = Appeal.objects.prefetch_related(
        Prefetch(
            "appeal_projects", AppealProject.objects.select_related("project__lead_entity").order_by("project__code")
        )
    )
    serializer_class = AppealSerializer
    filterset_class = AppealFilterSet
    ordering_fields = ["start_year", "title"]
