"""What the working groups add to the home page (platform_app/dashboard/queue.py finds this module): the
showcase requests a person decides on and the workplan activities their organization leads that fall due,
in their queue; the discussions of their groups with new posts, in the news. Each part reads through
`visible_to` and, for showcases, the set-wide form of the policy the showcase pages ask
(`showcases_to_decide`)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from platform_app.core.viewer import ENTITY
from platform_app.dashboard.queue import COMING, RECENT, Entry, Part, Reader, part
from workinggroups.links import activity_url, post_url
from workinggroups.models import Post, WorkplanActivity
from workinggroups.policies import showcases_to_decide


def showcases(reader: Reader) -> QuerySet:
    """Requests of Member States to showcase their efforts, for the Secretariat and the groups' leaders to
    schedule or decline."""
    return showcases_to_decide(reader.user).select_related("member_state", "working_group").order_by("created_at", "id")


@part(showcases)
def showcases_to_schedule(reader: Reader, rows: list, count: int) -> Part | None:
    """A leader sees the part only while a request waits."""
    if not count and not reader.viewer.is_secretariat:
        return None
    return Part(
        "showcases_to_schedule",
        _("Showcases to schedule"),
        count,
        tuple(
            Entry(
                row.title,
                reverse("workinggroups:showcase", args=[row.working_group.short_name, row.pk]),
                row.created_at,
                f"{row.member_state} · {row.working_group.short_name}",
            )
            for row in rows
        ),
        empty=_("No showcase request is waiting for a decision."),
        dated=_("Requested on"),
        rows=tuple(rows),
    )


def activities_due(reader: Reader) -> QuerySet | None:
    """Activities of the groups' workplans that the person's organization leads, not completed nor deferred,
    due within four weeks or overdue."""
    organization = reader.viewer.organization_id
    if organization is None:
        return None
    return (
        WorkplanActivity.objects.visible_to(reader.user)
        .filter(
            lead_organization_id=organization,
            status__in=[WorkplanActivity.Status.PLANNED, WorkplanActivity.Status.IN_PROGRESS],
            due_on__lte=reader.today + COMING,
        )
        .select_related("working_group")
        .order_by("due_on", "id")
    )


@part(activities_due)
def workplan_due(reader: Reader, rows: list, count: int) -> Part | None:
    """An entity always sees the part; others while an activity is due."""
    if not count and reader.viewer.organization_kind != ENTITY:
        return None
    return Part(
        "workplan_due",
        _("Workplan activities you lead, due soon"),
        count,
        tuple(
            Entry(
                row.title,
                activity_url(row.working_group.short_name, row.pk),
                row.due_on,
                f"{row.working_group.short_name} · {row.get_status_display()}",
            )
            for row in rows
        ),
        empty=_("No activity you lead falls due in the next four weeks."),
        dated=_("Due on"),
        rows=tuple(rows),
    )


def discussions(reader: Reader) -> QuerySet:
    """The discussions of the person's groups (every group for the Secretariat) with posts of the last two
    weeks, a new thread or new replies, latest first: one entry per discussion, however busy."""
    since = reader.now - RECENT
    posts = Post.objects.visible_to(reader.user)
    if reader.group_ids is not None:
        posts = posts.filter(working_group_id__in=reader.group_ids)
    recent = posts.filter(created_at__gte=since)
    replies = recent.filter(parent=OuterRef("pk")).order_by()
    return (
        # The threads of the recent posts (a new thread is its own): asked from the recent posts, not by
        # counting the replies of every thread of the groups, which grows with their history.
        posts.filter(parent__isnull=True, pk__in=recent.annotate(thread=Coalesce("parent_id", "pk")).values("thread"))
        .annotate(
            new_replies=Coalesce(
                Subquery(replies.values("parent").annotate(n=Count("*")).values("n"), output_field=IntegerField()), 0
            ),
            last_reply=Subquery(replies.order_by("-created_at").values("created_at")[:1]),
        )
        .annotate(latest=Coalesce("last_reply", "created_at"))
        .select_related("working_group")
        .order_by("-latest", "-id")
    )


@part(discussions)
def group_posts(reader: Reader, rows: list, count: int) -> Part:
    since = reader.now - RECENT
    entries = []
    for row in rows:
        new = row.new_replies + (1 if row.created_at >= since else 0)
        posted = ngettext("%(count)s new post", "%(count)s new posts", new) % {"count": new}
        entries.append(
            Entry(
                row.title,
                post_url(row.working_group.short_name, row.pk),
                row.latest,
                f"{row.working_group.short_name} · {posted}",
            )
        )
    return Part(
        "group_posts",
        _("Discussions with new posts"),
        count,
        tuple(entries),
        empty=_("No new post in the last two weeks."),
        dated=_("Latest on"),
        rows=tuple(rows),
    )


QUEUE_PARTS = (showcases_to_schedule, workplan_due)
NEWS_PARTS = (group_posts,)
