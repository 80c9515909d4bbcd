"""API viewsets of the platform's records: thin, a queryset, a serializer and a filter set each.

Writes validate with an input serializer, call a service, and answer with the read representation.
"""

from __future__ import annotations

import re

from django.db.models import Count, Prefetch
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from platform_app import filtersets, services
from platform_app.audit import record_read
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
)
from platform_app.uploads import safe_filename, served_type
from platform_app.visibility import viewer_for

from . import inputs, serializers
from .base import VisibleViewSet
from .schema import ConflictSerializer

MAX_VERSION = 999_999_999


def expected_revision(request, in_body: int | None) -> int | None:
    """The revision a change starts from: `revision` in the body, or an `If-Match: "N"` header."""
    if in_body is not None:
        return in_body
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    match = re.fullmatch(r'(?:W/)?"?([0-9]{1,10})"?', header)
    if match is None:
        raise ValidationError({"If-Match": ['Send the revision you read, e.g. If-Match: "3".']})
    return int(match.group(1))


class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Compact entities, Member States and international/regional organizations."""

    queryset = Organization.objects.all()
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filtersets.OrganizationFilterSet
    ordering_fields = ["name", "acronym", "kind"]


class FocalPointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """The directory of focal points. Hidden contact details are null except for the Secretariat."""

    queryset = FocalPoint.objects.select_related("user", "organization").prefetch_related("expertise", "languages")
    serializer_class = serializers.FocalPointSerializer
    filterset_class = filtersets.FocalPointFilterSet
    ordering_fields = {
        "last_name": "user__last_name",
        "first_name": "user__first_name",
        "organization": "organization__name",
    }
    ordering = ["user__last_name", "user__first_name"]


class DownloadRenderer(renderers.BaseRenderer):
    """Lets a client ask for the file's own type; errors still come back as JSON."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data) if isinstance(data, dict) else data


@extend_schema_view(
    list=extend_schema(summary="Documents of the library you may see"),
    retrieve=extend_schema(summary="A document with its versions", responses=serializers.DocumentDetailSerializer),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """The thematic resource library."""

    queryset = Document.objects.select_related("language", "working_group", "organization").prefetch_related(
        "themes", "pillars", Prefetch("versions", DocumentVersion.objects.order_by("-number"))
    )
    serializer_class = serializers.DocumentSerializer
    filterset_class = filtersets.DocumentFilterSet
    ordering_fields = ["published_on", "title", "created_at"]
    parser_classes = [MultiPartParser, FormParser]

    def get_serializer_class(self):
        return serializers.DocumentDetailSerializer if self.action == "retrieve" else serializers.DocumentSerializer

    @extend_schema(
        summary="Share a document (multipart upload) with a working group your organization belongs to",
        request={"multipart/form-data": inputs.DocumentCreateInput},
        responses={201: serializers.DocumentDetailSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = inputs.DocumentCreateInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        document = services.document_create(user=request.user, **data.validated_data)
        document = self.base_queryset().get(pk=document.pk)
        body = serializers.DocumentDetailSerializer(document, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download the current file, or another version",
        parameters=[
            OpenApiParameter(
                "version",
                {"type": "integer", "minimum": 1, "maximum": MAX_VERSION},
                description="A version number; the newest by default.",
            )
        ],
        responses={(200, "*/*"): OpenApiTypes.BINARY},
    )
    @action(
        detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, DownloadRenderer], filter_backends=[]
    )
    def download(self, request, pk=None):
        document = self.get_object()
        versions = DocumentVersion.objects.filter(document=document).order_by("-number")
        raw = request.query_params.get("version")
        if raw not in (None, ""):
            # ASCII digits only: str.isdigit() also takes "²", which int() then refuses with a 500.
            if not re.fullmatch(r"[0-9]{1,9}", raw) or not 1 <= int(raw) <= MAX_VERSION:
                raise ValidationError({"version": [f"A version number is a whole number from 1 to {MAX_VERSION}."]})
            versions = versions.filter(number=int(raw))
        version = versions.first()
        if version is None:
            raise NotFound("This document has no such version.")
        record_read(request, document, download=True)
        try:
            handle = version.file.open("rb")
        except FileNotFoundError:
            raise NotFound("The file of this version is missing from storage.") from None
        response = FileResponse(handle, as_attachment=True, filename=safe_filename(version.original_filename))
        response["Content-Type"] = served_type(version.original_filename)
        response["X-Content-Type-Options"] = "nosniff"
        return response


@extend_schema_view(list=extend_schema(summary="Events of the joint calendar you may see"))
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """The joint calendar. Times are UTC (ISO 8601); `time_zone` is the zone of the place."""

    queryset = Event.objects.select_related("working_group").prefetch_related(
        "organizers", "countries", "pillars", "themes"
    )
    serializer_class = serializers.EventSerializer
    filterset_class = filtersets.EventFilterSet
    ordering_fields = ["starts_at", "title"]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Add an event to a working group your organization belongs to",
        request=inputs.EventCreateInput,
        responses={201: serializers.EventSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = inputs.EventCreateInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        event = services.event_create(user=request.user, **data.validated_data)
        body = serializers.EventSerializer(
            self.base_queryset().get(pk=event.pk), context=self.get_serializer_context()
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="The Matrix of UN projects"))
class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    queryset = Project.objects.select_related("lead_entity").prefetch_related(
        "partners", "beneficiary_states", "pillars", "themes"
    )
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    ordering_fields = ["code", "title", "start_date", "budget"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "patch", "head", "options"]

    def base_queryset(self):
        visible = Recommendation.objects.visible_to(self.request.user).only("id", "assessment_id", "number")
        return self.queryset.prefetch_related(Prefetch("responds_to", visible, to_attr="visible_recommendations"))

    @extend_schema(
        summary="The lead entity sets the recommendations its project responds to",
        request=inputs.ProjectResponsesInput,
        responses={200: serializers.ProjectSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        # Refuse who may not act before reading what they sent, so the answer does not depend on it.
        if not services.project_may_set_responses(request.user, project):
            raise PermissionDenied("Only the lead entity links its project to recommendations.")
        # A PATCH changes what it names (the schema makes every field optional): no responds_to, no change.
        data = inputs.ProjectResponsesInput(data=request.data, partial=True, context=self.write_context())
        data.is_valid(raise_exception=True)
        if "responds_to" in data.validated_data:
            services.project_set_responses(
                user=request.user, project=project, recommendations=data.validated_data["responds_to"]
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data)


class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """The Multi-Year Appeal: its projects, what each needs and what it has received (USD)."""

    queryset = Appeal.objects.prefetch_related(
        Prefetch(
            "appeal_projects", AppealProject.objects.select_related("project__lead_entity").order_by("project__code")
        )
    )
    serializer_class = serializers.AppealSerializer
    filterset_class = filtersets.AppealFilterSet
    ordering_fields = ["start_year", "title"]


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """CTED country assessments: a State sees its own, entities those shared with them."""

    queryset = CountryAssessment.objects.select_related("member_state").annotate(
        recommendation_count=Count("recommendations")
    )
    serializer_class = serializers.AssessmentSerializer
    filterset_class = filtersets.AssessmentFilterSet
    ordering_fields = {"country": "member_state__name", "visit_start": "visit_start", "adopted_on": "adopted_on"}
    ordering = ["member_state__name", "-visit_start"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _answer(self, assessment, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=assessment.pk)).data, status=code)

    @extend_schema(
        summary="CTED records an assessment",
        request=inputs.AssessmentInput,
        responses={201: serializers.AssessmentSerializer},
    )
    def create(self, request, *args, **kwargs):
        services.require_cted(request.user)
        data = inputs.AssessmentInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        return self._answer(services.assessment_save(user=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @extend_schema(
        summary="CTED edits an assessment; the assessed State sets only `shared_with_entities`",
        request=inputs.AssessmentInput,
        responses={200: serializers.AssessmentSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        assessment = self.get_object()
        if viewer_for(request.user).sees_all_cted:
            data = inputs.AssessmentInput(assessment, data=request.data, partial=True, context=self.write_context())
            data.is_valid(raise_exception=True)
            assessment = services.assessment_save(user=request.user, assessment=assessment, **data.validated_data)
        elif viewer_for(request.user).speaks_for_state(assessment.member_state_id):
            # Partial like any PATCH: without shared_with_entities nothing changes.
            data = inputs.AssessmentSharingInput(data=request.data, partial=True, context=self.write_context())
            data.is_valid(raise_exception=True)
            if "shared_with_entities" in data.validated_data:
                assessment = services.assessment_set_sharing(
                    user=request.user, assessment=assessment, shared=data.validated_data["shared_with_entities"]
                )
        else:
            raise PermissionDenied("Only the assessed State and CTED change an assessment.")
        return self._answer(assessment)


class RecommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """CTED technical-assistance recommendations, under the visibility of their assessment."""

    queryset = Recommendation.objects.select_related("assessment__member_state", "thematic_area").prefetch_related(
        "responding_projects"
    )
    serializer_class = serializers.RecommendationSerializer
    filterset_class = filtersets.RecommendationFilterSet
    ordering_fields = {"number": "number", "priority": "priority", "status": "status", "updated_at": "updated_at"}
    ordering = ["assessment_id", "number"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _answer(self, recommendation, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=recommendation.pk)).data, status=code)

    @extend_schema(
        summary="CTED records a recommendation",
        request=inputs.RecommendationInput,
        responses={201: serializers.RecommendationSerializer},
    )
    def create(self, request, *args, **kwargs):
        services.require_cted(request.user)
        data = inputs.RecommendationInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        data.validated_data.pop("revision", None)  # a new record has no earlier revision to compare
        return self._answer(
            services.recommendation_save(user=request.user, **data.validated_data), status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="CTED edits a recommendation; the assessed State records `status` and `progress_note`",
        description=(
            'Only the fields sent change. Send the `revision` you read (or `If-Match: "N"`) and a change '
            "made by someone else meanwhile is not overwritten: the answer is 409 with the current revision."
        ),
        request=inputs.RecommendationInput,
        responses={200: serializers.RecommendationSerializer, 409: ConflictSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        recommendation = self.get_object()
        if viewer_for(request.user).sees_all_cted:
            data = inputs.RecommendationInput(
                recommendation, data=request.data, partial=True, context=self.write_context()
            )
            data.is_valid(raise_exception=True)
            fields = dict(data.validated_data)
            expected = expected_revision(request, fields.pop("revision", None))
            recommendation = services.recommendation_save(
                user=request.user, recommendation=recommendation, expected_revision=expected, **fields
            )
        elif viewer_for(request.user).speaks_for_state(recommendation.assessment.member_state_id):
            data = inputs.RecommendationProgressInput(data=request.data, context=self.write_context())
            data.is_valid(raise_exception=True)
            fields = dict(data.validated_data)
            expected = expected_revision(request, fields.pop("revision", None))
            recommendation = services.recommendation_record_progress(
                user=request.user, recommendation=recommendation, expected_revision=expected, **fields
            )
        else:
            raise PermissionDenied("Only the assessed State and CTED change a recommendation.")
        return self._answer(recommendation)


class MetricsView(GenericAPIView):
    """ "Compact in numbers": the latest snapshot, computed or published."""

    serializer_class = serializers.MetricSnapshotSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return MetricSnapshot.objects.visible_to(self.request.user)

    @extend_schema(summary="The latest figures", responses={200: serializers.MetricSnapshotSerializer})
    def get(self, request):
        latest = self.get_queryset().order_by("-as_of", "-id").first()
        if latest is None:
            raise NotFound("No figures have been computed or published yet.")
        return Response(self.get_serializer(latest).data)


class MetricHistoryView(ListAPIView):
    """Every snapshot, oldest first; figures published in newsletters have `source` = published."""

    serializer_class = serializers.MetricHistorySerializer
    filterset_class = filtersets.MetricHistoryFilterSet
    searchable = False
    ordering_fields = ["as_of"]
    ordering = ["as_of"]

    def get_queryset(self):
        return MetricSnapshot.objects.visible_to(self.request.user)
