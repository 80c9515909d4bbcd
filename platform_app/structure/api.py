from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from platform_app.core.api.inputs import FormNullablePrimaryKeyRelatedField, SlugRelatedField, StrictInputSerializer
from platform_app.core.api.serializers import described
from platform_app.core.models import Visibility
from platform_app.directory.models import Organization
from platform_app.structure.models import Pillar, ThematicArea, WorkingGroup


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


def _organizations(help_text: str, **kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False, help_text=help_text, **kwargs
    )


class SharedObjectInput(StrictInputSerializer):
    working_group = FormNullablePrimaryKeyRelatedField(
        queryset=WorkingGroup.objects.all(),
        required=False,
        allow_null=True,
        help_text="A working group your organization is a member of (the Secretariat may leave it empty).",
    )
    visibility = serializers.ChoiceField(
        choices=Visibility.choices,
        default=Visibility.PLATFORM,
        help_text="Who may see it besides the Secretariat; restricted needs `allowed_organizations`.",
    )
    allowed_organizations = _organizations("For restricted visibility: the organizations that may see it.")
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        help_text="On whose behalf; focal points always share for their own organization.",
    )
    themes = _themes(help_text="Thematic area slugs.")
    pillars = _pillars()


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
