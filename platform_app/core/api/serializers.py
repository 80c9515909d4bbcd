"""The API's representations. Field names here are the public contract: add fields, never rename.

Read serializers only read what the view prefetched (see each viewset's queryset), so a list costs
the same number of queries whatever its page size. Writes go through separate input serializers
that validate, then through a service in the domain's `services.py`.

A list's serializer may be a `CompiledSerializer`: the same declared fields (the schema is made of them),
represented through a plan of their reads made once per class rather than DRF's walk of every field of
every row, and reading the to-many relations a list prefetched as plain lists (`prefetched_list`).
"""

from __future__ import annotations

import datetime
import inspect
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import FileField, Prefetch
from django.db.models.manager import BaseManager
from django.utils import timezone
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.thread_context import fallbacks_enabled
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as translated_language
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.settings import api_settings

from platform_app.core.api.rows import shown

# What the fields many representations share mean; each serializer's Meta adds its own (`described`).
SHARED_FIELDS = {
    "id": "The record's id, as in its own path.",
    "created_at": "When the record was created.",
    "updated_at": (
        "When what the API shows of the record last changed; `updated_after` asks a list for the records "
        "changed since a time."
    ),
}


def described(**texts: str) -> dict:
    """A ModelSerializer's `extra_kwargs`: the descriptions of the fields it builds from the model, which
    the OpenAPI schema shows (fields declared on the serializer carry their own help_text)."""
    return {name: {"help_text": text} for name, text in {**SHARED_FIELDS, **texts}.items()}


# --- the columns a list reads ---------------------------------------------------------------------------------


def shown_columns(model, *lookups: str) -> list[str]:
    """`lookups` for `only()`, each name registered for translation (platform_app/translation.py) with the
    column of every language, which its value falls back through. Through a relation modeltranslation adds
    them only from a translated model's own queryset; a row would otherwise read them one query at a time."""
    columns = []
    for lookup in lookups:
        columns.append(lookup)
        *path, name = lookup.split("__")
        target = model
        for step in path:
            target = target._meta.get_field(step).related_model
        try:
            translated = translator.get_options_for_model(target).all_fields.get(name, ())
        except NotRegistered:
            translated = ()
        columns += ["__".join([*path, field.name]) for field in sorted(translated, key=lambda field: field.name)]
    return columns


# --- lists prefetched as plain lists ------------------------------------------------------------------------

LISTED = "_listed_{}"


def prefetched_list(lookup: str, queryset) -> Prefetch:
    """A to-many relation prefetched as a plain list on each row (`to_attr`), which a CompiledSerializer
    reads in place of the relation's manager. Django then builds no manager and no queryset per row for
    it: with hundreds of rows, that is most of what a prefetch costs besides its query. Its rows are read
    as the list's are (`rows.shown`)."""
    return Prefetch(lookup, shown(queryset), to_attr=LISTED.format(lookup))


# --- compiled representations ------------------------------------------------------------------------------


class _AsDRFDoes(Exception):
    """The row holds something the plan does not read as DRF would (a mapping, a callable, a missing
    attribute): DRF's own walk of the fields represents it instead."""


# Kinds of a plan's entries: a value read and converted by its field; a related object's primary key; a
# nested object; a nested list; a method of the serializer (SerializerMethodField); a field DRF itself reads
# and represents, the serializer's own bound field.
_VALUE, _PK, _ONE, _MANY, _METHOD, _FIELD = range(6)

# DRF's representations that read nothing but the field's own arguments and the value (and the time zone and
# language active, as they do): a field of these classes, made once, represents the values of every request.
_CONTEXT_FREE = {
    cls.to_representation
    for cls in (
        fields.BigIntegerField,
        fields.BooleanField,
        fields.CharField,
        fields.ChoiceField,
        fields.DateField,
        fields.DateTimeField,
        fields.DecimalField,
        fields.DurationField,
        fields.FloatField,
        fields.IntegerField,
        fields.JSONField,
        fields.ReadOnlyField,
        fields.TimeField,
        fields.UUIDField,
        relations.SlugRelatedField,
    )
}


@dataclass(frozen=True)
class _Reading:
    """What a plan is made for: the language modeltranslation reads names in, whether it falls back to
    others, and the time zone DRF writes times in. Each is looked up once per serializer, not per value."""

    language: str
    fallbacks: bool
    zone: object

    @classmethod
    def now(cls) -> _Reading:
        return cls(
            language=translated_language(),
            fallbacks=fallbacks_enabled(),
            zone=timezone.get_current_timezone() if settings.USE_TZ else None,
        )


def _identity(value):
    return value


def _translated(model, attr: str, reading: _Reading):
    """Reads a name registered for translation as modeltranslation's descriptor does (the reader's
    language, then the fallbacks, the first meaningful value), with the languages looked up once; when no
    language has a value, the descriptor itself decides (its fallback value or the field's default)."""
    descriptor = inspect.getattr_static(model, attr, None)
    if not isinstance(descriptor, TranslationFieldDescriptor):
        return None
    field = descriptor.field
    if isinstance(field, FileField) or (field.has_default() and callable(field.default)):
        return None
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = field.get_default()
    names = [
        build_localized_fieldname(field.name, language)
        for language in resolution_order(reading.language, descriptor.fallback_languages)
    ]

    def read(instance):
        for name in names:
            value = getattr(instance, name, None)
            if value is not None and value != undefined:
                return value
        return descriptor.__get__(instance, model)

    return read


class _Attribute:
    """Reads one attribute of a row as `getattr` does; for a model with the attribute registered for
    translation, as `_translated` reads it. Decided once per class of row."""

    __slots__ = ("attr", "by_model", "reading")

    def __init__(self, attr: str, reading: _Reading):
        self.attr, self.reading, self.by_model = attr, reading, {}

    def __call__(self, instance):
        read = self.by_model.get(type(instance))
        if read is None:
            model = type(instance)
            read = _translated(model, self.attr, self.reading) or operator.attrgetter(self.attr)
            self.by_model[model] = read
        return read(instance)


def _reader(attrs: list[str], reading: _Reading):
    """Reads `attrs` from a row as DRF's `fields.get_attribute` does, for rows it reads the same way: each
    step an object's attribute (not a mapping's key) that is not a function to call."""
    if not attrs:
        return _identity
    if len(attrs) == 1:
        return _Attribute(attrs[0], reading) if attrs[0] in _translated_names() else operator.attrgetter(attrs[0])

    steps = [_Attribute(attr, reading) if attr in _translated_names() else operator.attrgetter(attr) for attr in attrs]

    def read(instance):
        for step in steps[:-1]:
            instance = step(instance)
            if isinstance(instance, Mapping) or callable(instance):
                raise _AsDRFDoes("a step")
        return steps[-1](instance)

    return read


def _slug_reader(field, reading: _Reading):
    """A SlugRelatedField naming the key its relation points to (a language by its code) reads the key the
    row holds, not the related object; other relations read the object, then its slug."""
    attrs = field.source_attrs
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if len(attrs) == 1 and model is not None:
        try:
            relation = model._meta.get_field(attrs[0])
        except FieldDoesNotExist:
            relation = None
        if (
            relation is not None
            and relation.many_to_one
            and relation.concrete
            and relation.target_field.attname == field.slug_field
        ):
            attname = relation.attname
            related = operator.attrgetter(attrs[0])
            slug = field.to_representation

            def read(instance):
                if type(instance) is model:
                    return getattr(instance, attname)
                value = related(instance)
                return None if value is None else slug(value)

            return read, _identity
    return _reader(attrs, reading), field.to_representation


def _datetime(field, reading: _Reading):
    """DRF's DateTimeField.to_representation, with the time zone it would look up for each value looked up
    once: an aware time in ISO 8601 in that zone ("Z" for UTC); anything else as the field writes it."""
    cls = type(field)
    if (
        cls.enforce_timezone is not fields.DateTimeField.enforce_timezone
        or cls.default_timezone is not fields.DateTimeField.default_timezone
        or hasattr(field, "timezone")
        or reading.zone is None
    ):
        return field.to_representation
    zone, slow = reading.zone, field.to_representation

    def represent(value):
        output = getattr(field, "format", api_settings.DATETIME_FORMAT)
        if type(value) is not datetime.datetime or value.tzinfo is None or output is None or output.lower() != ISO_8601:
            return slow(value)
        try:
            text = value.astimezone(zone).isoformat()
        except (OverflowError, ValueError):
            return slow(value)
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return represent


def _converter(field, reading: _Reading):
    method = type(field).to_representation
    if method is fields.IntegerField.to_representation:
        return int
    if method is fields.CharField.to_representation:
        return str
    if method is fields.DateTimeField.to_representation:
        return _datetime(field, reading)
    return field.to_representation


def _represents_plainly(serializer) -> bool:
    method = type(serializer).to_representation
    return method is serializers.Serializer.to_representation or method is CompiledSerializer.to_representation


def _nested(field, plan: list[tuple], entry: tuple) -> tuple:
    # A nested plan runs without the serializer of its level: what needs it leaves the whole field to DRF.
    if any(kind in (_METHOD, _FIELD) for kind, *_ in plan):
        return (_FIELD, field.field_name, None, None, False)
    return entry


def _entry(field, reading: _Reading) -> tuple:
    """(kind, name, read, represent, checks): how a field's value is read from a row and represented,
    exactly as `Serializer.to_representation` would. `checks`: whether the value read is checked for what
    DRF reads otherwise (a function it would call)."""
    name = field.field_name
    own_reading = type(field).get_attribute is not fields.Field.get_attribute
    if own_reading and getattr(field, "reads_only_the_instance", False):
        # Its own get_attribute, which reads nothing but the row: called as DRF calls it.
        read, checks = field.get_attribute, False
    elif own_reading:
        read, checks = None, False
    else:
        read, checks = _reader(field.source_attrs, reading), True
    if isinstance(field, serializers.ListSerializer):
        child = field.child
        if (
            not own_reading
            and type(field).to_representation is serializers.ListSerializer.to_representation
            and isinstance(child, serializers.Serializer)
            and _represents_plainly(child)
            and len(field.source_attrs) == 1
        ):
            attr = field.source_attrs[0]
            plan = _plan(child, reading)
            return _nested(field, plan, (_MANY, name, (attr, LISTED.format(attr)), plan, False))
        return (_FIELD, name, None, None, False)
    if isinstance(field, serializers.Serializer):
        if read is not None and _represents_plainly(field):
            plan = _plan(field, reading)
            return _nested(field, plan, (_ONE, name, read, plan, checks))
        return (_FIELD, name, None, None, False)
    if isinstance(field, serializers.BaseSerializer):
        return (_FIELD, name, None, None, False)
    if type(field).to_representation is fields.SerializerMethodField.to_representation and not own_reading:
        return (_METHOD, name, field.method_name, None, False)
    if type(field).get_attribute is relations.RelatedField.get_attribute:
        if field.use_pk_only_optimization() and field.source_attrs:
            if (
                type(field).to_representation is relations.PrimaryKeyRelatedField.to_representation
                and field.pk_field is None
                and len(field.source_attrs) == 1
            ):
                return (_PK, name, field.source_attrs[0], None, True)
            return (_FIELD, name, None, None, False)
        if type(field).to_representation is relations.SlugRelatedField.to_representation:
            read, represent = _slug_reader(field, reading)
            return (_VALUE, name, read, represent, True)
        # Without the primary-key shortcut, a related field reads its object as any field reads its value.
        read, checks = _reader(field.source_attrs, reading), True
    if read is None or type(field).to_representation not in _CONTEXT_FREE:
        return (_FIELD, name, None, None, False)
    return (_VALUE, name, read, _converter(field, reading), checks)


def _plan(serializer, reading: _Reading) -> list[tuple]:
    return [_entry(field, reading) for field in serializer._readable_fields]


def _represent(plan: list[tuple], instance, serializer=None) -> dict:
    if isinstance(instance, Mapping):
        raise _AsDRFDoes("mapping")
    row = {}
    for kind, name, read, represent, checks in plan:
        if kind in (_VALUE, _ONE):
            value = read(instance)
            if value is None:
                row[name] = None
                continue
            if checks and callable(value):
                raise _AsDRFDoes(name)
            if isinstance(value, relations.PKOnlyObject):
                raise _AsDRFDoes(name)
            row[name] = represent(value) if kind == _VALUE else _represent(represent, value)
        elif kind == _MANY:
            attr, listed = read
            items = instance.__dict__.get(listed)
            if items is None:
                items = getattr(instance, attr)
                if isinstance(items, BaseManager):
                    items = items.all()
                elif items is None:
                    row[name] = None
                    continue
                elif callable(items):
                    raise _AsDRFDoes(name)
            row[name] = [_represent(represent, item) for item in items]
        elif kind == _PK:
            value = instance.serializable_value(read)
            if callable(value):
                raise _AsDRFDoes(name)
            row[name] = getattr(value, "pk", value)
        elif kind == _METHOD:
            row[name] = getattr(serializer, read)(instance)
        else:
            field = serializer.fields[name]
            try:
                attribute = field.get_attribute(instance)
            except fields.SkipField:
                continue
            none = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
            row[name] = None if none is None else field.to_representation(attribute)
    return row


# Plans by serializer class and _Reading, made from a serializer of the class built for it. A few languages
# and time zones are in use at a time: the oldest plans go when there are more than this.
_PLANS: dict[tuple, list[tuple]] = {}
_MAX_PLANS = 512


def _plan_for(cls, reading: _Reading) -> list[tuple]:
    key = (cls, reading)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _plan(cls(), reading)
        while len(_PLANS) >= _MAX_PLANS:
            _PLANS.pop(next(iter(_PLANS)), None)
        _PLANS[key] = plan
    return plan


# Represents rows as DRF's `Serializer.to_representation` does, field for field, at a fraction of its
# cost per row and per request: the fields of the class are read once into a plan (attribute readers and
# converters, nested plans for nested serializers), which each row then runs. A nested list reads the
# plain list `prefetched_list` left on the row when there is one, else the relation as DRF does.
#
# The plan is made from a serializer of the class built without context, for the language and time zone
# active when a serializer first represents a row (what DRF would look up for every value); it converts
# values only with DRF's fields whose representation reads nothing else (`_CONTEXT_FREE`). Methods
# (SerializerMethodField) are called on the serializer at hand, and any other field is read and
# represented by the serializer's own bound field, as DRF does. So a subclass's fields must not depend on
# its context (its methods may). A nested field with its own `get_attribute` is left to DRF unless it
# declares `reads_only_the_instance`.
#
# A row the plan cannot read as DRF would (a mapping, a callable attribute, a missing one) is represented
# by DRF itself. The declared fields, and so the schema, are those of the serializer, unchanged.
#
# (A comment, not a docstring: drf-spectacular would describe every subclass's schema with it.)
class CompiledSerializer(serializers.Serializer):
    def to_representation(self, instance):
        plan = self.__dict__.get("_compiled")
        if plan is None:
            plan = self._compiled = _plan_for(type(self), _Reading.now())
        try:
            return _represent(plan, instance, self)
        except Exception:  # noqa: BLE001 - DRF answers instead
            # Whatever stopped the plan, DRF's own walk gives the answer (or the error) it would have.
            return super().to_representation(instance)


@cache
def _translated_names() -> frozenset:
    """The names registered for translation on any model (platform_app/translation.py)."""
    models = translator.get_registered_models()
    return frozenset(name for model in models for name in translator.get_options_for_model(model).all_fields)
