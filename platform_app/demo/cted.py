"""CTED country assessments and their technical assistance recommendations.

Kenya's assessments are never shared with entities and Norway's always are, so the demo shows
both sides of the consent rule; the other States consent about half the time. Past 28 assessments
(scale above 1) States get further, later assessments, each State's in date order.

An assessment's recommendations fall in a few thematic sections, numbered 1..n through them, no two
alike; those of a report the Counter-Terrorism Committee has not adopted yet are all still open. They are
written in the language the State works in (languages.py): after Kenya and Norway, the next States
assessed are one for each of the five other official languages.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from . import languages, vocabulary
from .base import (
    REQUIRED_STATES,
    Org,
    Row,
    SeedContext,
    Theme,
    allocate,
    at_work,
    before,
    sample_ids,
    weighted,
)

NEVER_SHARED, ALWAYS_SHARED = "KE", "NO"
EARLIEST = date(2008, 1, 1)
# The last visit a quarter before the demo's day; a State assessed only once was assessed in the last ten years.
LATEST_BEFORE, RECENT_YEARS = timedelta(days=90), 10
TITLES = {
    "comprehensive": "Comprehensive assessment visit to {state} ({year})",
    "follow_up": "Follow-up assessment visit to {state} ({year})",
    "focused": "Focused assessment visit to {state} ({year})",
    "desk_review": "Desk review of {state} ({year})",
}


def assessed_states(ctx: SeedContext) -> list[Org]:
    """The State of each assessment in the order they are written: Kenya, Norway, a State writing in each
    other official language, then the others."""
    rng = ctx.rng("assessed-states")
    ref = ctx.ref
    required = [ref.by_iso2[code] for code in REQUIRED_STATES if code in ref.by_iso2]
    for code in languages.TONGUES:
        writers = [s for s in ref.engaged_states if languages.state_language(s.iso2) == code]
        if writers:
            required.append(rng.choice(writers))
    chosen = {s.iso2 for s in required}
    engaged = [s for s in ref.engaged_states if s.iso2 not in chosen]
    rng.shuffle(engaged)
    engaged_codes = {s.iso2 for s in engaged}
    rest = [s for s in ref.member_states if s.iso2 not in engaged_codes and s.iso2 not in chosen]
    rng.shuffle(rest)
    order = required + engaged + rest
    return [order[i % len(order)] for i in range(ctx.plan.assessments)]


def assessment_rows(ctx: SeedContext) -> Iterator[Row]:
    from platform_app.cted.models import CountryAssessment, Recommendation
    from platform_app.projects.models import Project

    rng = ctx.rng("assessments")
    ref = ctx.ref
    states = assessed_states(ctx)
    per_state = Counter(s.iso2 for s in states)
    seen: Counter = Counter()
    counts = allocate(ctx.plan.recommendations, [rng.uniform(0.5, 1.5) for _ in states], minimum=1)
    projects = list(Project.objects.order_by("id").values_list("id", flat=True))
    projects_for: dict[int, list[int]] = defaultdict(list)
    through = Project.beneficiary_states.through
    for project_id, state_id in through.objects.order_by("project_id", "organization_id").values_list(
        "project_id", "organization_id"
    ):
        projects_for[state_id].append(project_id)
    cted_user = ctx.demo_users.get("cted.analyst")
    norway_user = ctx.demo_users.get("norway.focal")
    latest = ctx.today - LATEST_BEFORE
    recent = latest.replace(year=latest.year - RECENT_YEARS, day=min(latest.day, 28))
    for state, recommendations in zip(states, counts, strict=True):
        occurrence, total = seen[state.iso2], per_state[state.iso2]
        seen[state.iso2] += 1
        if total == 1:
            window_start, window_days = recent, (latest - recent).days
        else:
            window_days = (latest - EARLIEST).days // total
            window_start = EARLIEST + timedelta(days=window_days * occurrence)
        start = window_start + timedelta(days=rng.randrange(max(1, window_days - 10)))
        if rng.random() < 0.12:
            kind = "desk_review"
        elif occurrence == 0:
            kind = weighted(rng, {"comprehensive": 85, "focused": 15})
        else:
            kind = weighted(rng, {"follow_up": 68, "focused": 32})
        visit_start = None if kind == "desk_review" else start
        visit_end = None if kind == "desk_review" else start + timedelta(days=rng.randint(2, 5))
        adopted = start + timedelta(days=rng.randint(60, 240))
        adopted_on = adopted if adopted < ctx.today else None
        if state.iso2 == NEVER_SHARED:
            shared = False
        elif state.iso2 == ALWAYS_SHARED:
            shared = True
        else:
            shared = rng.random() < 0.45
        decided_by = (norway_user if state.iso2 == ALWAYS_SHARED else cted_user) if shared else None
        decided_on = adopted_on or visit_end or start
        subjects = recommendation_subjects(rng, ref.themes, recommendations)
        drafted = before(rng, at_work(rng, visit_end or start), ctx.now)
        assessment = CountryAssessment(
            member_state_id=state.id,
            kind=kind,
            title=TITLES[kind].format(state=vocabulary.in_text(state.name), year=start.year),
            visit_start=visit_start,
            visit_end=visit_end,
            adopted_on=adopted_on,
            summary=vocabulary.paragraph(rng, 2, topic=vocabulary.topic_for(rng, subjects[0][0].name)),
            shared_with_entities=shared,
            sharing_decided_by_id=decided_by,
            sharing_decided_at=before(
                rng,
                datetime.combine(decided_on + timedelta(days=30), time(12), tzinfo=UTC),
                ctx.now,
                after=datetime.combine(decided_on, time(0), tzinfo=UTC),
            )
            if shared
            else None,
            created_at=drafted,
            updated_at=drafted,
        )
        age = max(0, ctx.today.year - start.year)
        statuses = {
            "open": max(10, 60 - 6 * age),
            "in_progress": 30,
            "implemented": 5 + 6 * age,
            "no_longer_relevant": 3,
        }
        code = languages.state_language(state.iso2)
        words = languages.tongue(code)
        children = []
        for number, (theme, action) in enumerate(subjects, start=1):
            status = weighted(rng, statuses) if adopted_on else "open"
            responding: list[int] = []
            if projects and rng.random() < 0.25:
                responding = sample_ids(rng, projects_for.get(state.id) or projects, 1, 2)
            priority = weighted(rng, {"high": 30, "medium": 50, "low": 20})
            note = ""
            if status in ("in_progress", "implemented") and rng.random() < 0.7:
                note = (words.progress_notes if words else vocabulary.PROGRESS_NOTES)[
                    rng.randrange(len(vocabulary.PROGRESS_NOTES))
                ]
            recommendation = Recommendation(
                number=number,
                thematic_area_id=theme.id,
                text=words.recommendation(theme.name, action)
                if words
                else vocabulary.recommendation_text(rng, theme.name, action),
                language=code,
                priority=priority,
                status=status,
                progress_note=note,
                created_at=drafted,
                updated_at=drafted,
            )
            children.append(("assessment_id", Row(recommendation, m2m={"responding_projects": responding})))
        yield Row(assessment, children=children)


def recommendation_subjects(rng: random.Random, themes: list[Theme], count: int) -> list[tuple[Theme, int]]:
    """count distinct (theme, action) pairs for one report, in sections: a few themes, each with its
    recommendations in the order of RECOMMENDATION_ACTIONS."""
    actions = len(vocabulary.RECOMMENDATION_ACTIONS)
    sections = rng.sample(themes, min(len(themes), max(rng.randint(3, 8), -(-count // actions))))
    pairs = [(theme, action) for theme in sections for action in range(actions)]
    subjects = [pairs[i] for i in sorted(rng.sample(range(len(pairs)), min(count, len(pairs))))]
    # Past every theme times every action (over 200 recommendations in one report, which no scale's plan
    # comes near) the pairs would repeat rather than the count fall short of the plan.
    return subjects + [pairs[i % len(pairs)] for i in range(count - len(subjects))]


def assessment_key(assessment) -> dict:
    """The fields an assessment is found by."""
    return {"member_state_id": assessment.member_state_id, "kind": assessment.kind, "title": assessment.title}
