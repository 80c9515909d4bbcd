"""API viewsets of the platform's records: thin, a queryset, a serializer and a filter set each.

Writes validate with an input serializer, call a service, and answer with the read representation.
"""

from __future__ import annotations

import re

from django.db.models import Count, Prefetch
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.negotiation import BaseContentNegotiation
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
from platform_app.uploads import safe_filename, served_type, served_types
from platform_app.visibility import viewer_for

from . import inputs, serializers
from .base import VisibleViewSet
from .exports import BulkExportMixin
from .schema import REVISION_TAG, ConflictSerializer, ErrorSerializer

MAX_VERSION = 999_999_999


def expected_revision(request, in_body: int | None) -> int | None:
    """The revision a change starts from: `revision` in the body, or an `If-Match: "N"` header."""
    if in_body is not None:
        return in_body
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    match = re.fullmatch(REVISION_TAG, header)
    if match is None:
        raise ValidationError({"If-Match": ['Send the revision you read, e.g. If-Match: "3".']})
    return int(match.group(1))


@extend_schema_view(
    list=extend_schema(summary="Compact entities, Member States and international/regional organizations"),
    retrieve=extend_schema(summary="An organization"),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Compact entities, Member States and international/regional organizations."""

    queryset = Organization.objects.all()
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filtersets.OrganizationFilterSet
    ordering_fields = ["name", "acronym", "kind"]


@extend_schema_view(
    list=extend_schema(summary="The directory of focal points"),
    retrieve=extend_schema(summary="A focal point"),
)
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


class FileNegotiation(BaseContentNegotiation):
    """A download is its file, in the type its content was checked against, and an error is JSON, whatever
    the Accept header or a `format` parameter ask: nothing there is for a client to choose."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


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
        description=(
            "The file and what it is, as multipart/form-data; the file's type is checked against its content. "
            "Focal points share on behalf of their own organization, in a working group it belongs to or with "
            "no group; the Secretariat may name the organization (`organization`). The answer is the new "
            "document, the file being its version 1."
        ),
        request={"multipart/form-data": inputs.DocumentCreateInput},
        responses={201: serializers.DocumentDetailSerializer},
        examples=[
            OpenApiExample(
                "A report for a working group",
                value={
                    "title": "Border management in East Africa: lessons from the Nairobi workshop",
                    "description": "Findings of the regional workshop on border security and management.",
                    "document_type": "report",
                    "language": "en",
                    "published_on": "2025-11-14",
                    "working_group": 2,
                    "visibility": "working_group",
                    "themes": ["border-management", "law-enforcement"],
                    "pillars": [2],
                    "version_note": "First edition.",
                    "file": "border-management-lessons.pdf",
                },
                request_only=True,
                media_type="multipart/form-data",
            )
        ],
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
        description="The file of the newest version, or of `version`, as an attachment.",
        parameters=[
            OpenApiParameter(
                "version",
                {"type": "integer", "minimum": 1, "maximum": MAX_VERSION},
                description="A version number; the newest by default.",
            )
        ],
        responses={
            (200, *served_types()): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, in the type of its extension (checked when it came in), as an attachment.",
            )
        },
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer],
        content_negotiation_class=FileNegotiation,
        filter_backends=[],
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


@extend_schema_view(
    list=extend_schema(summary="Events of the joint calendar you may see"),
    retrieve=extend_schema(summary="An event of the joint calendar"),
)
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
        description=(
            "Focal points add events of their own organization to a working group it belongs to; the "
            "Secretariat may leave out the group and name the organizing organization (`organization`). "
            "Times are ISO 8601 with their zone and are stored in UTC."
        ),
        request=inputs.EventCreateInput,
        responses={201: serializers.EventSerializer},
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
        data = inputs.EventCreateInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        event = services.event_create(user=request.user, **data.validated_data)
        body = serializers.EventSerializer(
            self.base_queryset().get(pk=event.pk), context=self.get_serializer_context()
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


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
        description=(
            "The lead entity's focal points (and the Secretariat) replace the list of recommendations the "
            "project responds to. Links to recommendations you may not see are kept as they are."
        ),
        request=inputs.ProjectResponsesInput,
        responses={200: serializers.ProjectSerializer},
        examples=[OpenApiExample("Two recommendations", value={"responds_to": [41, 42]}, request_only=True)],
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
    serializer_class = serializers.AppealSerializer
    filterset_class = filtersets.AppealFilterSet
    ordering_fields = ["start_year", "title"]


@extend_schema_view(
    list=extend_schema(summary="CTED country assessments you may see"),
    retrieve=extend_schema(summary="A CTED country assessment"),
)
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
        description="CTED and the Secretariat record an assessment of a Member State, confidential unless shared.",
        request=inputs.AssessmentInput,
        responses={201: serializers.AssessmentSerializer},
        examples=[
            OpenApiExample(
                "A follow-up visit",
                value={
                    "member_state": 112,
                    "kind": "follow_up",
                    "title": "Follow-up assessment visit to Kenya",
                    "visit_start": "2025-02-03",
                    "visit_end": "2025-02-07",
                    "adopted_on": "2025-06-19",
                    "summary": "Progress on border management and countering the financing of terrorism.",
                    "shared_with_entities": False,
                },
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        services.require_cted(request.user)
        data = inputs.AssessmentInput(data=request.data, context=self.write_context())
        data.is_valid(raise_exception=True)
        return self._answer(services.assessment_save(user=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @extend_schema(
        summary="CTED edits an assessment; the assessed State sets only `shared_with_entities`",
        description=(
            "Only the fields sent change. CTED and the Secretariat change any; the assessed State's focal "
            "points decide only whether Compact entities see the assessment (`shared_with_entities`)."
        ),
        request=inputs.AssessmentInput,
        responses={200: serializers.AssessmentSerializer},
        examples=[
            OpenApiExample("The State shares it with entities", value={"shared_with_entities": True}, request_only=True)
        ],
    )
    def partial_update(self, request, *args, **kwargs):
        assessment = self.get_object()
        if viewer_for(request.user).sees_all_cted:
            data = inputs.AssessmentInput(assessment, data=request.data, partial=True, context=self.write_context())
            data.is_valid(raise_exception=True)
            assessment = services.assessment_save(user=request.user, assessment=assessment, **data.validated_data)
        elif viewer_for(request.user).speaks_for_state(assessment.member_state_id):
            # Partial like any PATCH: without shared_with_entities nothing changes.
            data = inputs.AssessmentSharingInput(
                assessment, data=request.data, partial=True, context=self.write_context()
            )
            data.is_valid(raise_exception=True)
            if "shared_with_entities" in data.validated_data:
                assessment = services.assessment_set_sharing(
                    user=request.user, assessment=assessment, shared=data.validated_data["shared_with_entities"]
                )
        else:
            raise PermissionDenied("Only the assessed State and CTED change an assessment.")
        return self._answer(assessment)


@extend_schema_view(
    list=extend_schema(summary="CTED recommendations you may see"),
    retrieve=extend_schema(summary="A CTED recommendation"),
)
class RecommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """CTED technical-assistance recommendations, under the visibility of their assessment."""

    queryset = Recommendation.objects.select_related("assessment__member_state", "thematic_area").prefetch_related(
        "responding_projects"
    )
    serializer_class = serializers.RecommendationSerializer
    filterset_class = filtersets.RecommendationFilterSet
    ordering_fields = {"number": "number", "priority": "priority", "status": "status"}
    ordering = ["assessment_id", "number"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _answer(self, recommendation, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=recommendation.pk)).data, status=code)

    @extend_schema(
        summary="CTED records a recommendation",
        description="CTED and the Secretariat add a recommendation to an assessment; its number is unique there.",
        request=inputs.RecommendationInput,
        responses={201: serializers.RecommendationSerializer},
        examples=[
            OpenApiExample(
                "A recommendation on border management",
                value={
                    "assessment": 7,
                    "number": 3,
                    "thematic_area": "border-management",
                    "text": "Extend advance passenger information screening to the land border posts.",
                    "priority": "high",
                    "status": "open",
                    "responding_projects": [],
                },
                request_only=True,
            )
        ],
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
        examples=[
            OpenApiExample(
                "The State records progress",
                value={
                    "status": "in_progress",
                    "progress_note": "Screening now runs at three of the five land border posts.",
                    "revision": 4,
                },
                request_only=True,
            )
        ],
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
            data = inputs.RecommendationProgressInput(
                recommendation, data=request.data, partial=True, context=self.write_context()
            )
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

    @extend_schema(
        summary="The latest figures",
        responses={
            200: serializers.MetricSnapshotSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No figures have been computed or published yet."),
        },
    )
    def get(self, request):
        latest = self.get_queryset().order_by("-as_of", "-id").first()
        if latest is None:
            raise NotFound("No figures have been computed or published yet.")
        return Response(self.get_serializer(latest).data)


@extend_schema_view(get=extend_schema(summary="Every snapshot of the figures, oldest first"))
class MetricHistoryView(BulkExportMixin, ListAPIView):
    """Every snapshot, oldest first; figures published in newsletters have `source` = published."""

    serializer_class = serializers.MetricHistorySerializer
    filterset_class = filtersets.MetricHistoryFilterSet
    searchable = False
    ordering_fields = ["as_of"]
    ordering = ["as_of"]

    def get_queryset(self):
        return MetricSnapshot.objects.visible_to(self.request.user)
