"""Input serializers: what a write may send. Unknown fields are refused, not ignored, so a client
never believes it changed something it cannot change."""

from __future__ import annotations

from django.db import models
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.utils import html

from platform_app.core.timezones import KNOWN_TIME_ZONES

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


class VisibleRecordField(serializers.PrimaryKeyRelatedField):
    """The id of a `model` record among those the caller may see (`visible_to`): one they may not see is
    "does not exist", exactly like one that does not."""

    def __init__(self, model, **kwargs):
        self.visible_model = model
        super().__init__(queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return super().get_queryset()
        return self.visible_model.objects.visible_to(request.user)


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


MAX_REVISION = 2_147_483_647


CHANGE_DESCRIPTION = (
    'Only the fields sent change. Send the `revision` you read (or `If-Match: "N"`) and a change made by '
    "someone else meanwhile is not overwritten: the answer is 409 with the current revision."
)


# --- inputs -------------------------------------------------------------------------------------------


def _revision():
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_REVISION,
        required=False,
        help_text="The revision you read; if the record has changed since, the change is refused with 409.",
    )
