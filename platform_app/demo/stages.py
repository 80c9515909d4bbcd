"""The stage of most generators: it writes the rows one generator yields, and is present when the first of
them is in the database (a stage is written in one transaction, so then all of it is)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import models

from .base import Plan, Row, SeedContext, Stage, first_row_exists, write_rows


def rows_stage(
    name: str,
    total: Callable[[Plan], int | None],
    rows: Callable[[SeedContext], Iterable[Row]],
    key: Callable[[models.Model], dict],
    *,
    rows_each: int = 1,
    after: str | None = None,
) -> Stage:
    """The stage `name` writing `rows(ctx)`; `key` gives the fields its first row is found by. `rows_each`:
    about how many rows each one brings with it, so that a chunk held in memory stays near a batch."""

    def present(ctx: SeedContext) -> bool:
        return first_row_exists(rows(ctx), key)

    def seed(ctx: SeedContext, progress: Callable[[int], object]) -> Counter:
        chunk_size = max(1, ctx.batch_size // rows_each)
        return write_rows(
            rows(ctx), batch_size=ctx.batch_size, chunk_size=chunk_size, progress=progress, written=Counter()
        )

    return Stage(name, total, present, seed, after=after)
