"""The filters of the library's documents: the API's list and the library's search page, whose sidebar
offers each of them with the number of documents its values give (platform_app.library.selectors)."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from platform_app.core.filters import IntegerFilter, ListFilterSet, Offer, ReferenceFilter, _by_id
from platform_app.directory.models import Organization
from platform_app.library.forms import DateInput
from platform_app.library.models import Document
from platform_app.structure.filters import _language, _theme, pillar_filter
from platform_app.structure.models import WorkingGroup

REVERSED_DATES = _("The end date is before the start date.")


class DocumentFilterForm(forms.Form):
    """The form of the documents' filters. On the library's page a range of dates that ends before it
    starts is an error on its end (reported, and the end left out); the API, whose schema cannot say
    that one date comes before the other, answers it as any range: with no document."""

    page = False  # True in the page's form (core.filters.ListFilterSet)

    def __init__(self, *args, **kwargs):
        # The page's labels sit above its facet lists, which have none of Django's trailing colons.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        after, before = data.get("published_after"), data.get("published_before")
        if self.page and after and before and after > before:
            self.add_error("published_before", REVERSED_DATES)
        return data


def _visible_groups(request):
    # No request (a filter set made outside a view): nobody, so nothing is visible.
    return WorkingGroup.objects.visible_to(getattr(request, "user", None))


def _visible_organizations(request):
    return Organization.objects.visible_to(getattr(request, "user", None))


class DocumentFilterSet(ListFilterSet):
    sidebar = {
        "theme": Offer(_("Thematic area"), _("Unknown thematic area.")),
        "pillar": Offer(_("Pillar"), _("Unknown pillar.")),
        "working_group": Offer(_("Working group"), _("Unknown working group.")),
        "document_type": Offer(_("Type of document"), _("Unknown type of document.")),
        "language": Offer(_("Language"), _("Unknown language.")),
        "organization": Offer(_("Shared by"), _("Unknown organization.")),
        # A year out of range or a date that is no date: the fields' own messages say which.
        "year": Offer(_("Year")),
        "published_after": Offer(_("Published from")),
        "published_before": Offer(_("Published until")),
    }
    search_label = _("Search the library")
    search_help = _('Words to find in titles, descriptions and the files\' text; "a phrase", or, -excluded.')

    theme = _theme("themes")
    pillar = pillar_filter()
    # Those the reader may see: the page offers no other, and for the API another names nothing.
    working_group = ReferenceFilter(
        field_name="working_group", queryset=_visible_groups, value_field=_by_id(), label="Working group id."
    )
    organization = ReferenceFilter(
        field_name="organization",
        queryset=_visible_organizations,
        value_field=_by_id(),
        distinct=False,
        label="Owning organization id.",
    )
    document_type = filters.ChoiceFilter(choices=Document.Type.choices)
    language = _language("language")
    visibility = filters.ChoiceFilter(choices=Document._meta.get_field("visibility").choices)
    year = IntegerFilter(
        field_name="published_on",
        lookup_expr="year",
        min_value=1,
        max_value=9999,
        label="Year of the document's date (published_on), e.g. 2024.",
    )
    published_after = filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label="On or after (YYYY-MM-DD).", widget=DateInput()
    )
    published_before = filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label="On or before (YYYY-MM-DD).", widget=DateInput()
    )

    class Meta:
        model = Document
        form = DocumentFilterForm
        fields = [
            "theme",
            "pillar",
            "working_group",
            "organization",
            "document_type",
            "language",
            "visibility",
            "year",
            "published_after",
            "published_before",
        ]
