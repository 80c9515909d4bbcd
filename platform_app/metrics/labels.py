"""The labels of a snapshot's breakdowns in the reader's language.

A snapshot keeps each row of a breakdown by its key (a status, a region, a thematic area's slug) with the
label of the moment it was computed, in the language of the worker that computed it: a label read from
there would stay English for every reader. Pages and the API show the label of the key instead, resolved
when they are read: a choice's label from its catalogue, a thematic area's name in the reader's language
(its translated field). The stored label is kept for what this module does not know (a key since removed,
a breakdown another app registered); a publication's title (appeal_funding) is a title, shown as written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from platform_app.core import caching
from platform_app.cted.models import Recommendation
from platform_app.directory.models import Organization
from platform_app.library.models import Document
from platform_app.structure.models import ThematicArea
from platform_app.support.models import SupportRequest


def theme_names_key(language: str) -> str:
    return f"compact:theme-names:{language}"


def forget_theme_names() -> None:
    caching.forget(*(theme_names_key(code) for code, _name in settings.LANGUAGES))


def theme_names_now() -> dict[str, str]:
    """Thematic areas by slug, named in the active language, as the database holds them."""
    return {area.slug: str(area.name) for area in ThematicArea.objects.all()}


def theme_names() -> dict[str, str]:
    """Thematic areas by slug, named in the active language: cached per language, dropped when one changes
    (metrics.signals), so that a page showing the figures asks the database nothing for them."""
    language = get_language() or settings.LANGUAGE_CODE
    return caching.cached(theme_names_key(language), theme_names_now)


def _choices(choices) -> Callable[[], dict[str, str]]:
    return lambda: {key: str(label) for key, label in choices}


# The breakdowns whose keys this module names, and where their names come from.
MEDIAN_LABEL = _("Median days from filing to first offer")
RESOLVERS: dict[str, Callable[[], dict[str, str]]] = {
    "recommendations_by_status": _choices(Recommendation.Status.choices),
    "recommendations_by_region": _choices(Organization.Region.choices),
    "recommendations_by_thematic_area": theme_names,
    "documents_by_theme": theme_names,
    "documents_by_type": _choices(Document.Type.choices),
    "focal_points_by_kind": _choices(Organization.Kind.choices),
    "support_requests_by_status": _choices(SupportRequest.Status.choices),
    "support_requests_by_thematic_area": theme_names,
    "support_requests_by_region": _choices(Organization.Region.choices),
    "support_first_offer_days": lambda: {"median": str(MEDIAN_LABEL)},
}


def labelled(name: str, rows: list[dict], *, themes: dict[str, str] | None = None) -> list[dict]:
    """The rows of breakdown `name`, each with its label in the active language; `themes`, the names of the
    thematic areas (`theme_names`) when the caller has read them already."""
    resolve = RESOLVERS.get(name)
    if resolve is None:
        return rows
    labels = themes if themes is not None and resolve is theme_names else resolve()
    return [{**row, "label": labels.get(str(row.get("key")), row.get("label", ""))} for row in rows]


def labelled_breakdowns(breakdowns: dict[str, list[dict]] | None) -> dict[str, list[dict]]:
    """Every breakdown of a snapshot, labelled in the active language."""
    return {name: labelled(name, rows) for name, rows in (breakdowns or {}).items()}
