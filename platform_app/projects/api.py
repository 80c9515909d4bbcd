"""The Matrix of UN projects and the Multi-Year Appeals, read through the API.

A project's record also carries what the packages above projects keep about it (the CTED
recommendations it responds to): they add a field to the record and say what a PATCH of a project
changes (`add_record_field`, `set_record_update`), when their API module is imported, which
PlatformAppConfig.ready does at start-up. Both are read when a request (or the schema) is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.parsers import JSONParser

from platform_app.core.api.base import VisibleViewSet
from platform_app.core.api.conditional import ConditionalGetSchema
from platform_app.core.api.serializers import described
from platform_app.directory.api import OrganizationRefSerializer
from platform_app.projects.filters import AppealFilterSet, ProjectFilterSet
from platform_app.projects.models import Appeal, AppealProject, Project
from platform_app.structure.api import PillarRefSerializer, ThemeRefSerializer


@dataclass(frozen=True)
class RecordField:
    """A read-only field of a project's record, kept by a package above projects.

    `make()` builds the field for each serializer; `prefetch(user)` fetches what it reads, once for a
    whole list, as the caller may see it.
    """

    name: str
    make: Callable[[], serializers.Field]
    prefetch: Callable[[Any], Prefetch]


@dataclass(frozen=True)
class RecordUpdate:
    """What a PATCH of a project changes, and how the operation is documented.

    `apply(view, request, project)` refuses who may not act, reads the body with `input` and saves it;
    the answer is then the project's record as it now stands.
    """

    apply: Callable[[Any, Any, Project], None]
    input: type[serializers.Serializer]
    summary: str
    description: str
    examples: tuple[OpenApiExample, ...] = ()


RECORD_FIELDS: dict[str, RecordField] = {}


# The body of a PATCH is one input, so one package says what it changes.
RECORD_UPDATE: dict[str, RecordUpdate] = {}


def add_record_field(record_field: RecordField) -> None:
    """Adds a field to every project's record, before `updated_at`."""
    RECORD_FIELDS[record_field.name] = record_field


def set_record_update(update: RecordUpdate) -> None:
    """Makes `update` what a PATCH of a project changes."""
    RECORD_UPDATE["patch"] = update


def record_update() -> RecordUpdate | None:
    return RECORD_UPDATE.get("patch")


class ProjectSchema(ConditionalGetSchema):
    """Documents a project's PATCH as its registered update says: body, summary, description, examples."""

    def _update(self) -> RecordUpdate | None:
        return record_update() if self.method == "PATCH" else None

    def get_request_serializer(self):
        update = self._update()
        return update.input if update else super().get_request_serializer()

    def get_summary(self):
        update = self._update()
        return update.summary if update else super().get_summary()

    def get_description(self):
        update = self._update()
        return update.description if update else super().get_description()

    def get_examples(self):
        update = self._update()
        return [*super().get_examples(), *update.examples] if update else super().get_examples()


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
            "updated_at",
        ]

    def get_fields(self):
        """The project's own fields, then those the packages above projects add, then `updated_at`."""
        fields = super().get_fields()
        updated_at = fields.pop("updated_at")
        for added in RECORD_FIELDS.values():
            fields[added.name] = added.make()
        fields["updated_at"] = updated_at
        return fields


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
    schema = ProjectSchema()

    def base_queryset(self):
        user = self.request.user
        return self.queryset.prefetch_related(*(added.prefetch(user) for added in RECORD_FIELDS.values()))

    def partial_update(self, request, *args, **kwargs):
        update = record_update()
        if update is None:
            raise MethodNotAllowed(request.method)
        project = self.get_object()
        update.apply(self, request, project)
        return self.answer(project)


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
