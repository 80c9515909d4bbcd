"""Daily visit totals for the three years up to the last published figure (30 June 2025).

The days are fixed by the calendar and do not scale; the visits do, and sum exactly to the plan.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

from .base import Row, SeedContext, allocate, first_row_exists

FIRST_DAY = date(2022, 7, 1)
LAST_DAY = date(2025, 6, 30)
# Quieter weekends, August and the end of the year; busier around the General Assembly.
WEEKDAY = (1.0, 1.05, 1.05, 1.0, 0.85, 0.3, 0.25)
MONTH = {8: 0.7, 9: 1.25, 12: 0.75, 1: 0.9}


def visit_rows(ctx: SeedContext) -> Iterator[Row]:
    from platform_app.metrics.models import DailyVisitTotal

    rng = ctx.rng("visits")
    days = [FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    # Use grew over the period, as the published figures show.
    weights = [
        (1 + 0.8 * n / len(days)) * WEEKDAY[day.weekday()] * MONTH.get(day.month, 1.0) * rng.uniform(0.8, 1.2)
        for n, day in enumerate(days)
    ]
    for day, visits in zip(days, allocate(ctx.plan.visits, weights), strict=True):
        unique = math.floor(visits * rng.uniform(0.3, 0.5))
        yield Row(DailyVisitTotal(date=day, visits=visits, unique_visitors=unique))


def visits_present(ctx: SeedContext) -> bool:
    return first_row_exists(visit_rows(ctx), lambda v: {"date": v.date})


def seed_visits(ctx: SeedContext, progress) -> Counter:
    from platform_app.metrics.models import DailyVisitTotal

    written: Counter = Counter()
    rows = [row.obj for row in visit_rows(ctx)]
    # A day the platform already counted for real keeps its real total.
    DailyVisitTotal.objects.bulk_create(rows, batch_size=ctx.batch_size, ignore_conflicts=True)
    written[DailyVisitTotal._meta.label] += len(rows)
    progress(len(rows))
    return written
