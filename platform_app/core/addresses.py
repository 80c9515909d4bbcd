"""The addresses of a list's rows, each route reversed once for the whole list.

`{% url %}` resolves its route for every row it is written in, some tens of microseconds each: a long
list pays that as many times as it has rows. `by_pk(name)` reverses the route once, with a placeholder in
the place of the row's key, and answers each row's address by putting the row's key there.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

# Marks where the key goes: digits no route prefix holds.
_PLACEHOLDER = "2147483647"


def by_pk(name: str, *args) -> Callable[[object], str]:
    """The address of the route `name` for a row's pk: its only argument `pk`, or, with `args`, its
    positional arguments `args` then the pk (a meeting of a group: the group's short name, the meeting's
    pk); "" for every pk if the route does not exist (what `{% url ... as address %}` gives)."""

    def address(key) -> str:
        return reverse(name, args=[*args, key]) if args else reverse(name, kwargs={"pk": key})

    try:
        head, found, tail = address(_PLACEHOLDER).rpartition(_PLACEHOLDER)
    except NoReverseMatch:
        return lambda pk: ""
    if not found:  # a route that writes its key otherwise: reversed for each row after all
        return address
    return lambda pk: f"{head}{pk}{tail}"
