"""/api/v1/deletions/: the records deleted from the API's lists, for the systems that copy them.

A copy asks what changed since its last visit with `updated_after` on each list, and what was deleted
with `since` here: each deletion names the resource (`kind`, as in the list's path) and the record's id.
A deletion is listed to those who could read the record when it was deleted (platform_app.core.sync).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from platform_app.core.api.base import VisibleViewSet
from platform_app.core.filters import DeletionFilterSet
from platform_app.core.models import Deletion
from platform_app.core.sync import SYNCED


class DeletionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=list(SYNCED), help_text="The API resource, as in its path.")
    id = serializers.IntegerField(source="object_id", help_text="The id the record had.")
    deleted_at = serializers.DateTimeField(help_text="When it was deleted; `since` asks for those deleted since then.")

    class Meta:
        model = Deletion
        fields = ["kind", "id", "deleted_at"]


@extend_schema_view(
    list=extend_schema(
        summary="Records deleted that you could read when they were deleted",
        description=(
            "Oldest first. Ask with `since` set to a time a little before your last visit; a deletion may "
            "come again, and is the same deletion."
        ),
    )
)
class DeletionViewSet(mixins.ListModelMixin, VisibleViewSet):
    queryset = Deletion.objects.all()
    serializer_class = DeletionSerializer
    filterset_class = DeletionFilterSet
    searchable = False
    changed_field = "deleted_at"
    ordering = ["deleted_at"]
