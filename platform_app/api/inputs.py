"""Input serializers: what a write may send. Unknown fields are refused, not ignored, so a client
never believes it changed something it cannot change."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import html

from platform_app.models import (
    CountryAssessment,
    Document,
    Event,
    Language,
    Organization,
    Project,
    Recommendation,
    ThematicArea,
)
from platform_app.models.common import Visibility
from platform_app.uploads import validate_upload
from workinggroups.models import Pillar, WorkingGroup

MAX_TEXT = 20_000
# IANA zones; "localtime" is this machine's own setting, not a zone name.
TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})


def _json_type(field: serializers.Field) -> str | None:
    """The JSON type the schema gives a field's values: "string", "integer" or "boolean"."""
    if isinstance(field, serializers.ManyRelatedField):
        return _json_type(field.child_relation)
    if isinstance(field, serializers.BooleanField):
        return "boolean"
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return "integer"
    if isinstance(field, serializers.SlugRelatedField):
        target = field.get_queryset().model._meta.get_field(field.slug_field)
        return "integer" if isinstance(target, models.IntegerField) else "string"
    text = serializers.CharField | serializers.ChoiceField | serializers.DateField | serializers.DateTimeField
    return "string" if isinstance(field, text) else None


JSON_TYPE_ERRORS = {
    "string": "Expected a string.",
    "integer": "Expected a whole number.",
    "boolean": "Expected true or false.",
}


def _is_json_type(value, kind: str) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        # JSON has one number type: 3.0 is a whole number too.
        whole_float = isinstance(value, float) and value.is_integer()
        return (isinstance(value, int) and not isinstance(value, bool)) or whole_float
    return isinstance(value, str)


class StrictInputSerializer(serializers.Serializer):
    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["This field cannot be set here."] for name in unknown})
            errors = {name: [message] for name in data if (message := self._raw_error(data, name))}
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def _raw_error(self, data, name: str) -> str | None:
        """What DRF would let through although the schema refuses it: in JSON, a value of another type
        (DRF turns 0 into "0", "5" into 5, "yes" into true); anywhere, text longer than max_length
        before the surrounding whitespace is trimmed (DRF counts after)."""
        field, value = self.fields[name], data[name]
        kind = _json_type(field)
        if kind and value is not None and not html.is_html_input(data):
            if isinstance(field, serializers.ManyRelatedField):
                if not isinstance(value, list):
                    return "Expected a list."
                if not all(_is_json_type(item, kind) for item in value):
                    return JSON_TYPE_ERRORS[kind]
            elif not _is_json_type(value, kind):
                return JSON_TYPE_ERRORS[kind]
        too_long = isinstance(field, serializers.CharField) and isinstance(value, str) and field.max_length is not None
        if too_long and len(value) > field.max_length:
            return field.error_messages["max_length"].format(max_length=field.max_length)
        return None


class SlugRelatedField(serializers.SlugRelatedField):
    """An object by slug, code or number. A NUL character is refused here, naming the field: PostgreSQL
    refuses it in a query, which came back as a 400 naming no field."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "null_characters": "Null characters are not allowed.",
    }

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters")
        return super().to_internal_value(data)


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


class FormNullablePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """multipart/form-data has no null: there the text "null", which clients generated from the schema send
    for the null it allows, means none. In JSON, null is null and "null" an error."""

    def get_value(self, dictionary):
        # Keep the raw text (DRF would already have made "" a null) for run_validation to judge.
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) in ("", "null"):
            return dictionary[self.field_name]
        return super().get_value(dictionary)

    def run_validation(self, data=serializers.empty):
        if html.is_html_input(getattr(self.root, "initial_data", None)):
            if data == "null":
                data = None
            elif data == "":
                # DRF would read it as null, which the schema does not let an empty value stand for.
                self.fail("incorrect_type", data_type="empty text")
        return super().run_validation(data)


class SharedObjectInput(StrictInputSerializer):
    working_group = FormNullablePrimaryKeyRelatedField(
        queryset=WorkingGroup.objects.all(),
        required=False,
        allow_null=True,
        help_text="A working group your organization is a member of (the Secretariat may leave it empty).",
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.PLATFORM)
    allowed_organizations = _organizations("For restricted visibility: the organizations that may see it.")
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        help_text="On whose behalf; focal points always share for their own organization.",
    )
    themes = _themes(help_text="Thematic area slugs.")
    pillars = _pillars()


class DocumentCreateInput(SharedObjectInput):
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    document_type = serializers.ChoiceField(choices=Document.Type.choices, default=Document.Type.OTHER)
    language = SlugRelatedField(slug_field="code", queryset=Language.objects.all())
    published_on = serializers.DateField()
    version_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    file = serializers.FileField(
        max_length=255,
        allow_empty_file=False,
        validators=[validate_upload],
        help_text=f"PDF, Office, OpenDocument, RTF, image or text; at most {settings.API_MAX_UPLOAD_BYTES:,} bytes.",
    )


# A choice, so that the schema lists the zones the server knows rather than calling any text valid (without
# the list of choices drf-spectacular would repeat in the description).
@extend_schema_field({"type": "string", "enum": TIME_ZONES})
class TimeZoneField(serializers.ChoiceField):
    pass


class EventCreateInput(SharedObjectInput):
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Event.Kind.choices, default=Event.Kind.MEETING)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    time_zone = TimeZoneField(
        choices=TIME_ZONES,
        default="UTC",
        help_text="IANA zone of the place.",
        error_messages={"invalid_choice": "Unknown time zone; use an IANA name such as Africa/Nairobi."},
    )
    all_day = serializers.BooleanField(default=False)
    location = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    online_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    countries = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE),
        many=True,
        required=False,
        help_text="Member States the event concerns.",
    )

    def validate(self, attrs):
        if attrs["ends_at"] < attrs["starts_at"]:
            raise serializers.ValidationError({"ends_at": ["The event cannot end before it starts."]})
        return attrs


class AssessmentInput(StrictInputSerializer):
    """CTED's full edit of an assessment."""

    member_state = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE)
    )
    kind = serializers.ChoiceField(choices=CountryAssessment.Kind.choices, default=CountryAssessment.Kind.COMPREHENSIVE)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    visit_start = serializers.DateField(required=False, allow_null=True)
    visit_end = serializers.DateField(required=False, allow_null=True)
    adopted_on = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    shared_with_entities = serializers.BooleanField(default=False)

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

    shared_with_entities = serializers.BooleanField()


class RecommendationInput(StrictInputSerializer):
    """CTED's full edit of a recommendation."""

    assessment = serializers.PrimaryKeyRelatedField(queryset=CountryAssessment.objects.all())
    number = serializers.IntegerField(min_value=1, max_value=100_000)
    thematic_area = SlugRelatedField(slug_field="slug", queryset=ThematicArea.objects.all())
    text = serializers.CharField(max_length=MAX_TEXT)
    priority = serializers.ChoiceField(choices=Recommendation.Priority.choices, default=Recommendation.Priority.MEDIUM)
    status = serializers.ChoiceField(choices=Recommendation.Status.choices, default=Recommendation.Status.OPEN)
    progress_note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    responding_projects = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), many=True, required=False)
    revision = serializers.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        required=False,
        help_text="The revision you read; if the record has changed since, the change is refused with 409.",
    )

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

    status = serializers.ChoiceField(choices=Recommendation.Status.choices, required=False)
    progress_note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    revision = serializers.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        required=False,
        help_text="The revision you read; if the record has changed since, the change is refused with 409.",
    )


class ProjectResponsesInput(StrictInputSerializer):
    """What the lead entity may change: the recommendations its project responds to."""

    responds_to = serializers.PrimaryKeyRelatedField(
        queryset=Recommendation.objects.none(), many=True, help_text="Recommendation ids; replaces the list."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A recommendation the caller may not see is "does not exist", exactly like one that does not.
        request = self.context.get("request")
        if request is not None:
            self.fields["responds_to"].child_relation.queryset = Recommendation.objects.visible_to(request.user)
