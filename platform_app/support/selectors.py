"""Reading the requests for tailored support as their list shows them."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.timezone import template_localtime

from platform_app.core.addresses import by_pk
from platform_app.core.l10n import date_text
from platform_app.support.models import SupportRequest


def listed(requests) -> list[SupportRequest]:
    """The requests of a page of the list, each with what its row shows, prepared here rather than by the
    template's filters and lookups: its address (`url`), the names of its State and thematic area in the
    reader's language, the labels of its urgency and status (each read from the catalogue once for the
    page), and the day it was filed in the reader's zone (`filed_at` for the machine, `filed_on` to read)."""
    address = by_pk("support:request")
    urgencies = {value: str(label) for value, label in SupportRequest.Urgency.choices}
    statuses = {value: str(label) for value, label in SupportRequest.Status.choices}
    rows = list(requests)
    for row in rows:
        filed = template_localtime(row.created_at)  # as `|date` and `|local_date` take it
        row.url = address(row.pk)
        row.state_name = row.member_state.name
        row.theme_name = row.thematic_area.name
        row.urgency_label = urgencies.get(row.urgency, row.urgency)
        row.status_label = statuses.get(row.status, row.status)
        row.filed_at = date_format(filed, "c")
        row.filed_on = date_text(filed, "day")
    return rows
