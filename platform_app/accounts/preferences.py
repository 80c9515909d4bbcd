"""Preferences that other apps keep for a person, shown and saved with the profile.

The profile knows the person's account and directory entry. An app that keeps something else for them
(the newsletters app keeps their subscription) registers a `Preference` when it starts: the form field,
how to read today's value and how to save a new one. The profile page shows the field among the
preferences and saves it inside the profile's own transaction, so a refusal leaves nothing half-saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class Preference:
    name: str
    field: Callable[[], forms.Field]
    read: Callable[[object], object]
    save: Callable[[object, object], None]


_PREFERENCES: dict[str, Preference] = {}


def register(preference: Preference) -> None:
    _PREFERENCES[preference.name] = preference


def preferences() -> list[Preference]:
    return list(_PREFERENCES.values())


def preference_values(user) -> dict:
    """Today's value of every registered preference of `user`, as the profile form's initial data."""
    return {preference.name: preference.read(user) for preference in preferences()}


def preference_save(user, name: str, value) -> None:
    _PREFERENCES[name].save(user, value)
