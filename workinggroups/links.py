"""Addresses of items inside a working group's sections, for every page, mail and list that links to one.

A post lives on some page of its group's discussion and an activity on some page of its workplan; the
section finds that page from `?post=` (or `?activity=`) and opens the post's thread, so these addresses
keep pointing at the item however many threads or activities come before it.
"""

from __future__ import annotations

from django.urls import reverse


def section_url(short_name: str, section: str) -> str:
    """`section` is one of sections.SECTIONS; "overview" is the group's own address."""
    return reverse("workinggroups:detail" if section == "overview" else f"workinggroups:{section}", args=[short_name])


def post_url(short_name: str, post_id: int) -> str:
    """A thread or a reply, in the page of the discussion that holds it."""
    return f"{section_url(short_name, 'discussion')}?post={post_id}#post-{post_id}"


def activity_url(short_name: str, activity_id: int) -> str:
    """An activity, in the page of the workplan that holds it."""
    return f"{section_url(short_name, 'workplan')}?activity={activity_id}#activity-{activity_id}"
