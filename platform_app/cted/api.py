"""CTED country assessments and their recommendations, through the API; and on a project's record, the
recommendations it responds to (a field and the PATCH added to the projects' API)."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.parsers import JSONParser

from platform_app.core.api.base import VisibleViewSet
from platform_app.core.api.inputs import (
    MAX_TEXT,
    SlugRelatedField,
    StrictInputSerializer,
    VisibleRecordField,
    _revision,
)
from platform_app.core.api.rows import shown
from platform_app.core.api.schema import ConflictSerializer
from platform_app.core.api.serializers import CompiledSerializer, described, prefetched_list, shown_columns
from platform_app.core.languages import language_input
from platform_app.cted.filters import AssessmentFilterSet, RecommendationFilterSet
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.cted.policies import may_edit_cted, may_record_progress, may_set_responses, may_set_sharing
from platform_app.cted.responses import project_set_responses
from platform_app.cted.services import (
    assessment_save,
    assessment_set_sharing,
    recommendation_record_progress,
    recommendation_save,
)
from platform_app.directory.api import OrganizationRefSerializer
from platform_app.directory.models import Organization
from platform_app.projects.api import (
    ProjectRefSerializer,
    RecordField,
    RecordUpdate,
    add_record_field,
    set_record_update,
)
from platform_app.projects.models import Project
from platform_app.structure.api import ThemeRefSerializer
from platform_app.structure.models import ThematicArea


class AssessmentInput(StrictInputSerializer):
    """CTED's full edit of an assessment."""

    member_state = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE),
        help_text="The id of the assessed Member State.",
    )
    kind = serializers.ChoiceField(
        choices=CountryAssessment.Kind.choices,
        default=CountryAssessment.Kind.COMPREHENSIVE,
        help_text="The kind of assessment.",
    )
    title = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", help_text="The assessment's title."
    )
    visit_start = serializers.DateField(required=False, allow_null=True, help_text="The first day of the visit.")
    visit_end = serializers.DateField(
        required=False, allow_null=True, help_text="The last day of the visit, not before `visit_start`."
    )
    adopted_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Adoption by the Counter-Terrorism Committee, not before `visit_start`.",
    )
    summary = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default="", help_text="A summary."
    )
    shared_with_entities = serializers.BooleanField(
        default=False, help_text="The assessed State consents to share it with Compact entities."
    )

    def validate(self, attrs):
        start = attrs.get("visit_start", getattr(self.instance, "visit_start", None))
        end = attrs.get("visit_end", getattr(self.instance, "visit_end", None))
        adopted = attrs.get("adopted_on", getattr(self.instance, "adopted_on", None))
        if start and end and end < start:
            raise serializers.ValidationError({"visit_end": ["The visit cannot end before it starts."]})
        if start and adopted and adopted < start:
            raise serializers.ValidationError({"adopted_on": ["Adoption cannot precede the visit."]})
        return attrs


class AssessmentSharingInput(StrictInputSerializer):
    """What the assessed State may change: whether Compact entities see the assessment."""

    record_input = AssessmentInput
    shared_with_entities = serializers.BooleanField(
        help_text="The assessed State consents to share it with Compact entities."
    )


class RecommendationInput(StrictInputSerializer):
    """CTED's full edit of a recommendation."""

    assessment = serializers.PrimaryKeyRelatedField(
        queryset=CountryAssessment.objects.all(), help_text="The id of the assessment that makes it."
    )
    number = serializers.IntegerField(
        min_value=1, max_value=100_000, help_text="Its order within the assessment, unique there."
    )
    thematic_area = SlugRelatedField(
        slug_field="slug", queryset=ThematicArea.objects.all(), help_text="The thematic area's slug."
    )
    text = serializers.CharField(max_length=MAX_TEXT, help_text="The recommendation.")
    language = language_input()
    priority = serializers.ChoiceField(
        choices=Recommendation.Priority.choices, default=Recommendation.Priority.MEDIUM, help_text="CTED's priority."
    )
    status = serializers.ChoiceField(
        choices=Recommendation.Status.choices,
        default=Recommendation.Status.OPEN,
        help_text="Where its implementation stands.",
    )
    progress_note = serializers.CharField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Progress, as the assessed State records it.",
    )
    responding_projects = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.all(),
        many=True,
        required=False,
        help_text="Ids of the projects of the Matrix that respond to it; replaces the list.",
    )
    revision = _revision()

    def validate(self, attrs):
        assessment = attrs.get("assessment", getattr(self.instance, "assessment", None))
        number = attrs.get("number", getattr(self.instance, "number", None))
        clash = Recommendation.objects.filter(assessment=assessment, number=number)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"number": ["This assessment already has a recommendation with this number."]}
            )
        return attrs


class RecommendationProgressInput(StrictInputSerializer):
    """What the assessed State may change: where it stands."""

    record_input = RecommendationInput
    status = serializers.ChoiceField(
        choices=Recommendation.Status.choices, required=False, help_text="Where its implementation stands."
    )
    progress_note = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, help_text="Progress, as the State records it."
    )
    revision = _revision()


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


class RecommendationSerializer(CompiledSerializer, serializers.ModelSerializer):
    country = OrganizationRefSerializer(source="assessment.member_state", help_text="The assessed Member State.")
    thematic_area = ThemeRefSerializer(help_text="The thematic area it concerns.")
    responding_projects = ProjectRefSerializer(many=True, help_text="The projects of the Matrix responding to it.")

    class Meta:
        model = Recommendation
        extra_kwargs = described(
            assessment="The id of the assessment that made it.",
            text="The recommendation.",
            language="The language of its text, as given or detected.",
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
            "language",
            "priority",
            "status",
            "progress_note",
            "responding_projects",
            "revision",
            "created_at",
            "updated_at",
        ]


@extend_schema_view(
    list=extend_schema(summary="CTED country assessments you may see"),
    retrieve=extend_schema(summary="A CTED country assessment"),
)
class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """CTED country assessments: a State sees its own, entities those shared with them."""

    queryset = CountryAssessment.objects.select_related("member_state").annotate(
        recommendation_count=Count("recommendations")
    )
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    ordering_fields = {"country": "member_state__name", "visit_start": "visit_start", "adopted_on": "adopted_on"}
    ordering = ["member_state__name", "-visit_start"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        summary="CTED records an assessment",
        description="CTED and the Secretariat record an assessment of a Member State, confidential unless shared.",
        request=AssessmentInput,
        responses={201: AssessmentSerializer},
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
        may_edit_cted(request.user).check()
        assessment = assessment_save(user=request.user, **self.read_input(AssessmentInput))
        return self.answer(assessment, status.HTTP_201_CREATED)

    @extend_schema(
        summary="CTED edits an assessment; the assessed State sets only `shared_with_entities`",
        description=(
            "Only the fields sent change. CTED and the Secretariat change any; the assessed State's focal "
            "points decide only whether Compact entities see the assessment (`shared_with_entities`)."
        ),
        request=AssessmentInput,
        responses={200: AssessmentSerializer},
        examples=[
            OpenApiExample("The State shares it with entities", value={"shared_with_entities": True}, request_only=True)
        ],
    )
    def partial_update(self, request, *args, **kwargs):
        assessment = self.get_object()
        # CTED edits every field; the assessed State decides only on sharing; others are refused.
        if may_edit_cted(request.user):
            data = self.read_input(AssessmentInput, assessment, partial=True)
            assessment = assessment_save(user=request.user, assessment=assessment, **data)
        else:
            may_set_sharing(request.user, assessment).check()
            # Partial like any PATCH: without shared_with_entities nothing changes.
            data = self.read_input(AssessmentSharingInput, assessment, partial=True)
            if "shared_with_entities" in data:
                assessment = assessment_set_sharing(
                    user=request.user, assessment=assessment, shared=data["shared_with_entities"]
                )
        return self.answer(assessment)


@extend_schema_view(
    list=extend_schema(summary="CTED recommendations you may see"),
    retrieve=extend_schema(summary="A CTED recommendation"),
)
class RecommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """CTED technical-assistance recommendations, under the visibility of their assessment."""

    queryset = Recommendation.objects.select_related("assessment__member_state", "thematic_area").prefetch_related(
        "responding_projects"
    )
    # The list (and its export) reads the columns it shows, and the projects as plain lists.
    list_queryset = shown(
        Recommendation.objects.select_related("assessment__member_state", "thematic_area")
        .only(
            *shown_columns(
                Recommendation,
                "created_at",
                "updated_at",
                "revision",
                "assessment__member_state__acronym",
                "assessment__member_state__name",
                "number",
                "thematic_area__slug",
                "thematic_area__name",
                "text",
                "language",
                "priority",
                "status",
                "progress_note",
            )
        )
        .prefetch_related(prefetched_list("responding_projects", Project.objects.only("code", "title")))
    )
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet
    ordering_fields = {"number": "number", "priority": "priority", "status": "status"}
    ordering = ["assessment_id", "number"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def base_queryset(self):
        return (self.list_queryset if self.action == "list" else self.queryset).all()

    @extend_schema(
        summary="CTED records a recommendation",
        description="CTED and the Secretariat add a recommendation to an assessment; its number is unique there.",
        request=RecommendationInput,
        responses={201: RecommendationSerializer},
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
        may_edit_cted(request.user).check()
        data = self.read_input(RecommendationInput)
        data.pop("revision", None)  # a new record has no earlier revision to compare
        return self.answer(recommendation_save(user=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(
        summary="CTED edits a recommendation; the assessed State records `status` and `progress_note`",
        description=(
            'Only the fields sent change. Send the `revision` you read (or `If-Match: "N"`) and a change '
            "made by someone else meanwhile is not overwritten: the answer is 409 with the current revision."
        ),
        request=RecommendationInput,
        responses={200: RecommendationSerializer, 409: ConflictSerializer},
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
        # CTED edits every field; the assessed State records its progress; others are refused.
        if may_edit_cted(request.user):
            fields, expected = self.read_change(RecommendationInput, recommendation)
            recommendation = recommendation_save(
                user=request.user, recommendation=recommendation, expected_revision=expected, **fields
            )
        else:
            may_record_progress(request.user, recommendation).check()
            fields, expected = self.read_change(RecommendationProgressInput, recommendation)
            recommendation = recommendation_record_progress(
                user=request.user, recommendation=recommendation, expected_revision=expected, **fields
            )
        return self.answer(recommendation)


# --- on a project's record: the recommendations it responds to --------------------------------------------


class ProjectResponsesInput(StrictInputSerializer):
    """What the lead entity may change: the recommendations its project responds to."""

    responds_to = VisibleRecordField(Recommendation, many=True, help_text="Recommendation ids; replaces the list.")


@extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
class RespondsToField(serializers.Field):
    """The ids of the recommendations a project responds to, among those the caller may see."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Project) -> list[int]:
        # Prefetched through `visible_to(user)` (visible_recommendations), so another State's never shows.
        return [rec.pk for rec in value.visible_recommendations]


def visible_recommendations(relation: str, user) -> Prefetch:
    """The recommendations a record names through `relation`, only those `user` may see, prefetched as
    `visible_recommendations`."""
    visible = Recommendation.objects.visible_to(user).only("id", "assessment_id", "number")
    return Prefetch(relation, visible, to_attr="visible_recommendations")


def _set_responses(view, request, project: Project) -> None:
    # Refuse who may not act before reading what they sent, so the answer does not depend on it.
    may_set_responses(request.user, project).check()
    # A PATCH changes what it names (the schema makes every field optional): no responds_to, no change.
    data = view.read_input(ProjectResponsesInput, partial=True)
    if "responds_to" in data:
        project_set_responses(user=request.user, project=project, recommendations=data["responds_to"])


add_record_field(
    RecordField(
        name="responds_to",
        make=lambda: RespondsToField(
            help_text="CTED recommendations the project responds to, among those the caller may see."
        ),
        prefetch=lambda user: visible_recommendations("responds_to", user),
    )
)


set_record_update(
    RecordUpdate(
        apply=_set_responses,
        input=ProjectResponsesInput,
        summary="The lead entity sets the recommendations its project responds to",
        description=(
            "The lead entity's focal points (and the Secretariat) replace the list of recommendations the "
            "project responds to. Links to recommendations you may not see are kept as they are."
        ),
        examples=(OpenApiExample("Two recommendations", value={"responds_to": [41, 42]}, request_only=True),),
    )
)
