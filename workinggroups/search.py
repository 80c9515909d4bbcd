"""The working groups' meetings and discussion posts in the site search (platform_app.search), registered
when the app starts (WorkingGroupsConfig.ready()). Both are read as their group's space is
(`visible_to`: members, invited guests while their invitation runs, the entities, the Secretariat)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_app.core.highlight import excerpt, marked
from platform_app.search.kinds import day
from platform_app.search.registry import Hit, SearchKind, register
from workinggroups.links import post_url
from workinggroups.meeting_calendar import meeting_url
from workinggroups.models import Meeting, Post


def _meetings(user):
    return Meeting.objects.visible_to(user).select_related("working_group")


def _meeting(meeting: Meeting, words: Sequence[str]) -> Hit:
    facts = [meeting.working_group.short_name, day(meeting.starts_at)]
    if meeting.location:
        facts.append(meeting.location)
    return Hit(
        title=marked(meeting.title, words),
        url=meeting_url(meeting),
        context=excerpt([meeting.summary, meeting.agenda], words),
        facts=tuple(facts),
    )


def _posts(user):
    return Post.objects.visible_to(user).select_related("working_group", "parent").defer("search_vector")


def _post(post: Post, words: Sequence[str]) -> Hit:
    title = post.title if post.parent_id is None else _("Reply to “%(title)s”") % {"title": post.parent.title}
    return Hit(
        title=marked(title, words),
        url=post_url(post.working_group.short_name, post.pk),
        context=excerpt([post.body], words),
        facts=(post.working_group.short_name, day(post.created_at)),
    )


register(
    SearchKind(
        name="meeting",
        label=gettext_lazy("Working-group meetings"),
        position=50,
        rows=_meetings,
        ordering=("-starts_at", "-id"),
        hit=_meeting,
    )
)
register(
    SearchKind(
        name="post",
        label=gettext_lazy("Working-group discussions"),
        position=60,
        rows=_posts,
        ordering=("-created_at", "-id"),
        hit=_post,
    )
)
