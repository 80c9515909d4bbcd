"""Computing "Compact in numbers": the figures and their breakdowns, written as one snapshot.

Pages and the API never count on request; they read the latest snapshot this module writes.
Each figure counts what the list it links to shows the Secretariat (see FIGURE_LISTS): the
dashboard sends a reader to that list, and tests hold the two equal.

A snapshot belongs to a moment (the hour by default). Writing the snapshot of a moment that
already has one replaces it, so a rerun, or a task delivered twice, leaves one snapshot.
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_app.calendar.models import Event
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import Organization
from platform_app.directory.selectors import active_focal_points, nominated, organizations_listed
from platform_app.library.models import Document
from platform_app.metrics.models import DailyVisitTotal, MetricSnapshot
from platform_app.metrics.registry import grouped, registered_breakdowns, with_labels
from platform_app.metrics.visits import fold_visits
from platform_app.projects.models import Appeal, AppealProject
from platform_app.structure.models import ThematicArea
from platform_app.support.models import SupportRequest

logger = logging.getLogger(__name__)


# The list each figure counts: (URL name, query string), for the dashboard's links and the tests.
FIGURE_LISTS = {
    "entities": ("directory:organizations", "kind=entity"),
    "member_states": ("directory:organizations", "kind=member_state&nominated=1"),
    "regional_organizations": ("directory:organizations", "kind=regional_org&nominated=1"),
    "focal_points": ("directory:index", "status=active"),
    "documents": ("library:index", ""),
    "cted_recommendations": ("cted:index", ""),
    "country_assessments": ("cted:index", ""),
}


def moment(when: dt.datetime | None = None) -> dt.datetime:
    """The moment a snapshot stands for: the start of the hour."""
    when = when or timezone.now()
    return when.replace(minute=0, second=0, microsecond=0)


def _by_month(queryset, date_field: str) -> dict[str, int]:
    rows = (
        queryset.order_by()
        .annotate(month=TruncMonth(date_field))
        .values_list("month")
        .annotate(n=Count("*"))
        .order_by("month")
    )
    return {f"{month:%Y-%m}": n for month, n in rows if month is not None}


class _MedianSeconds(Aggregate):
    """PostgreSQL's median of `end - start` in seconds, computed where the rows are."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (%(expressions)s)))"
    arg_joiner = " - "
    output_field = FloatField()


def median_days_to_first_offer() -> float | None:
    """The median time from filing a request to its first offer, in days with one decimal; None before
    any request has an offer."""
    offered = SupportRequest.objects.order_by().filter(first_offer_at__isnull=False)
    if connection.vendor == "postgresql":
        seconds = offered.aggregate(median=_MedianSeconds(F("first_offer_at"), F("created_at")))["median"]
    else:
        # Elsewhere the database computes each duration and the median is taken over those values alone.
        durations = offered.annotate(
            waited=ExpressionWrapper(F("first_offer_at") - F("created_at"), output_field=DurationField())
        ).values_list("waited", flat=True)
        values = [d.total_seconds() for d in durations.iterator() if d is not None]
        seconds = statistics.median(values) if values else None
    return None if seconds is None else round(seconds / 86400, 1)


def support_breakdowns(themes: dict[str, str]) -> dict[str, list[dict]]:
    """Requests for tailored support in aggregate: no title and no State is named."""
    requests = SupportRequest.objects
    offered = requests.filter(first_offer_at__isnull=False).count()
    return {
        "support_requests_by_status": with_labels(grouped(requests, "status"), dict(SupportRequest.Status.choices)),
        "support_requests_by_thematic_area": with_labels(grouped(requests, "thematic_area__slug"), themes),
        "support_requests_by_region": with_labels(
            grouped(requests, "member_state__region"), dict(Organization.Region.choices)
        ),
        # One row, so it reads like the other breakdowns: the median (null before any offer) and how many
        # requests it is taken over.
        "support_first_offer_days": [
            {
                "key": "median",
                "label": _("Median days from filing to first offer"),
                "days": median_days_to_first_offer(),
                "count": offered,
            }
        ],
    }


def figures() -> dict[str, int]:
    organizations = organizations_listed()
    return {
        "entities": organizations.filter(kind=Organization.Kind.ENTITY).count(),
        "member_states": nominated(organizations.filter(kind=Organization.Kind.MEMBER_STATE)).count(),
        "regional_organizations": nominated(organizations.filter(kind=Organization.Kind.REGIONAL_ORG)).count(),
        "focal_points": active_focal_points().count(),
        "documents": Document.objects.count(),
        "visits": DailyVisitTotal.objects.aggregate(total=Sum("visits"))["total"] or 0,
        "cted_recommendations": Recommendation.objects.count(),
        "country_assessments": CountryAssessment.objects.count(),
    }


def breakdowns() -> dict[str, list[dict]]:
    themes = dict(ThematicArea.objects.values_list("slug", "name"))
    through = Document.themes.through
    appeals = []
    funding = (
        AppealProject.objects.order_by()
        .values("appeal_id")
        .annotate(requirement=Sum("requirement"), received=Sum("funds_received"), projects=Count("*"))
    )
    by_appeal = {row["appeal_id"]: row for row in funding}
    for appeal in Appeal.objects.order_by("start_year", "pk"):
        row = by_appeal.get(appeal.pk, {})
        requirement = row.get("requirement") or 0
        received = row.get("received") or 0
        appeals.append(
            {
                "key": str(appeal.pk),
                "label": appeal.title,
                "projects": row.get("projects", 0),
                "requirement": str(requirement),
                "received": str(received),
                "gap": str(requirement - received),
            }
        )
    return {
        "recommendations_by_status": with_labels(
            grouped(Recommendation.objects, "status"), dict(Recommendation.Status.choices)
        ),
        "recommendations_by_region": with_labels(
            grouped(Recommendation.objects, "assessment__member_state__region"), dict(Organization.Region.choices)
        ),
        "recommendations_by_thematic_area": with_labels(grouped(Recommendation.objects, "thematic_area__slug"), themes),
        "documents_by_theme": with_labels(grouped(through.objects, "thematicarea__slug"), themes),
        "documents_by_type": with_labels(grouped(Document.objects, "document_type"), dict(Document.Type.choices)),
        "documents_by_month": with_labels(_by_month(Document.objects, "published_on"), {}),
        "focal_points_by_kind": with_labels(
            grouped(active_focal_points(), "organization__kind"), dict(Organization.Kind.choices)
        ),
        "events_by_month": with_labels(_by_month(Event.objects, "starts_at"), {}),
        # Breakdowns other apps count over their own records (metrics.registry).
        **registered_breakdowns(),
        "appeal_funding": appeals,
        **support_breakdowns(themes),
    }


@dataclass
class Aggregation:
    snapshot: MetricSnapshot
    created: bool
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


def aggregate(as_of: dt.datetime | None = None) -> Aggregation:
    """Counts everything and writes the snapshot of `as_of` (default: this hour), replacing any earlier one.

    The counts are read in one repeatable-read transaction on PostgreSQL so the figures agree with
    one another; the snapshot is written in the same transaction, so a failure writes nothing.
    """
    started = time.perf_counter()
    as_of = moment(as_of)
    timings: dict[str, float] = {}
    # Today's visits counted so far join the daily totals first, so the figure includes them. Without
    # the counter (Redis down), the figure stands at the last fold.
    try:
        fold_visits()
    except Exception:
        logger.exception("could not fold today's visits before aggregating")
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        mark = time.perf_counter()
        values = figures()
        timings["figures"] = time.perf_counter() - mark
        mark = time.perf_counter()
        values["breakdowns"] = breakdowns()
        timings["breakdowns"] = time.perf_counter() - mark
        snapshot, created = MetricSnapshot.objects.update_or_create(
            as_of=as_of,
            source=MetricSnapshot.Source.COMPUTED,
            defaults={**values, "label": "", "note": ""},
        )
    return Aggregation(snapshot=snapshot, created=created, seconds=time.perf_counter() - started, timings=timings)


def latest_snapshots() -> list[MetricSnapshot]:
    """The published figures and the latest computed snapshot, oldest first: what pages show."""
    latest_computed = MetricSnapshot.objects.filter(source=MetricSnapshot.Source.COMPUTED).order_by("-as_of")
    return list(
        MetricSnapshot.objects.filter(
            Q(source=MetricSnapshot.Source.PUBLISHED) | Q(pk__in=latest_computed.values("pk")[:1])
        ).order_by("as_of", "pk")
    )
