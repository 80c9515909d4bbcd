"""The directory in the API: organizations and focal points, and the inputs shared records name them in."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers

from platform_app.core.api.base import VisibleViewSet
from platform_app.core.api.inputs import FormNullablePrimaryKeyRelatedField, StrictInputSerializer
from platform_app.core.api.serializers import described
from platform_app.core.models import Visibility
from platform_app.directory.filters import FocalPointFilterSet, OrganizationFilterSet
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.policies import sees_hidden_contact
from platform_app.directory.selectors import DIRECTORY_ORDER
from platform_app.structure.api import ThemeRefSerializer, _pillars, _themes
from platform_app.structure.models import WorkingGroup


class OrganizationRefSerializer(serializers.ModelSerializer):
    """An organization named inside another object."""

    class Meta:
        model = Organization
        fields = ["id", "acronym", "name"]
        extra_kwargs = described(name="The organization's full name.")


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        extra_kwargs = described(
            kind="A Compact entity, a Member State, or an international or regional organization.",
            name="The organization's full name.",
            iso_alpha2="ISO 3166-1 alpha-2 code of a Member State (KE); blank for other organizations.",
            iso_alpha3="ISO 3166-1 alpha-3 code of a Member State (KEN); blank for other organizations.",
            region="The region of a Member State; blank where none is recorded.",
            subregion="The UN M49 subregion of a Member State, e.g. Eastern Africa; blank where none is recorded.",
            website="The organization's website; blank if not recorded.",
            description="About the organization; blank if not written.",
            is_active="Whether the organization is active on the platform.",
        )
        fields = [
            "id",
            "kind",
            "name",
            "acronym",
            "compact_status",
            "iso_alpha2",
            "iso_alpha3",
            "region",
            "subregion",
            "website",
            "description",
            "is_active",
            "updated_at",
        ]


class FocalPointSerializer(serializers.ModelSerializer):
    """A person of the directory. Contact details the person chose to hide are null, except for the
    Secretariat and the person themselves."""

    first_name = serializers.CharField(source="user.first_name", help_text="Given name.")
    last_name = serializers.CharField(source="user.last_name", help_text="Family name.")
    organization = OrganizationRefSerializer(help_text="The organization that nominated the person.")
    organization_kind = serializers.CharField(
        source="organization.kind", help_text="The kind of that organization, as `kind` of organizations."
    )
    email = serializers.SerializerMethodField(help_text="Work email; null if the person hides it from you.")
    phone = serializers.SerializerMethodField(help_text="Office phone; null if not given or hidden from you.")
    mobile = serializers.SerializerMethodField(help_text="Mobile phone; null if not given or hidden from you.")
    expertise = ThemeRefSerializer(many=True, help_text="Thematic areas of the person's expertise.")
    languages = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes of the languages the person works in (en, fr…)."
    )

    class Meta:
        model = FocalPoint
        extra_kwargs = described(
            job_title="Job title; blank if not given.",
            department="Department or office; blank if not given.",
            city="City of the duty station; blank if not given.",
        )
        fields = [
            "id",
            "title",
            "first_name",
            "last_name",
            "job_title",
            "department",
            "organization",
            "organization_kind",
            "email",
            "phone",
            "mobile",
            "city",
            "expertise",
            "languages",
            "is_primary",
            "updated_at",
        ]

    def _sees_hidden(self, focal_point: FocalPoint) -> bool:
        return sees_hidden_contact(self.context["request"].user, focal_point)

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, obj: FocalPoint):
        if obj.hide_email and not self._sees_hidden(obj):
            return None
        return obj.email or obj.user.email or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_phone(self, obj: FocalPoint):
        return None if obj.hide_phone and not self._sees_hidden(obj) else (obj.phone or None)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_mobile(self, obj: FocalPoint):
        return None if obj.hide_phone and not self._sees_hidden(obj) else (obj.mobile or None)


@extend_schema_view(
    list=extend_schema(summary="Compact entities, Member States and international/regional organizations"),
    retrieve=extend_schema(summary="An organization"),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Compact entities, Member States and international/regional organizations."""

    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "acronym", "kind"]


@extend_schema_view(
    list=extend_schema(summary="The directory of focal points"),
    retrieve=extend_schema(summary="A focal point"),
)
class FocalPointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """The directory of focal points. Hidden contact details are null except for the Secretariat."""

    queryset = FocalPoint.objects.select_related("user", "organization").prefetch_related("expertise", "languages")
    serializer_class = FocalPointSerializer
    filterset_class = FocalPointFilterSet
    ordering_fields = {
        "last_name": "user__last_name",
        "first_name": "user__first_name",
        "organization": "organization__name",
    }
    # As the directory's page lists them.
    ordering = list(DIRECTORY_ORDER)


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
