"""How the Compact's structure appears in the API: references to thematic areas, pillars and working groups."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from platform_app.core.api.inputs import SlugRelatedField
from platform_app.core.api.serializers import described
from platform_app.structure.models import Pillar, ThematicArea


def _themes(**kwargs):
    return SlugRelatedField(slug_field="slug", queryset=ThematicArea.objects.all(), many=True, required=False, **kwargs)


# The four pillars always exist (a check constraint keeps their numbers 1-4): the schema can say which.
@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 4})
class PillarField(SlugRelatedField):
    pass


def _pillars():
    return PillarField(
        slug_field="number", queryset=Pillar.objects.all(), many=True, required=False, help_text="Pillar numbers, 1-4."
    )


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
