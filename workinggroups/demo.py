"""Demo data of the working groups' spaces: meetings with summaries, workplans and discussions.

The demo runner (platform_app/demo/runner.py) writes DEMO_STAGES right after the guests it invites
to the groups, each stage in its own transaction, with the counts of the scale's plan.

Each space speaks of its group's themes. Dates lie around the demo's day (base.demo_day): meetings
over the past years with the next one to come, a summary only once a meeting has taken place;
workplan activities due on both sides of the day, those past due completed or carrying why not;
discussions in the past only, a share of them in another official language (platform_app.demo.languages),
opened by a focal point who speaks it and answered in it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from platform_app.demo import languages, vocabulary
from platform_app.demo.base import (
    Group,
    Row,
    SeedContext,
    Stage,
    allocate,
    at_work,
    before,
    first_row_exists,
    sample_ids,
    weighted,
    write_rows,
)
from platform_app.demo.stages import rows_stage
from platform_app.library.models import Document
from workinggroups.models import Meeting, Post, WorkplanActivity

# Meetings over the seven years before the demo's day; a group met in the last four months and meets
# again in the next four.
MEETINGS_BEFORE, LAST_MEETING_WITHIN, NEXT_MEETING_WITHIN = 7 * 365, 120, 120
# Workplan activities due from a year and a half before the day to a year and a half after it; one due
# in the next two weeks is under way rather than still planned.
DUE_BEFORE, DUE_AFTER, UNDER_WAY_WITHIN = 548, 548, 14
# Discussions over the eighteen months before the day.
THREADS_BEFORE = 548
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
        # The next meeting and the last one, then the earlier ones over the years.
        offsets = [rng.randint(7, NEXT_MEETING_WITHIN), -rng.randint(7, LAST_MEETING_WITHIN)][:count]
        offsets += [-rng.randint(1, MEETINGS_BEFORE) for _ in range(count - len(offsets))]
        days = [_weekday(ctx.today + timedelta(days=offset)) for offset in offsets]
        for number, day in enumerate(sorted(days), start=1):
            _, topic = ctx.ref.subject(rng, group)
            starts = datetime.combine(day, time(rng.choice((13, 14, 15))), tzinfo=UTC)
            place = weighted(rng, MEETING_PLACES)
            agenda = [
                "Opening remarks by the Chair",
                f"Update on {topic}",
                "Implementation of the workplan",
                "Any other business",
            ]
            held = starts < ctx.now
            # Convened a few weeks ahead; the summary, once there is one, written in the days after.
            convened = before(rng, starts - timedelta(days=rng.randint(14, 45)), ctx.now)
            summary = vocabulary.paragraph(rng, 3, topic=topic) if held and rng.random() < 0.95 else ""
            meeting = Meeting(
                working_group_id=group.id,
                title=f"{vocabulary.ordinal(number)} meeting of the {group.name}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=rng.choice((1.5, 2, 3))),
                location="" if place == "Online" else place,
                online_url=f"https://meet.example.org/compact/{group.short_name.lower()}-{number}",
                agenda="\n".join(f"{i}. {item}" for i, item in enumerate(agenda, start=1)),
                summary=summary,
                created_by_id=ctx.user_of(rng, group.chair) if group.chair else None,
                created_at=convened,
                updated_at=before(rng, starts + timedelta(days=rng.randint(1, 10)), ctx.now, after=starts)
                if summary
                else convened,
            )
            yield Row(meeting, m2m={"documents": sample_ids(rng, documents[group.id], 0, 2)})


def meeting_key(meeting) -> dict:
    """The fields a meeting is found by."""
    return {"working_group_id": meeting.working_group_id, "title": meeting.title, "starts_at": meeting.starts_at}


def activity_status(rng, due: date, today: date) -> tuple[str, str]:
    """The status of an activity due on `due` as seen on today, with why it is not done when it is late."""
    if due < today:
        status = weighted(rng, {"completed": 70, "in_progress": 20, "deferred": 10})
        if status == "completed":
            return status, ""
        reasons = [r for r in vocabulary.DELAY_REASONS if r.startswith("Deferred") == (status == "deferred")]
        return status, rng.choice(reasons)
    if due < today + timedelta(days=UNDER_WAY_WITHIN):
        return weighted(rng, {"in_progress": 80, "completed": 20}), ""
    return weighted(rng, {"planned": 55, "in_progress": 40, "completed": 5}), ""


def activity_rows(ctx: SeedContext) -> Iterator[Row]:
    rng = ctx.rng("activities")
    groups = ctx.ref.groups
    for group, count in zip(groups, allocate(ctx.plan.activities, [1] * len(groups)), strict=True):
        for position in range(1, count + 1):
            _, topic = ctx.ref.subject(rng, group)
            lead = rng.choice(group.writers) if group.writers and rng.random() < 0.85 else None
            due = ctx.today + timedelta(days=rng.randrange(-DUE_BEFORE, DUE_AFTER))
            status, reason = activity_status(rng, due, ctx.today)
            # Put on the workplan some months before it was due, never after the demo's day.
            planned = before(rng, at_work(rng, due - timedelta(days=rng.randint(90, 365))), ctx.now)
            description = vocabulary.paragraph(rng, 1, topic=topic)
            yield Row(
                WorkplanActivity(
                    working_group_id=group.id,
                    title=vocabulary.activity_title(rng, topic=topic),
                    description=f"{description} {reason}".strip(),
                    lead_organization_id=lead,
                    status=status,
                    priority=weighted(rng, {"high": 30, "medium": 50, "low": 20}),
                    due_on=due,
                    position=position,
                    created_at=planned,
                    updated_at=planned,
                )
            )


def activity_key(activity) -> dict:
    """The fields a workplan activity is found by."""
    return {"working_group_id": activity.working_group_id, "title": activity.title, "position": activity.position}


def _authors(ctx: SeedContext) -> list[tuple[Group, list[int]]]:
    """Each group with the users who may write in it (focal points of its members, not observers)."""
    pools = []
    for group in ctx.ref.groups:
        users = [user for org in group.writers for user in ctx.users_by_org.get(org, [])]
        if users:
            pools.append((group, users))
    return pools


def _threads(ctx: SeedContext, rng) -> Iterator[tuple[Row, str]]:
    """Each thread with the topic its replies keep to. Its language is drawn from a stream of its own, so
    that the groups, topics and days of the threads are drawn the same whatever their language."""
    pools = _authors(ctx)
    threads = round(ctx.plan.posts * THREAD_SHARE) or (1 if ctx.plan.posts else 0)
    words_rng = ctx.rng("post-languages")
    spoken = languages.spoken_by_users() if pools else {}
    for _ in range(threads if pools else 0):
        group, users = rng.choice(pools)
        _, topic = ctx.ref.subject(rng, group)
        post = Post(
            working_group_id=group.id,
            author_id=rng.choice(users),
            title=vocabulary.post_title(rng, topic=topic),
            body=vocabulary.paragraph(rng, rng.randint(1, 3), topic=topic),
            language=languages.ENGLISH,
            created_at=at_work(rng, ctx.today - timedelta(days=rng.randint(1, THREADS_BEFORE))),
        )
        code = languages.thread_language(words_rng)
        speakers = [user for user in users if code in spoken.get(user, ())]
        if code != languages.ENGLISH and speakers:
            words = languages.tongue(code)
            post.author_id = words_rng.choice(speakers)
            post.title = words.post_title(words_rng, topic)
            post.body = words.paragraph(words_rng, words_rng.randint(1, 3), topic)
            post.language = code
        yield Row(post), topic


def thread_rows(ctx: SeedContext, rng) -> Iterator[Row]:
    return (row for row, _ in _threads(ctx, rng))


def posts_present(ctx: SeedContext) -> bool:
    return first_row_exists(
        thread_rows(ctx, ctx.rng("posts")),
        lambda p: {"working_group_id": p.working_group_id, "title": p.title, "author_id": p.author_id},
    )


def seed_posts(ctx: SeedContext, progress) -> Counter:
    rng = ctx.rng("posts")
    words_rng = ctx.rng("reply-languages")
    topics: list[str] = []
    # (id, group, time, language) of each thread, which its replies follow.
    threads: list[tuple[int, int, datetime, str]] = []

    def rows() -> Iterator[Row]:
        for row, topic in _threads(ctx, rng):
            topics.append(topic)
            yield row

    written = write_rows(
        rows(),
        batch_size=ctx.batch_size,
        progress=progress,
        written=Counter(),
        after_chunk=lambda chunk: threads.extend(
            (r.obj.pk, r.obj.working_group_id, r.obj.created_at, r.obj.language) for r in chunk
        ),
    )
    if not threads:
        return written
    users_of = {group.id: users for group, users in _authors(ctx)}

    def replies() -> Iterator[Row]:
        for _ in range(ctx.plan.posts - len(threads)):
            index = rng.randrange(len(threads))
            parent, group_id, opened, code = threads[index]
            body = f"{rng.choice(vocabulary.REPLY_OPENINGS)} {vocabulary.paragraph(rng, 1, topic=topics[index])}"
            words = languages.tongue(code)
            if words:
                body = words.reply(words_rng, topics[index])
            # Within three weeks of the thread, and before the demo's day.
            answered = before(rng, opened + timedelta(minutes=rng.randint(60, 21 * 24 * 60)), ctx.now, after=opened)
            yield Row(
                Post(
                    working_group_id=group_id,
                    author_id=rng.choice(users_of[group_id]),
                    parent_id=parent,
                    body=body,
                    language=code,
                    created_at=answered,
                )
            )

    return write_rows(replies(), batch_size=ctx.batch_size, progress=progress, written=written)


DEMO_STAGES = (
    rows_stage("meetings", lambda p: p.meetings, meeting_rows, meeting_key, after="guests"),
    rows_stage("workplans", lambda p: p.activities, activity_rows, activity_key, after="meetings"),
    Stage("posts", lambda p: p.posts, posts_present, seed_posts, after="workplans"),
)
