"""Runs the demo generators in dependency order, each stage in its own transaction.

A stage is either entirely in the database or not at all, so a run that was interrupted resumes
at the stage it was in, and a second run finds every stage present and writes nothing. The number
of synthetic focal points tells which scale a database was seeded with: another scale is refused
rather than mixed in, since counts that no longer match any scale would mislead benchmarks.

Other installed apps add their own stages: an app with a `demo` module lists them in its DEMO_STAGES,
a sequence of base.Stage, each naming with `after` the stage it follows (at the end when None). The
module is imported only when demo data is seeded.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from tqdm import tqdm

from . import calendar, countries, cted, groups, library, people, projects, support, visits
from .accounts import DEMO_FOCAL_POINTS, ensure_demo_accounts
from .base import BASE, BATCH_SIZE, Plan, SeedContext, Stage
from .files import ensure_sample_files
from .stages import rows_stage


class DemoDataConflict(Exception):
    """The database holds demo data of another scale."""


STAGES = (
    Stage(
        "focal points",
        lambda p: p.synthetic_focal_points,
        lambda ctx: people.synthetic_focal_point_count() > 0,
        people.seed_focal_points,
    ),
    rows_stage("projects", lambda p: p.projects, projects.project_rows, projects.project_key),
    Stage("appeal", lambda p: p.appeal_projects, projects.appeal_present, projects.seed_appeal),
    rows_stage("documents", lambda p: p.documents, library.document_rows, library.document_key),
    rows_stage("events", lambda p: p.events, calendar.event_rows, calendar.event_key),
    # An assessment carries about 30 recommendations, so fewer of them make one batch.
    rows_stage("assessments", lambda p: p.assessments, cted.assessment_rows, cted.assessment_key, rows_each=40),
    rows_stage("guests", lambda p: None, groups.guest_rows, groups.guest_key),
    Stage("visits", lambda p: None, visits.visits_present, visits.seed_visits),
    Stage("country pages", lambda p: countries.PAGE_STATES, countries.pages_present, countries.seed_pages),
    Stage("support requests", lambda p: p.support_requests, support.requests_present, support.seed_requests),
)


def app_stages() -> list[Stage]:
    """DEMO_STAGES of every installed app's `demo` module, apps in INSTALLED_APPS order."""
    found: list[Stage] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if name == __package__ or not module_has_submodule(config.module, "demo"):
            continue
        found.extend(import_module(name).DEMO_STAGES)
    return found


def all_stages() -> list[Stage]:
    """The platform's stages with the other apps' stages, each placed right after the one it names."""
    ordered = list(STAGES)
    for stage in app_stages():
        if stage.after is None:
            ordered.append(stage)
            continue
        names = [s.name for s in ordered]
        if stage.after not in names:
            raise ImproperlyConfigured(f"The demo stage {stage.name!r} follows {stage.after!r}, which no app has.")
        ordered.insert(names.index(stage.after) + 1, stage)
    return ordered


@dataclass
class SeedReport:
    plan: Plan
    written: Counter = field(default_factory=Counter)
    seeded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.seeded)


def check_scale(plan: Plan) -> None:
    existing = people.synthetic_focal_point_count()
    if existing and existing != plan.synthetic_focal_points:
        seeded_scale = (existing + DEMO_FOCAL_POINTS) / BASE["focal_points"]
        raise DemoDataConflict(
            f"The database already holds demo data of another scale ({existing:,} synthetic focal points, "
            f"about --scale {seeded_scale:g}); --scale {plan.scale:g} needs {plan.synthetic_focal_points:,}. "
            "Demo data is never extended or shrunk: seed a fresh database (manage.py flush, then "
            "load_compact_reference) to use another scale. Nothing was changed."
        )


def seed_demo(scale: float, *, progress: bool = True, batch_size: int = BATCH_SIZE) -> SeedReport:
    """Seeds the demo data for scale; the reference data must be loaded. Idempotent."""
    started = time.monotonic()
    plan = Plan.for_scale(scale)
    check_scale(plan)
    ensure_demo_accounts()
    # Also restores the sample files when only the media folder was wiped, and brings the versions in line
    # with a sample file laid out anew.
    samples = ensure_sample_files()
    with transaction.atomic():
        library.realign_versions(samples)
    ctx = SeedContext(plan, batch_size)
    report = SeedReport(plan)
    for stage in all_stages():
        if stage.present(ctx):
            report.skipped.append(stage.name)
            continue
        bar = tqdm(
            total=stage.total(plan),
            desc=f"{stage.name:>14}",
            unit="",
            file=sys.stderr,
            # None: tqdm shows the bar only on a terminal.
            disable=None if progress else True,
            dynamic_ncols=True,
        )
        with bar, transaction.atomic():
            report.written.update(stage.seed(ctx, bar.update))
        report.seeded.append(stage.name)
    report.seconds = time.monotonic() - started
    return report
