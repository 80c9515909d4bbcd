"""Demo data of the working groups' spaces: meetings with summaries, workplans and discussions.

The demo runner (platform_app/demo/runner.py) writes DEMO_STAGES right after the guests it invites
to the groups, each stage in its own transaction, with the counts of the scale's plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from platform_app.demo import vocabulary
from platform_app.demo.base import (
    Group,
    Row,
    SeedContext,
    Stage,
    allocate,
    first_row_exists,
    sample_ids,
    weighted,
    write_rows,
)
from platform_app.library.models import Document
from workinggroups.models import Meeting, Post, WorkplanActivity

MEETINGS_FROM, MEETINGS_DAYS = date(2019, 1, 1), (date(2026, 10, 31) - date(2019, 1, 1)).days
DUE_FROM, DUE_DAYS = date(2024, 1, 1), 4 * 365
THREAD_SHARE = 0.4
MEETING_PLACES = {"Online": 50, "New York": 30, "Vienna": 10, "Geneva": 10}


def _weekday(day: date) -> date:
    return day - timedelta(days=max(0, day.weekday() - 4))


def meeting_rows(ctx: SeedContext) -> Iterator[Row]:
    rng = ctx.rng("meetings")
    groups = ctx.ref.groups
    counts = allocate(ctx.plan.meetings, [rng.uniform(0.7, 1.3) for _ in groups])
    documents: dict[int, list[int]] = {g.id: [] for g in groups}
    for group_id, document_id in (
        Document.objects.filter(working_group__isnull=False).order_by("id").values_list("working_group_id", "id")
    ):
        documents.setdefault(group_id, []).append(document_id)
    for group, count in zip(groups, counts, strict=True):
        days = sorted(_weekday(MEETINGS_FROM + timedelta(days=rng.randrange(MEETINGS_DAYS))) for _ in range(count))
        for number, day in enumerate(days, start=1):
            topic = rng.choice(vocabulary.TOPICS)
            starts = datetime.combine(day, time(rng.choice((13, 14, 15))), tzinfo=UTC)
            place = weighted(rng, MEETING_PLACES)
            agenda = [
                "Opening remarks by the Chair",
                f"Update on {topic}",
                "Implementation of the workplan",
                "Any other business",
            ]
            meeting = Meeting(
                working_group_id=group.id,
                title=f"{vocabulary.ordinal(number)} meeting of the {group.name}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=rng.choice((1.5, 2, 3))),
                location="" if place == "Online" else place,
                online_url=f"https://meet.example.org/compact/{group.short_name.lower()}-{number}",
                agenda="\n".join(f"{i}. {item}" for i, item in enumerate(agenda, start=1)),
                summary=vocabulary.paragraph(rng, 3, topic=topic) if rng.random() < 0.95 else "",
                created_by_id=ctx.user_of(rng, group.chair) if group.chair else None,
            )
            yield Row(meeting, m2m={"documents": sample_ids(rng, documents[group.id], 0, 2)})


def meetings_present(ctx: SeedContext) -> bool:
    return first_row_exists(
        meeting_rows(ctx),
        lambda m: {"working_group_id": m.working_group_id, "title": m.title, "starts_at": m.starts_at},
    )


def seed_meetings(ctx: SeedContext, progress) -> Counter:
    return write_rows(meeting_rows(ctx), batch_size=ctx.batch_size, progress=progress, written=Counter())


def activity_rows(ctx: SeedContext) -> Iterator[Row]:
    rng = ctx.rng("activities")
    groups = ctx.ref.groups
    for group, count in zip(groups, allocate(ctx.plan.activities, [1] * len(groups)), strict=True):
        for position in range(1, count + 1):
            topic = rng.choice(vocabulary.TOPICS)
            lead = rng.choice(group.writers) if group.writers and rng.random() < 0.85 else None
            yield Row(
                WorkplanActivity(
                    working_group_id=group.id,
                    title=vocabulary.activity_title(rng, topic=topic),
                    description=vocabulary.paragraph(rng, 1, topic=topic),
                    lead_organization_id=lead,
                    status=weighted(rng, {"planned": 30, "in_progress": 35, "completed": 28, "deferred": 7}),
                    priority=weighted(rng, {"high": 30, "medium": 50, "low": 20}),
                    due_on=DUE_FROM + timedelta(days=rng.randrange(DUE_DAYS)),
                    position=position,
                )
            )


def activities_present(ctx: SeedContext) -> bool:
    return first_row_exists(
        activity_rows(ctx),
        lambda a: {"working_group_id": a.working_group_id, "title": a.title, "position": a.position},
    )


def seed_activities(ctx: SeedContext, progress) -> Counter:
    return write_rows(activity_rows(ctx), batch_size=ctx.batch_size, progress=progress, written=Counter())


def _authors(ctx: SeedContext) -> list[tuple[Group, list[int]]]:
    """Each group with the users who may write in it (focal points of its members, not observers)."""
    pools = []
    for group in ctx.ref.groups:
        users = [user for org in group.writers for user in ctx.users_by_org.get(org, [])]
        if users:
            pools.append((group, users))
    return pools


def thread_rows(ctx: SeedContext, rng) -> Iterator[Row]:
    pools = _authors(ctx)
    threads = round(ctx.plan.posts * THREAD_SHARE) or (1 if ctx.plan.posts else 0)
    for _ in range(threads if pools else 0):
        group, users = rng.choice(pools)
        topic = rng.choice(vocabulary.TOPICS)
        yield Row(
            Post(
                working_group_id=group.id,
                author_id=rng.choice(users),
                title=vocabulary.post_title(rng, topic=topic),
                body=vocabulary.paragraph(rng, rng.randint(1, 3), topic=topic),
            )
        )


def posts_present(ctx: SeedContext) -> bool:
    return first_row_exists(
        thread_rows(ctx, ctx.rng("posts")),
        lambda p: {"working_group_id": p.working_group_id, "title": p.title, "author_id": p.author_id},
    )


def seed_posts(ctx: SeedContext, progress) -> Counter:
    rng = ctx.rng("posts")
    threads: list[tuple[int, int]] = []
    written = write_rows(
        thread_rows(ctx, rng),
        batch_size=ctx.batch_size,
        progress=progress,
        written=Counter(),
        after_chunk=lambda chunk: threads.extend((r.obj.pk, r.obj.working_group_id) for r in chunk),
    )
    if not threads:
        return written
    users_of = {group.id: users for group, users in _authors(ctx)}

    def replies() -> Iterator[Row]:
        for _ in range(ctx.plan.posts - len(threads)):
            parent, group_id = rng.choice(threads)
            body = f"{rng.choice(vocabulary.REPLY_OPENINGS)} {vocabulary.paragraph(rng, 1)}"
            yield Row(
                Post(working_group_id=group_id, author_id=rng.choice(users_of[group_id]), parent_id=parent, body=body)
            )

    return write_rows(replies(), batch_size=ctx.batch_size, progress=progress, written=written)


DEMO_STAGES = (
    Stage("meetings", lambda p: p.meetings, meetings_present, seed_meetings, after="guests"),
    Stage("workplans", lambda p: p.activities, activities_present, seed_activities, after="meetings"),
    Stage("posts", lambda p: p.posts, posts_present, seed_posts, after="workplans"),
)
