"""Input serializers: what a write may send. Unknown fields are refused, not ignored, so a client
never believes it changed something it cannot change."""

from __future__ import annotations

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
from platform_app.timezones import KNOWN_TIME_ZONES
from platform_app.uploads import validate_upload
from workinggroups.models import Pillar, WorkingGroup

MAX_TEXT = 20_000
# IANA zones; "localtime" is this machine's own setting, not a zone name.


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
    # For a role that may change only some fields of a record (given as the instance): the input of the
    # whole record. Its other fields, sent with the value stored, are no change and pass, so that a client
    # may send back what it read; sent with another value, they are refused like any unknown field.
    record_input: type[StrictInputSerializer] | None = None

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            refused = [name for name in unknown if not self._sent_as_stored(data, name)]
            if refused:
                raise serializers.ValidationError({name: ["This field cannot be set here."] for name in refused})
            errors = {
                name: [message] for name in data if name in self.fields and (message := self._raw_error(data, name))
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def _sent_as_stored(self, data, name: str) -> bool:
        """Whether `name`, a field of the whole record this input may not change, came with its stored value."""
        if self.record_input is None or self.instance is None:
            return False
        whole = self.record_input(self.instance, context=self.context)
        field = whole.fields.get(name)
        if field is None or field.read_only or whole._raw_error(data, name):
            return False
        try:
            sent = field.run_validation(field.get_value(data))
        except serializers.ValidationError:
            return False
        stored = getattr(self.instance, field.source)
        if isinstance(field, serializers.ManyRelatedField):
            return {item.pk for item in sent} == {item.pk for item in stored.all()}
        return sent == stored

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


class DocumentCreateInput(SharedObjectInput):
    title = serializers.CharField(max_length=500, help_text="The document's title.")
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default="", help_text="What the document is about."
    )
    document_type = serializers.ChoiceField(
        choices=Document.Type.choices, default=Document.Type.OTHER, help_text="The kind of document."
    )
    language = SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), help_text="Code of its language (en, fr, ar…)."
    )
    published_on = serializers.DateField(help_text="The date of the document itself.")
    version_note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="A note kept with the file."
    )
    file = serializers.FileField(
        max_length=255,
        allow_empty_file=False,
        validators=[validate_upload],
        help_text=f"PDF, Office, OpenDocument, RTF, image or text; at most {settings.API_MAX_UPLOAD_BYTES:,} bytes.",
    )


TIME_ZONE_HELP = 'An IANA time zone name, e.g. "Africa/Nairobi" or "UTC".'


# Text, not an enum of the zones: several names stand for one zone (GMT0, GMT+0, GMT-0) and the list
# changes with the time zone database, so a client generated from an enum would break on either.
@extend_schema_field({"type": "string", "maxLength": 64, "examples": ["Africa/Nairobi"]})
class TimeZoneField(serializers.CharField):
    """A time zone by its IANA name, one of those the server's time zone database knows."""

    default_error_messages = {
        **serializers.CharField.default_error_messages,
        "unknown_zone": "Unknown time zone; use an IANA name such as Africa/Nairobi.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("help_text", TIME_ZONE_HELP)
        # A name is matched as given: " UTC" is no zone's name.
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value not in KNOWN_TIME_ZONES:
            self.fail("unknown_zone")
        return value


class EventCreateInput(SharedObjectInput):
    title = serializers.CharField(max_length=500, help_text="The event's title.")
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default="", help_text="What the event is about."
    )
    kind = serializers.ChoiceField(
        choices=Event.Kind.choices, default=Event.Kind.MEETING, help_text="The kind of event."
    )
    starts_at = serializers.DateTimeField(help_text="When it starts, ISO 8601 with its zone.")
    ends_at = serializers.DateTimeField(help_text="When it ends, not before `starts_at`.")
    time_zone = TimeZoneField(default="UTC", help_text=f"The zone of the place. {TIME_ZONE_HELP}")
    all_day = serializers.BooleanField(default=False, help_text="Whether it takes whole days, whatever the times say.")
    location = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", help_text="Where it takes place."
    )
    online_url = serializers.URLField(
        max_length=500, required=False, allow_blank=True, default="", help_text="Where to join it online."
    )
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

    record_input = RecommendationInput
    status = serializers.ChoiceField(
        choices=Recommendation.Status.choices, required=False, help_text="Where its implementation stands."
    )
    progress_note = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, help_text="Progress, as the State records it."
    )
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
