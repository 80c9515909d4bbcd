"""The kinds of item a working group's news tells of, each described by the package that owns it.

A kind ("document", "event", "meeting") is stored in Notification rows and in the arguments of queued
tasks. Its owner registers, when its signals module is imported at start-up, how to find an item of that
kind by its id and what the news of it says: the working group it was added to, its title and its path.
Who may hear of an item is decided here, by the visibility rule of the item's model (`who_may_see`).

Every kind of notification (these three, and the moves of support requests, event reminders and
reconfirmation rounds) also registers how the notification centre shows it: the model of what it links
to, and the sentence that says what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NewsItem:
    """What the news of one item says, and the item itself, whose model decides who may open it."""

    obj: Any
    working_group: Any
    title: str
    path: str


# Finds the item of a kind by its id: None when it is gone or belongs to no working group.
Loader = Callable[[int], NewsItem | None]


_LOADERS: dict[str, Loader] = {}


def register_item_kind(kind: str, load: Loader) -> None:
    """Names how the news of items of `kind` is found; registering a kind again replaces its loader."""
    _LOADERS[kind] = load


def news_item(kind: str, object_id: int) -> NewsItem | None:
    """The news of the item `object_id` of `kind`, or None when there is nothing to tell."""
    try:
        load = _LOADERS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}") from None
    return load(object_id)


# --- how the notification centre shows each kind -------------------------------------------------


@dataclass(frozen=True)
class NoticeKind:
    """What the notification centre needs to show notifications of one kind.

    `model` is the model of what a notification of the kind links to: its `visible_to(user)` says whether
    the person may still read the object's title. `headline(notification)` says what happened, in the
    active language.
    """

    model: Any
    headline: Callable[[Any], str]


_NOTICE_KINDS: dict[str, NoticeKind] = {}


def register_notice_kind(kind: str, model, headline: Callable[[Any], str]) -> None:
    """Names how notifications of `kind` are shown; registering a kind again replaces it."""
    _NOTICE_KINDS[kind] = NoticeKind(model=model, headline=headline)


def notice_kind(kind: str) -> NoticeKind | None:
    """How notifications of `kind` are shown, or None for a kind nobody registered (shown plainly)."""
    return _NOTICE_KINDS.get(kind)
