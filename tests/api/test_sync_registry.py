"""The lists other systems copy, as the apps register them: the platform's own, and those of the apps above
it (the working groups' meetings), each with the rules that keep its `updated_at` moving
(platform_app.core.sync). What a copy reads of them is tests/api/test_sync.py's."""

from __future__ import annotations

import inspect

import pytest

from newsletters.models import FrozenFigure, NewsletterIssue, NewsletterItem, NewsletterSection
from platform_app.core import sync
from platform_app.core.filters import DeletionFilterSet
from platform_app.structure.models import WorkingGroupGuest, WorkingGroupMembership
from workinggroups.models import CoordinationCommitteeMeeting, Meeting


@pytest.fixture
def registry(monkeypatch):
    """The registry as the apps left it, given back after the test."""
    monkeypatch.setattr(sync, "SYNCED", dict(sync.SYNCED))
    monkeypatch.setattr(sync, "_KINDS", dict(sync._KINDS))
    monkeypatch.setattr(sync, "TOUCHES", list(sync.TOUCHES))
    sync.relations.cache_clear()
    sync._watched.cache_clear()
    yield sync
    sync.relations.cache_clear()
    sync._watched.cache_clear()


def test_the_meetings_are_copied_as_the_working_groups_registered_them():
    assert sync.SYNCED["meetings"] == "workinggroups.Meeting"
    assert sync.kind_of(Meeting) == "meetings"
    # In the order of the API's router, which the documentation of the deletions' `kind` follows.
    assert list(sync.SYNCED)[list(sync.SYNCED).index("working-groups") + 1] == "meetings"
    assert ("meetings", "meetings") in DeletionFilterSet.base_filters["kind"].extra["choices"]
    assert any(relation.owner is Meeting and relation.field.name == "documents" for relation in sync.relations())
    for source in (WorkingGroupMembership, WorkingGroupGuest):
        assert "workinggroups.Meeting" in {rule.target for rule in sync._rules(source)}, source


def test_a_registered_kind_is_copied_with_its_rules(registry):
    rule = sync.Touch("platform_app.Document", "workinggroups.CoordinationCommitteeMeeting", "documents")
    registry.register("committee-meetings", "workinggroups.CoordinationCommitteeMeeting", [rule], after="meetings")
    assert registry.SYNCED["committee-meetings"] == "workinggroups.CoordinationCommitteeMeeting"
    assert list(registry.SYNCED)[list(registry.SYNCED).index("meetings") + 1] == "committee-meetings"
    assert registry.kind_of(CoordinationCommitteeMeeting) == "committee-meetings"
    assert rule in registry.TOUCHES
    assert any(relation.owner is CoordinationCommitteeMeeting for relation in registry.relations())


def test_a_kind_registered_without_a_place_comes_last(registry):
    registry.register("committee-meetings", "workinggroups.CoordinationCommitteeMeeting")
    assert list(registry.SYNCED)[-1] == "committee-meetings"


def test_the_newsletters_are_copied_as_their_app_registered_them():
    assert sync.SYNCED["newsletters"] == "newsletters.NewsletterIssue"
    assert sync.kind_of(NewsletterIssue) == "newsletters"
    assert list(sync.SYNCED)[list(sync.SYNCED).index("recommendations") + 1] == "newsletters"
    assert ("newsletters", "newsletters") in DeletionFilterSet.base_filters["kind"].extra["choices"]
    for source in (NewsletterSection, NewsletterItem, FrozenFigure):
        assert "newsletters.NewsletterIssue" in {rule.target for rule in sync._rules(source)}, source


def test_the_platform_names_no_model_of_the_apps_above_it():
    """The apps above the platform register their own lists (core.sync.register): the platform's table
    names only its own models."""
    source = inspect.getsource(sync)
    assert "workinggroups." not in source
    assert "newsletters." not in source
