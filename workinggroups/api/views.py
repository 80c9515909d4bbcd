from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from platform_app.core.api.base import VisibleViewSet
from platform_app.library.models import Document
from platform_app.structure.models import WorkingGroup, WorkingGroupMembership
from workinggroups.filtersets import MeetingFilterSet, WorkingGroupFilterSet
from workinggroups.models import Meeting

from .serializers import MeetingSerializer, WorkingGroupSerializer


@extend_schema_view(
    list=extend_schema(summary="The working groups"),
    retrieve=extend_schema(summary="A working group with its members"),
)
class WorkingGroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """The eight working groups, each with its chair, co-chairs, vice-chairs, members and observers."""

    queryset = WorkingGroup.objects.prefetch_related(
        "pillars",
        Prefetch(
            "memberships",
            WorkingGroupMembership.objects.select_related("organization").order_by("role", "organization__name"),
        ),
    )
    serializer_class = WorkingGroupSerializer
    filterset_class = WorkingGroupFilterSet
    ordering_fields = ["number", "short_name"]


@extend_schema_view(
    list=extend_schema(summary="Working group meetings you may see"),
    retrieve=extend_schema(summary="A meeting with its documents"),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Working group meetings, for members, observers, entities and invited organizations."""

    queryset = Meeting.objects.select_related("working_group")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["starts_at", "title"]
    ordering = ["-starts_at"]

    def base_queryset(self):
        documents = Document.objects.visible_to(self.request.user).only("id", "title")
        return self.queryset.prefetch_related(Prefetch("documents", documents, to_attr="visible_documents"))
