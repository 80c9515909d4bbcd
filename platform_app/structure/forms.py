"""Form fields for the Compact's structure that several areas share: a pillar is always offered with its
name ("Pillar III — Building States' capacity…"), never by its number alone."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext

from platform_app.structure.models import Pillar


def pillar_label(pillar: Pillar) -> str:
    return gettext("Pillar %(roman)s — %(name)s") % {"roman": pillar.roman, "name": pillar.name}


class PillarChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Pillar) -> str:
        return pillar_label(obj)


class PillarMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Pillar) -> str:
        return pillar_label(obj)
