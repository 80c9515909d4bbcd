from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Case, IntegerField, Q, When
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from workinggroups.models import WorkingGroupMembership

from ..charts import line_chart
from ..models import Document, Event, MetricSnapshot, Organization, Recommendation
from ..models.metrics import FIGURES
from ..visibility import viewer_for

# Where each figure's list is, for the dashboard to link to what it counts.
FIGURE_LINKS = {
    "entities": ("directory:index", "?kind=entity"),
    "member_states": ("countries:index", ""),
    "regional_organizations": ("directory:index", "?kind=regional_org"),
    "focal_points": ("directory:index", ""),
    "documents": ("library:index", ""),
    "cted_recommendations": ("cted:index", ""),
    "country_assessments": ("cted:index", ""),
}
PRIORITY_ORDER = Case(
    *(When(priority=value, then=rank) for rank, value in enumerate(Recommendation.Priority.values)),
    output_field=IntegerField(),
)


def _numbers(snapshots: list[MetricSnapshot]) -> list[dict]:
    """Each figure of the latest snapshot with its trend over the history (oldest first)."""
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
                "link": FIGURE_LINKS.get(key),
                "chart": line_chart(series),
                "series": [p for p in series if p[1] is not None],
            }
        )
    return rows


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    viewer = viewer_for(user)
    if not viewer.is_platform_user:
        # Signed in but linked to no organization: say whom to ask, show nothing else.
        return render(request, "platform_app/home.html", {"unlinked": True})
    focal_point = getattr(user, "focal_point", None)  # selected with the user (auth.UsernameOrEmailBackend)
    # The published figures of the newsletters, then the latest computed reading.
    latest_computed = MetricSnapshot.objects.filter(source=MetricSnapshot.Source.COMPUTED).order_by("-as_of")
    history = list(
        MetricSnapshot.objects.filter(
            Q(source=MetricSnapshot.Source.PUBLISHED) | Q(pk__in=latest_computed.values("pk")[:1])
        ).order_by("as_of", "pk")
    )
    my_groups = []
    if viewer.organization_id:
        my_groups = list(
            WorkingGroupMembership.objects.filter(organization_id=viewer.organization_id)
            .select_related("working_group")
            .order_by("working_group__number")
        )
    now = timezone.now()
    upcoming = (
        Event.objects.visible_to(user)
        .filter(ends_at__gte=now)
        .select_related("working_group")
        .order_by("starts_at", "id")[:6]
    )
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
        "snapshot": history[-1] if history else None,
        "numbers": _numbers(history) if history else [],
        "my_groups": my_groups,
        "upcoming": upcoming,
        "recent": recent,
        "open_recommendations": open_recommendations,
    }
    return render(request, "platform_app/home.html", context)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and docker-compose."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "unavailable"}, status=503)
