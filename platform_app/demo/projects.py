"""The Matrix of UN counter-terrorism projects and the 2024-2025 Multi-Year Appeal.

Projects start over the ten years before the demo's day and the year after it; each one's status is
what its dates make it on that day. A regional project helps the States of its region.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from . import places, vocabulary
from .base import Row, SeedContext, WeightedPool, at_work, before, sample_ids, write_rows

STARTS_BEFORE, STARTS_AFTER = 10 * 365, 365
LEAD_WEIGHTS = {"UNOCT": 8, "UNODC": 6, "UNDP": 3, "INTERPOL": 2, "UNICRI": 2, "OHCHR": 2, "UN Women": 2}
APPEAL = {
    "title": "2024-2025 United Nations Multi-Year Appeal for Counter-Terrorism",
    "start_year": 2024,
    "end_year": 2025,
}


def _code_token(acronym: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", acronym.upper())[:12] or "UN"


def _money(value: float) -> Decimal:
    # Whole thousands, capped well below the field's 14 digits.
    return Decimal(min(max(0, round(value, -3)), 5e8)).quantize(Decimal("0.01"))


def project_rows(ctx: SeedContext) -> Iterator[Row]:
    from platform_app.projects.models import Project

    rng = ctx.rng("projects")
    ref = ctx.ref
    leads = WeightedPool(ref.entities, [LEAD_WEIGHTS.get(e.acronym, 1) for e in ref.entities])
    partners_pool = ref.entities + ref.regional
    for i in range(ctx.plan.projects):
        lead = leads.draw(rng)
        theme, topic = ref.subject(rng)
        template = rng.choice(vocabulary.PROJECT_TITLES)
        region = rng.choice(vocabulary.REGIONS) if "{region}" in template else ""
        start = ctx.today + timedelta(days=rng.randrange(-STARTS_BEFORE, STARTS_AFTER))
        end = start + timedelta(days=rng.randint(12, 60) * 30) if rng.random() < 0.95 else None
        if start > ctx.today:
            status = "planned"
        elif end and end < ctx.today:
            status = "completed" if rng.random() < 0.93 else "suspended"
        else:
            status = "ongoing" if rng.random() < 0.95 else "suspended"
        beneficiaries: list[int] = []
        if region:
            codes = set(places.REGION_STATES[region])
            beneficiaries = sample_ids(rng, [s for s in ref.member_states if s.iso2 in codes], 1, 6)
        else:
            roll = rng.random()
            if roll < 0.6:
                beneficiaries = sample_ids(rng, ref.engaged_states, 1, 8)
            elif roll < 0.75:
                beneficiaries = sample_ids(rng, ref.member_states, 1, 4)
        # Entered in the Matrix when it was being prepared, never after the demo's day.
        entered = before(rng, at_work(rng, start - timedelta(days=rng.randint(0, 120))), ctx.now)
        project = Project(
            code=f"{_code_token(lead.acronym)}-{start.year}-{i + 1:05d}",
            title=vocabulary.fill(rng, template, topic=topic, region=region),
            description=vocabulary.paragraph(rng, 2, topic=topic, region=region),
            lead_entity_id=lead.id,
            budget=None if rng.random() < 0.08 else _money(rng.lognormvariate(13.8, 1.1)),
            status=status,
            start_date=start,
            end_date=end,
            created_at=entered,
            updated_at=entered,
        )
        m2m = {
            "partners": sample_ids(rng, partners_pool, 0, 4, exclude=[lead.id]),
            "beneficiary_states": beneficiaries,
            "pillars": sample_ids(rng, ref.pillars, 1, 2),
            "themes": ref.tags(rng, theme, most=2),
        }
        yield Row(project, m2m=m2m)


def project_key(project) -> dict:
    """The fields a project is found by."""
    return {"code": project.code}


def appeal_present(ctx: SeedContext) -> bool:
    from platform_app.projects.models import AppealProject

    return AppealProject.objects.filter(
        appeal__start_year=APPEAL["start_year"], appeal__end_year=APPEAL["end_year"]
    ).exists()


def seed_appeal(ctx: SeedContext, progress) -> Counter:
    from platform_app.projects.models import Appeal, AppealProject, Project

    rng = ctx.rng("appeal")
    written: Counter = Counter()
    appeal = Appeal.objects.filter(start_year=APPEAL["start_year"], end_year=APPEAL["end_year"]).first()
    if appeal is None:
        appeal = Appeal.objects.create(
            **APPEAL,
            launched_on=date(2024, 2, 8),
            description=(
                "Brings together the counter-terrorism projects of Compact entities that need funding, "
                "so that donors see the whole picture of requirements in one place."
            ),
        )
        written[Appeal._meta.label] += 1
    # Projects running at some point in 2024-2025 first, in the order they were written.
    projects = list(Project.objects.order_by("id").values_list("id", "start_date", "end_date", "budget"))
    period_start, period_end = date(2024, 1, 1), date(2025, 12, 31)
    running = [p for p in projects if (p[1] is None or p[1] <= period_end) and (p[2] is None or p[2] >= period_start)]
    running_ids = {p[0] for p in running}
    others = [p for p in projects if p[0] not in running_ids]
    k = ctx.plan.appeal_projects
    chosen = rng.sample(running, min(k, len(running)))
    chosen += rng.sample(others, min(k - len(chosen), len(others)))

    def rows() -> Iterator[Row]:
        for project_id, _, _, budget in chosen:
            base = float(budget) if budget else rng.lognormvariate(13.8, 1.0)
            requirement = _money(base * rng.uniform(0.3, 1.0))
            received = _money(float(requirement) * rng.betavariate(2, 3))
            yield Row(
                AppealProject(
                    appeal_id=appeal.id,
                    project_id=project_id,
                    requirement=requirement,
                    funds_received=min(received, requirement),
                )
            )

    return write_rows(rows(), batch_size=ctx.batch_size, progress=progress, written=written)
