"""The Compact in numbers on the home page and the public landing page: each figure of the latest snapshots with
its trend, and (on the home page) the requests for tailored support in aggregate.

The section is the same for every reader of a language. The figures count what the Secretariat sees and name
no record; each links to a list that filters for whoever opens it; a snapshot is dated by its day in UTC, not
in the reader's zone (metrics.dates); numbers, months and labels follow the active language only. So it is
rendered once per page and language and kept in the cache with a fingerprint of what it was drawn from: the
snapshots (their figures, labels and breakdowns) and, on the home page, the names of the thematic areas in
that language. One round trip to the cache brings the section, the snapshots and the names; when the
fingerprint of those differs from the one kept with the section (a new aggregation, a snapshot edited, an
area renamed), the section is drawn again at once. Nothing of the reader's own (their queue, events,
documents) ever goes in it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from platform_app.core import caching
from platform_app.core.charts import bar_chart, line_chart
from platform_app.dashboard import shared
from platform_app.metrics.aggregation import FIGURE_LISTS, latest_snapshots
from platform_app.metrics.dates import MONTH, snapshot_text
from platform_app.metrics.labels import labelled, theme_names_key, theme_names_now
from platform_app.metrics.models import FIGURES, MetricSnapshot

# The pages that show the section, each with the template it is drawn with: the home page's has the
# figures' links and the requests for tailored support; the public landing page's has neither.
HOME = "home"
LANDING = "landing"
TEMPLATES = {HOME: "platform_app/dashboard/_figures.html", LANDING: "platform_app/_numbers.html"}


def section_key(page: str, language: str) -> str:
    return f"compact:figures-section:{page}:{language}"


def numbers(snapshots: list[MetricSnapshot], *, links: bool, rtl: bool = False) -> list[dict]:
    """Each figure of the latest snapshot with its trend over the history (oldest first), and the
    address of the list it counts (which shows each reader what they may see). A point of the trend is
    named by its snapshot's month, the same for every reader (metrics.dates)."""
    latest = snapshots[-1]
    months = [snapshot_text(s.as_of, MONTH) for s in snapshots]
    rows = []
    for key, label in FIGURES:
        value = getattr(latest, key)
        if value is None:
            continue
        series = [(month, getattr(s, key)) for month, s in zip(months, snapshots, strict=True)]
        rows.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "link": _list_link(key) if links else None,
                "chart": line_chart(series, rtl=rtl),
                "series": [p for p in series if p[1] is not None],
            }
        )
    return rows


def _list_link(key: str) -> str | None:
    if key not in FIGURE_LISTS:
        return None
    name, query = FIGURE_LISTS[key]
    return reverse(name) + (f"?{query}" if query else "")


# The breakdowns of requests for tailored support the home page shows, with their headings.
SUPPORT_BREAKDOWNS = (
    ("support_requests_by_status", _("By status")),
    ("support_requests_by_thematic_area", _("By thematic area")),
    ("support_requests_by_region", _("By region of the requesting State")),
)


def support(history: list[MetricSnapshot], *, rtl: bool = False, themes: dict[str, str] | None = None) -> dict | None:
    """Requests for tailored support in aggregate, as the latest computed snapshot holds them; None when
    it holds none (published figures, or a snapshot written before requests were counted). `themes`: the
    names of the thematic areas in the active language, when read already (metrics.labels)."""
    computed = next((s for s in reversed(history) if s.source == MetricSnapshot.Source.COMPUTED), None)
    parts = (computed.breakdowns or {}) if computed else {}
    if not all(key in parts for key, _label in SUPPORT_BREAKDOWNS):
        return None
    sections = []
    for key, heading in SUPPORT_BREAKDOWNS:
        # Labelled in the reader's language: the snapshot keeps them in the worker's (metrics.labels).
        rows = [(row["label"], row["count"]) for row in labelled(key, parts[key], themes=themes)]
        sections.append(
            {
                "key": key,
                "heading": heading,
                "aria": f"{_gettext('Requests for tailored support')}, {heading}",
                "rows": rows,
                "chart": bar_chart(rows, rtl=rtl),
            }
        )
    first_offer = (parts.get("support_first_offer_days") or [{}])[0]
    return {
        "as_of": computed.as_of,
        "total": sum(row["count"] for row in parts["support_requests_by_status"]),
        "median_days": first_offer.get("days"),
        "with_offer": first_offer.get("count", 0),
        "sections": sections,
    }


@dataclass(frozen=True)
class Section:
    """The section of a page (`html`), and what it is drawn from. What is not kept is worked out only when
    read, in the language of the request: `html` when the page shows it (after the page's own template has
    begun), `numbers` and `support` when the section is drawn (or a caller looks into them)."""

    html: Any
    snapshot: MetricSnapshot | None
    numbers: Any
    support: Any

    def context(self) -> dict:
        return {"snapshot": self.snapshot, "numbers": self.numbers, "support": self.support, "figures": self.html}


def _when_read(language: str, compute: Callable[[], Any]) -> SimpleLazyObject:
    def in_language():
        with translation.override(language):
            return compute()

    return SimpleLazyObject(in_language)


def _fingerprint(history: list[MetricSnapshot], names: dict[str, str] | None) -> str:
    """What the section shows, from what it is drawn from: every snapshot's identity, day, source, label,
    figures and breakdowns, and the names of the thematic areas."""
    drawn_from = (
        [
            (s.pk, s.as_of.isoformat(), s.source, s.label, [getattr(s, key) for key, _label in FIGURES], s.breakdowns)
            for s in history
        ],
        sorted(names.items()) if names is not None else None,
    )
    return hashlib.sha256(repr(drawn_from).encode()).hexdigest()


def keys(page: str) -> list[str]:
    """What the section of `page` reads from the cache in the active language: a page reading other shared
    values reads them with these (`shared.read`), in one round trip."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    found = [caching.SNAPSHOTS, section_key(page, language)]
    return [*found, theme_names_key(language)] if page == HOME else found


def section(page: str, found: dict | None = None) -> Section:
    """The section of `page` (HOME or LANDING) in the active language: from the cache while what it is drawn
    from is unchanged, drawn again otherwise. `found`: what `shared.read` brought of `keys(page)`, when the
    page has read them with its other values."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    rtl = translation.get_language_bidi()
    key = section_key(page, language)
    found = shared.read(keys(page)) if found is None else found
    history = shared.found_or_kept(found, caching.SNAPSHOTS, latest_snapshots)
    names = shared.found_or_kept(found, theme_names_key(language), theme_names_now) if page == HOME else None
    snapshot = history[-1] if history else None
    rows = _when_read(language, lambda: numbers(history, links=page == HOME, rtl=rtl) if history else [])
    aggregates = _when_read(language, lambda: support(history, rtl=rtl, themes=names)) if page == HOME else None
    fingerprint = _fingerprint(history, names)
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == fingerprint:
        return Section(mark_safe(kept[1]), snapshot, rows, aggregates)  # noqa: S308 -- drawn below, escaped

    def draw() -> SafeString:
        html = render_to_string(TEMPLATES[page], {"snapshot": snapshot, "numbers": rows, "support": aggregates})
        shared.keep(key, (fingerprint, str(html)))
        return html

    return Section(_when_read(language, draw), snapshot, rows, aggregates)
