"""The home page: the reader's own work, then the Compact in numbers from the latest snapshot."""

from django.db.models import Case, IntegerField, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from platform_app.calendar.models import Event
from platform_app.core import caching
from platform_app.core.audit import note_shown
from platform_app.core.charts import bar_chart, line_chart
from platform_app.core.viewer import viewer_for
from platform_app.cted.models import Recommendation
from platform_app.directory.models import Organization
from platform_app.library.models import Document
from platform_app.metrics.aggregation import FIGURE_LISTS, latest_snapshots
from platform_app.metrics.models import FIGURES, MetricSnapshot
from platform_app.structure.models import WorkingGroupMembership
from platform_app.support.models import SupportRequest

PRIORITY_ORDER = Case(
    *(When(priority=value, then=rank) for rank, value in enumerate(Recommendation.Priority.values)),
    output_field=IntegerField(),
)


def _numbers(snapshots: list[MetricSnapshot], *, links: bool) -> list[dict]:
    """Each figure of the latest snapshot with its trend over the history (oldest first), and the
    address of the list it counts (which shows each reader what they may see)."""
    latest = snapshots[-1]
    rows = []
    for key, label in FIGURES:
        value = getattr(latest, key)
        if value is None:
            continue
        series = [(f"{s.as_of:%b %Y}", getattr(s, key)) for s in snapshots]
        rows.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "link": _list_link(key) if links else None,
                "chart": line_chart(series),
                "series": [p for p in series if p[1] is not None],
            }
        )
    return rows


def _list_link(key: str) -> str | None:
    if key not in FIGURE_LISTS:
        return None
    name, query = FIGURE_LISTS[key]
    return reverse(name) + (f"?{query}" if query else "")


def _snapshots() -> list[MetricSnapshot]:
    return caching.cached(caching.SNAPSHOTS, latest_snapshots)


def _numbers_context(*, links: bool, history: list[MetricSnapshot] | None = None) -> dict:
    """The published figures and the latest computed snapshot: read, never counted on request."""
    history = _snapshots() if history is None else history
    return {"snapshot": history[-1] if history else None, "numbers": _numbers(history, links=links) if history else []}


# The breakdowns of requests for tailored support the dashboard shows, with their headings.
SUPPORT_BREAKDOWNS = (
    ("support_requests_by_status", _("By status")),
    ("support_requests_by_thematic_area", _("By thematic area")),
    ("support_requests_by_region", _("By region of the requesting State")),
)


# Labels of keys that are choices, in the reader's language (the snapshot keeps them in the worker's).
SUPPORT_LABELS = {
    "support_requests_by_status": SupportRequest.Status.choices,
    "support_requests_by_region": Organization.Region.choices,
}


def _support_context(history: list[MetricSnapshot]) -> dict | None:
    """Requests for tailored support in aggregate, as the latest computed snapshot holds them; None when
    it holds none (published figures, or a snapshot written before requests were counted)."""
    computed = next((s for s in reversed(history) if s.source == MetricSnapshot.Source.COMPUTED), None)
    parts = (computed.breakdowns or {}) if computed else {}
    if not all(key in parts for key, _label in SUPPORT_BREAKDOWNS):
        return None
    sections = []
    for key, heading in SUPPORT_BREAKDOWNS:
        labels = dict(SUPPORT_LABELS.get(key, ()))
        rows = [(str(labels.get(row["key"], row["label"])), row["count"]) for row in parts[key]]
        sections.append({"key": key, "heading": heading, "rows": rows, "chart": bar_chart(rows)})
    first_offer = (parts.get("support_first_offer_days") or [{}])[0]
    return {
        "as_of": computed.as_of,
        "total": sum(row["count"] for row in parts["support_requests_by_status"]),
        "median_days": first_offer.get("days"),
        "with_offer": first_offer.get("count", 0),
        "sections": sections,
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        # The public landing page: what the platform is, and the Compact's figures.
        return render(request, "platform_app/landing.html", _numbers_context(links=False))
    viewer = viewer_for(user)
    if not viewer.is_platform_user:
        # Signed in but linked to no organization: say whom to ask, show nothing else.
        return render(request, "platform_app/home.html", {"unlinked": True})
    focal_point = getattr(user, "focal_point", None)  # selected with the user (auth.UsernameOrEmailBackend)
    my_groups = []
    if viewer.organization_id:
        memberships = (
            WorkingGroupMembership.objects.filter(organization_id=viewer.organization_id)
            .select_related("working_group")
            .order_by("working_group__number")
        )
        my_groups = caching.cached(caching.organization_groups_key(viewer.organization_id), lambda: list(memberships))
    now = timezone.now()
    upcoming = Event.objects.visible_to(user).select_related("working_group").next_ones(now, 6)
    recent = (
        Document.objects.visible_to(user)
        .select_related("organization", "working_group")
        .order_by("-published_on", "-id")[:6]
    )
    open_recommendations = []
    if viewer.organization_kind == Organization.Kind.MEMBER_STATE:
        open_recommendations = (
            Recommendation.objects.visible_to(user)
            .filter(
                Q(assessment__member_state_id=viewer.organization_id),
                status__in=[Recommendation.Status.OPEN, Recommendation.Status.IN_PROGRESS],
            )
            .select_related("thematic_area", "assessment")
            .order_by(PRIORITY_ORDER, "assessment", "number")[:10]
        )
        note_shown(request, open_recommendations)
    note_shown(request, recent)
    history = _snapshots()
    context = {
        "focal_point": focal_point,
        **_numbers_context(links=True, history=history),
        # Aggregates only, so every platform user reads them: no request, title or State is named.
        "support": _support_context(history),
        "my_groups": my_groups,
        "upcoming": upcoming,
        "recent": recent,
        "open_recommendations": open_recommendations,
    }
    return render(request, "platform_app/home.html", context)
