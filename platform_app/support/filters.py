"""The filters of the requests for tailored support (their page and the API) and of offers (the API)."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from platform_app.core.filters import MAX_ID, ChangeFilterSet, IntegerFilter, ListFilterSet, Offer
from platform_app.directory.filters import CountryCodeFilter
from platform_app.structure.filters import _theme
from platform_app.support.models import SupportOffer, SupportRequest


class SupportRequestFilterSet(ListFilterSet):
    sidebar = {
        "status": Offer(_("Status"), _("Unknown status.")),
        "urgency": Offer(_("Urgency"), _("Unknown urgency.")),
        "thematic_area": Offer(_("Thematic area"), _("Unknown thematic area.")),
    }

    status = filters.ChoiceFilter(choices=SupportRequest.Status.choices)
    country = CountryCodeFilter(field_name="member_state")
    thematic_area = _theme("thematic_area")
    urgency = filters.ChoiceFilter(choices=SupportRequest.Urgency.choices)

    class Meta:
        model = SupportRequest
        fields = ["status", "country", "thematic_area", "urgency"]


class SupportOfferFilterSet(ChangeFilterSet):
    request = IntegerFilter(field_name="request_id", min_value=1, max_value=MAX_ID, label="Support request id.")
    status = filters.ChoiceFilter(choices=SupportOffer.Status.choices)

    class Meta:
        model = SupportOffer
        fields = ["request", "status"]
