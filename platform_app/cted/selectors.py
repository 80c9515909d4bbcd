"""What the CTED pages show: the assessed countries with their recommendations by status, a country's
assessments and recommendations, an assessment's recommendations, the projects responding to one, and the
recommendations no project responds to yet.

Every list and count starts from `CountryAssessment.objects.visible_to(user)` or
`Recommendation.objects.visible_to(user)`, so none of them counts a record the reader may not see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from platform_app.core.translated import reader_order, reader_value
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import Organization
from platform_app.projects.models import Project

STATUSES = Recommendation.Status


def _by_status(counts: dict[str, int]) -> list[dict]:
    """Every status in its order with its count (zero included), so a table's columns line up."""
    return [{"value": value, "label": label, "count": counts.get(value, 0)} for value, label in STATUSES.choices]


def _status_counts(recommendations: QuerySet) -> dict[str, int]:
    rows = recommendations.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def _with_visible_projects(recommendations: QuerySet, user) -> QuerySet:
    """Each recommendation with the responding projects the reader may see, as `visible_projects`."""
    projects = Project.objects.visible_to(user).select_related("lead_entity").order_by("code")
    return recommendations.prefetch_related(Prefetch("responding_projects", projects, to_attr="visible_projects"))


# --- by country ----------------------------------------------------------------------------------------------


def assessed_countries(user) -> QuerySet:
    """One row per country with an assessment `user` may see: its name, code, region and assessments."""
    # The State's name in the reader's language, in its order (the bare column keeps the English name).
    return (
        CountryAssessment.objects.visible_to(user)
        .order_by()
        .values("member_state_id", "member_state__iso_alpha3", "member_state__region")
        .annotate(member_state_name=reader_value(CountryAssessment, "member_state__name"), assessments=Count("pk"))
        .order_by(reader_order(CountryAssessment, "member_state__name"), "member_state_id")
    )


def add_recommendation_counts(user, rows: list[dict]) -> None:
    """Sets on each row of `assessed_countries` its recommendations by status (`by_status`), their number
    (`recommendations`) and its region's label (`region`): one GROUP BY query for all the rows."""
    counts: dict[int, dict[str, int]] = {}
    grouped = (
        Recommendation.objects.visible_to(user)
        .filter(assessment__member_state_id__in=[row["member_state_id"] for row in rows])
        .order_by()
        .values("assessment__member_state_id", "status")
        .annotate(n=Count("pk"))
    )
    for group in grouped:
        counts.setdefault(group["assessment__member_state_id"], {})[group["status"]] = group["n"]
    regions = dict(Organization.Region.choices)
    for row in rows:
        state_counts = counts.get(row["member_state_id"], {})
        row["by_status"] = _by_status(state_counts)
        row["recommendations"] = sum(state_counts.values())
        row["region"] = regions.get(row["member_state__region"], "")


def totals(user) -> dict:
    """The assessments and recommendations `user` may see, counted: `assessment_total`,
    `recommendation_total` and `totals_by_status`."""
    counts = _status_counts(Recommendation.objects.visible_to(user))
    return {
        "assessment_total": CountryAssessment.objects.visible_to(user).count(),
        "recommendation_total": sum(counts.values()),
        "totals_by_status": _by_status(counts),
    }


# --- one country -----------------------------------------------------------------------------------------------


def country_assessments(user, code: str) -> list[CountryAssessment]:
    """The assessments of the country with ISO alpha-3 `code` that `user` may see, newest visit first."""
    return list(
        CountryAssessment.objects.visible_to(user)
        .filter(member_state__iso_alpha3=code)
        .select_related("member_state")
        .order_by("-visit_start", "-pk")
    )


def add_recommendation_count(user, assessments: list[CountryAssessment]) -> None:
    """Sets on each assessment the number of its recommendations `user` may see (`recommendation_count`)."""
    per_assessment = dict(
        Recommendation.objects.visible_to(user)
        .filter(assessment__in=[a.pk for a in assessments])
        .order_by()
        .values_list("assessment_id")
        .annotate(n=Count("pk"))
    )
    for item in assessments:
        item.recommendation_count = per_assessment.get(item.pk, 0)


# A country's recommendations: its latest assessment's first, each assessment's in order.
COUNTRY_ORDERING = ("-assessment__visit_start", "assessment_id", "number")


def country_recommendations(user, state: Organization) -> QuerySet:
    """The recommendations to `state` that `user` may see: what a country's page filters and counts."""
    return Recommendation.objects.visible_to(user).filter(assessment__member_state_id=state.pk)


def listed_recommendations(user, recommendations: QuerySet) -> QuerySet:
    """`recommendations` (filtered and ordered) as a list shows them, with the responding projects `user`
    may see."""
    return _with_visible_projects(recommendations.select_related("assessment", "thematic_area"), user)


def by_status(recommendations: QuerySet) -> list[dict]:
    """Every status in its order with the number of `recommendations` in it (zero included)."""
    return _by_status(_status_counts(recommendations))


# --- one assessment, one recommendation -------------------------------------------------------------------------


def assessment_recommendations(user, assessment: CountryAssessment) -> QuerySet:
    """The assessment's recommendations `user` may see, each with the responding projects `user` may see."""
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(assessment=assessment)
        .select_related("thematic_area")
        .order_by("number", "pk")
    )
    return _with_visible_projects(recommendations, user)


def responding_projects(user, recommendation: Recommendation) -> QuerySet:
    """The projects `user` may see that respond to `recommendation`."""
    return (
        Project.objects.visible_to(user)
        .filter(responds_to=recommendation)
        .select_related("lead_entity")
        .order_by("code", "pk")
    )


# --- gaps ------------------------------------------------------------------------------------------------------


# Country by country, each assessment's recommendations in order.
GAP_ORDERING = ("assessment__member_state__name", "assessment_id", "number", "pk")


def unanswered(user) -> QuerySet:
    """The recommendations `user` may see that no project responds to: what the gaps page filters."""
    linked = Recommendation.responding_projects.through.objects.filter(recommendation_id=OuterRef("pk"))
    return Recommendation.objects.visible_to(user).filter(~Exists(linked))


@dataclass(frozen=True)
class Gaps:
    listed: QuerySet
    by_region: list[dict]
    by_area: list[dict]


def gaps(recommendations: QuerySet) -> Gaps:
    """`recommendations` (some of `unanswered`, filtered and ordered) as the gaps page lists them, and
    counted by region and by thematic area."""
    regions = dict(Organization.Region.choices)
    by_region = [
        {"label": regions.get(row["assessment__member_state__region"], _("No region")), "count": row["n"]}
        for row in recommendations.order_by()
        .values("assessment__member_state__region")
        .annotate(n=Count("pk"))
        .order_by("-n", "assessment__member_state__region")
    ]
    by_area = list(
        recommendations.order_by()
        .values("thematic_area__slug")
        .annotate(thematic_area_name=reader_value(Recommendation, "thematic_area__name"), n=Count("pk"))
        .order_by("-n", reader_order(Recommendation, "thematic_area__name"))
    )
    listed = recommendations.select_related("assessment__member_state", "thematic_area")
    return Gaps(listed=listed, by_region=by_region, by_area=by_area)
