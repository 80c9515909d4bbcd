"""Demo newsletter subscriptions: a share of the synthetic focal points, a few of whom left since.

The demo runner (platform_app/demo/runner.py) writes DEMO_STAGES after the visit totals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from newsletters.models import Subscription
from platform_app.accounts.models import User
from platform_app.demo.base import Row, SeedContext, Stage, first_row_exists, write_rows
from platform_app.demo.people import SYNTHETIC_EMAIL_SUFFIX


def subscription_rows(ctx: SeedContext) -> Iterator[Row]:
    rng = ctx.rng("subscriptions")
    users = User.objects.filter(email__endswith=SYNTHETIC_EMAIL_SUFFIX).order_by("id").values_list("id", "email")
    total = ctx.plan.synthetic_focal_points
    chosen = set(rng.sample(range(total), min(total, ctx.plan.subscriptions)))
    left_from = datetime(2024, 1, 1, tzinfo=UTC)
    for index, (user_id, email) in enumerate(users.iterator(chunk_size=ctx.batch_size)):
        if index not in chosen:
            continue
        active = rng.random() < 0.94
        yield Row(
            Subscription(
                email=email,
                user_id=user_id,
                is_active=active,
                unsubscribed_at=None if active else left_from + timedelta(hours=rng.randrange(600 * 24)),
            )
        )


def subscriptions_present(ctx: SeedContext) -> bool:
    return first_row_exists(subscription_rows(ctx), lambda s: {"email": s.email})


def seed_subscriptions(ctx: SeedContext, progress) -> Counter:
    return write_rows(subscription_rows(ctx), batch_size=ctx.batch_size, progress=progress, written=Counter())


DEMO_STAGES = (
    Stage("subscriptions", lambda p: p.subscriptions, subscriptions_present, seed_subscriptions, after="visits"),
)
