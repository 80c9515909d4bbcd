"""The API's figures: the latest published snapshot and the history of snapshots."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from platform_app.core.api.exports import BulkExportMixin
from platform_app.core.api.schema import ErrorSerializer
from platform_app.core.api.serializers import described
from platform_app.metrics.filters import MetricHistoryFilterSet
from platform_app.metrics.labels import labelled_breakdowns
from platform_app.metrics.models import FIGURES, MetricSnapshot


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

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if "breakdowns" in data:
            # Labels in the language the client reads, not the worker's that computed them (metrics.labels).
            data["breakdowns"] = labelled_breakdowns(data["breakdowns"])
        return data


class MetricHistorySerializer(MetricSnapshotSerializer):
    """The series: figures only, published newsletter figures marked by `source`."""

    class Meta(MetricSnapshotSerializer.Meta):
        fields = ["id", "as_of", "source", "label", "reference", "figures"]


class MetricsView(GenericAPIView):
    """ "Compact in numbers": the latest snapshot, computed or published."""

    serializer_class = MetricSnapshotSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return MetricSnapshot.objects.visible_to(self.request.user)

    @extend_schema(
        summary="The latest figures",
        responses={
            200: MetricSnapshotSerializer,
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

    serializer_class = MetricHistorySerializer
    filterset_class = MetricHistoryFilterSet
    searchable = False
    ordering_fields = ["as_of"]
    ordering = ["as_of"]

    def get_queryset(self):
        return MetricSnapshot.objects.visible_to(self.request.user)
