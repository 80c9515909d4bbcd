"""Forms of the projects' pages. The Matrix's sidebar is its filter set's form (projects.filters)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from platform_app.core.forms import SLUG, LookupField
from platform_app.structure.models import ThematicArea


def theme_field() -> LookupField:
    """A thematic area by its slug, or "Any"."""
    field = LookupField(
        ThematicArea.objects.all(),
        to_field_name="slug",
        label=_("Thematic area"),
        unknown=_("Unknown thematic area."),
        pattern=SLUG,
    )
    field.empty_label = _("Any")
    return field
