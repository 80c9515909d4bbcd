"""Filters by the Compact's structure that many lists share: thematic area, language, pillar, working group."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django_filters.fields import ModelChoiceField

from platform_app.core.filters import ReferenceFilter, _by_id
from platform_app.structure.forms import pillar_label
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup


def _theme(field_name: str, label: str = "Thematic area slug."):
    return ReferenceFilter(
        field_name=field_name,
        to_field_name="slug",
        queryset=ThematicArea.objects.all(),
        value_field=forms.SlugField(max_length=ThematicArea._meta.get_field("slug").max_length),
        option_label="name",  # str(area)
        distinct=False,
        label=label,
    )


def _language(field_name: str):
    return ReferenceFilter(
        field_name=field_name,
        queryset=Language.objects.all(),
        value_field=forms.SlugField(max_length=Language._meta.get_field("code").max_length),
        option_label="name",  # str(language)
        distinct=False,
        label="Language code (en, fr, ar…).",
    )


class PillarField(ModelChoiceField):
    def label_from_instance(self, obj: Pillar) -> str:
        return pillar_label(obj)


class PillarFilter(filters.ModelChoiceFilter):
    # A sidebar offers each pillar with its name.
    field_class = PillarField


def pillar_filter(field_name: str = "pillars"):
    # The four pillars always exist (a check constraint keeps their numbers 1-4), so 1-4 is the schema.
    pillar = PillarFilter(
        field_name=field_name,
        to_field_name="number",
        queryset=Pillar.objects.all(),
        distinct=False,
        label="Pillar number, 1-4.",
    )
    pillar.schema_constraints = {"type": "integer", "minimum": 1, "maximum": 4}
    return pillar


def working_group_filter():
    return ReferenceFilter(
        field_name="working_group", queryset=WorkingGroup.objects.all(), value_field=_by_id(), label="Working group id."
    )
