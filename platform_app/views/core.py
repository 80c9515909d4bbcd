from django.db.models import Case, IntegerField, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from workinggroups.models import WorkingGroupMembership

from .. import caching
from ..charts import line_chart
from ..metrics import FIGURE_LISTS, latest_snapshots
from ..models import Document, Event, MetricSnapshot, Organization, Recommendation
from ..models.metrics import FIGURES
from ..visibility import viewer_for

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


def _numbers_context(*, links: bool) -> dict:
    """The published figures and the latest computed snapshot: read, never counted on request."""
    history = caching.cached(caching.SNAPSHOTS, latest_snapshots)
    return {"snapshot": history[-1] if history else None, "numbers": _numbers(history, links=links) if history else []}


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
    context = {
        "focal_point": focal_point,
        **_numbers_context(links=True),
        "my_groups": my_groups,
        "upcoming": upcoming,
        "recent": recent,
        "open_recommendations": open_recommendations,
    }
    return render(request, "platform_app/home.html", context)
