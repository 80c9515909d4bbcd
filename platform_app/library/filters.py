"""The API's filters of the library's documents."""

from __future__ import annotations

import django_filters as filters

from platform_app.core.filters import ChangeFilterSet
from platform_app.directory.filters import _organization
from platform_app.library.models import Document
from platform_app.structure.filters import _language, _theme, pillar_filter, working_group_filter


class DocumentFilterSet(ChangeFilterSet):
    theme = _theme("themes")
    pillar = pillar_filter()
    working_group = working_group_filter()
    organization = _organization("organization", "Owning organization id.")
    document_type = filters.ChoiceFilter(choices=Document.Type.choices)
    language = _language("language")
    visibility = filters.ChoiceFilter(choices=Document._meta.get_field("visibility").choices)
    published_after = filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label="On or after (YYYY-MM-DD)."
    )
    published_before = filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label="On or before (YYYY-MM-DD)."
    )

    class Meta:
        model = Document
        fields = ["theme", "pillar", "working_group", "organization", "document_type", "language", "visibility"]
