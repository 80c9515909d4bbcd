"""The Member States' pages and entries in the API."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from platform_app.core.api.base import VisibleViewSet
from platform_app.core.api.inputs import (
    CHANGE_DESCRIPTION,
    MAX_TEXT,
    SlugRelatedField,
    StrictInputSerializer,
    _revision,
)
from platform_app.core.api.schema import ConflictSerializer
from platform_app.core.api.serializers import described
from platform_app.core.filters import SLUG
from platform_app.core.languages import language_input
from platform_app.countries.filters import CountryEntryFilterSet, CountryPageFilterSet
from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment
from platform_app.countries.policies import may_moderate, may_write_page, sees_entry_audience
from platform_app.countries.services import entry_change, entry_delete, entry_moderate, entry_save, state_of
from platform_app.directory.models import Organization
from platform_app.structure.api import PillarField
from platform_app.structure.models import Pillar, ThematicArea

# --- representations ----------------------------------------------------------------------------------


def _entry_kind(**kwargs):
    return serializers.ChoiceField(choices=CountryEntry.Kind.choices, **kwargs)


class CountryRefSerializer(serializers.ModelSerializer):
    """A Member State named inside another object."""

    class Meta:
        model = Organization
        fields = ["id", "name", "iso_alpha3"]
        extra_kwargs = described(name="The State's name.", iso_alpha3="Its ISO 3166-1 alpha-3 code, e.g. KEN.")


class CountryPageSerializer(serializers.ModelSerializer):
    country = CountryRefSerializer(source="member_state", help_text="The Member State whose page it is.")

    class Meta:
        model = CountryPage
        fields = ["id", "country", "overview", "updated_at"]
        extra_kwargs = described()


class AttachmentSerializer(serializers.ModelSerializer):
    filename = serializers.CharField(source="original_filename", help_text="The file's name when it was attached.")

    class Meta:
        model = EntryAttachment
        extra_kwargs = described(
            size="Size in bytes.", content_type="The type its content was checked to be when it came in."
        )
        fields = ["id", "filename", "size", "content_type"]


class CountryEntrySerializer(serializers.ModelSerializer):
    """An entry of a State's page. Who may read it and whether the Secretariat hid it are shown to the
    State's own focal points and the Secretariat only (null for others)."""

    country = CountryRefSerializer(source="page.member_state", help_text="The Member State whose page it is on.")
    kind = _entry_kind(read_only=True, help_text="A priority, a challenge or a good practice.")
    pillar = serializers.SlugRelatedField(
        slug_field="number", read_only=True, allow_null=True, help_text="The pillar's number, 1-4; null if none."
    )
    thematic_area = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The thematic area's slug; null if none."
    )
    attachments = AttachmentSerializer(many=True, read_only=True, help_text="The files attached to it.")
    allowed_organizations = serializers.SerializerMethodField(
        help_text="For the named-organizations audience: their ids. Null unless you write or moderate the page."
    )
    is_hidden = serializers.SerializerMethodField(help_text="Hidden by the Secretariat from all but the State.")
    moderation_reason = serializers.SerializerMethodField(help_text="Why the Secretariat hid or restored it.")

    class Meta:
        model = CountryEntry
        extra_kwargs = described(
            title="The entry's title.",
            text="The entry's text.",
            language="The language of its text, as given or detected.",
            audience="Who may read it, besides the State and the Secretariat.",
        )
        fields = [
            "id",
            "country",
            "kind",
            "title",
            "text",
            "language",
            "dated_on",
            "pillar",
            "thematic_area",
            "audience",
            "allowed_organizations",
            "attachments",
            "is_hidden",
            "moderation_reason",
            "revision",
            "updated_at",
        ]

    def _sees_moderation(self, entry: CountryEntry) -> bool:
        return sees_entry_audience(self.context["request"].user, entry.page.member_state_id)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    def get_allowed_organizations(self, obj: CountryEntry):
        if not self._sees_moderation(obj):
            return None
        return sorted(org.pk for org in obj.allowed_organizations.all())

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_is_hidden(self, obj: CountryEntry):
        return obj.is_hidden if self._sees_moderation(obj) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_moderation_reason(self, obj: CountryEntry):
        return obj.moderation_reason if self._sees_moderation(obj) else None


# What a slug looks like, said here for the nullable field too (the schema's own rule covers non-null ones).
@extend_schema_field({"type": "string", "pattern": SLUG, "maxLength": ThematicArea._meta.get_field("slug").max_length})
class ThemeField(SlugRelatedField):
    """A thematic area by slug. The schema's pattern allows no empty string, so neither does the field
    (DRF would read "" as null): a thematic area left out is said with null."""

    default_error_messages = {**SlugRelatedField.default_error_messages, "blank": "Give a slug, or null for none."}

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("blank")
        return super().run_validation(data)


def _thematic_area(**kwargs):
    return ThemeField(slug_field="slug", queryset=ThematicArea.objects.all(), help_text="Slug.", **kwargs)


class CountryEntryInput(StrictInputSerializer):
    kind = _entry_kind(help_text="A priority, a challenge or a good practice.")
    title = serializers.CharField(max_length=255, help_text="The entry's title.")
    text = serializers.CharField(max_length=MAX_TEXT, help_text="The entry's text.")
    language = language_input()
    dated_on = serializers.DateField(help_text="The date the entry speaks of.")
    pillar = PillarField(
        slug_field="number", queryset=Pillar.objects.all(), required=False, allow_null=True, help_text="1-4."
    )
    thematic_area = _thematic_area(required=False, allow_null=True)
    audience = serializers.ChoiceField(
        choices=CountryEntry.Audience.choices,
        default=CountryEntry.Audience.PLATFORM,
        help_text="Who may read it, besides the State and the Secretariat.",
    )
    allowed_organizations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        many=True,
        required=False,
        help_text="For the named-organizations audience: the organizations that may read it.",
    )


class CountryEntryChangeInput(CountryEntryInput):
    revision = _revision()


class ModerationInput(StrictInputSerializer):
    hidden = serializers.BooleanField(help_text="true hides the entry from all but its State; false restores it.")
    reason = serializers.CharField(max_length=MAX_TEXT, help_text="Why; the State reads it.")


# --- viewsets -----------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The Member States' pages"),
    retrieve=extend_schema(summary="A Member State's page"),
)
class CountryPageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """A Member State's own page: the overview its focal points write. Its entries are `country-entries`."""

    queryset = CountryPage.objects.select_related("member_state")
    serializer_class = CountryPageSerializer
    filterset_class = CountryPageFilterSet
    searchable = False
    ordering_fields = {"country": "member_state__name"}
    ordering = ["member_state__name"]


@extend_schema_view(
    list=extend_schema(summary="Entries of the Member States' pages you may read"),
    retrieve=extend_schema(summary="An entry of a Member State's page"),
)
class CountryEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    VisibleViewSet,
):
    """Dated priorities, challenges and good practices of a State, each read by the audience chosen for it."""

    queryset = CountryEntry.objects.select_related("page__member_state", "pillar", "thematic_area").prefetch_related(
        "attachments", Prefetch("allowed_organizations", Organization.objects.only("id"))
    )
    serializer_class = CountryEntrySerializer
    filterset_class = CountryEntryFilterSet
    ordering_fields = {"dated_on": "dated_on", "title": "title"}
    ordering = ["-dated_on"]
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _require_author(self, entry: CountryEntry) -> None:
        may_write_page(self.request.user, entry.page.member_state_id).check()

    @extend_schema(
        summary="A Member State's focal point adds an entry to its State's page",
        description=(
            "A priority, a challenge or a good practice of your State, read by the audience you choose: every "
            "focal point, Compact entities only, or the organizations named in `allowed_organizations`."
        ),
        request=CountryEntryInput,
        responses={201: CountryEntrySerializer},
        examples=[
            OpenApiExample(
                "A priority for Compact entities",
                value={
                    "kind": "priority",
                    "title": "Screening at land borders",
                    "text": "Extending passenger screening to all five land border posts by the end of 2026.",
                    "dated_on": "2026-01-15",
                    "pillar": 2,
                    "thematic_area": "border-management",
                    "audience": "entities",
                },
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        state = state_of(request.user)
        entry = entry_save(user=request.user, state=state, **self.read_input(CountryEntryInput))
        return self.answer(entry, status.HTTP_201_CREATED)

    @extend_schema(
        summary="The State's focal points change one of its entries",
        description=CHANGE_DESCRIPTION,
        request=CountryEntryChangeInput,
        responses={200: CountryEntrySerializer, 409: ConflictSerializer},
        examples=[
            OpenApiExample(
                "A new title, from revision 2",
                value={"title": "Screening at land and sea borders", "revision": 2},
                request_only=True,
            )
        ],
    )
    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        self._require_author(entry)
        fields, expected = self.read_change(CountryEntryChangeInput)
        entry = entry_change(user=request.user, entry=entry, expected_revision=expected, **fields)
        return self.answer(entry)

    @extend_schema(
        summary="The State's focal points delete one of its entries, with its files",
        description=(
            "The entry and its attached files are gone for good; `deletions` lists it to those who could read it."
        ),
    )
    def destroy(self, request, *args, **kwargs):
        entry = self.get_object()
        self._require_author(entry)
        entry_delete(user=request.user, entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="The Secretariat hides an entry from all but its State, or restores it",
        description="The reason is kept with the entry and shown to the State, which still sees a hidden entry.",
        request=ModerationInput,
        responses={200: CountryEntrySerializer},
        examples=[
            OpenApiExample(
                "Hide an entry",
                value={"hidden": True, "reason": "It names an official; please publish it without the name."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def moderate(self, request, pk=None):
        entry = self.get_object()
        may_moderate(request.user).check()
        data = self.read_input(ModerationInput)
        entry = entry_moderate(user=request.user, entry=entry, hidden=data["hidden"], reason=data["reason"])
        return self.answer(entry)
