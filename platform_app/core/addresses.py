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


def by_pk(name: str) -> Callable[[object], str]:
    """The address of the route `name`, whose only argument is `pk`, for a row's pk; "" for every pk if the
    route does not exist (what `{% url ... as address %}` gives)."""
    try:
        head, found, tail = reverse(name, kwargs={"pk": _PLACEHOLDER}).rpartition(_PLACEHOLDER)
    except NoReverseMatch:
        return lambda pk: ""
    if not found:  # a route that writes its key otherwise: reversed for each row after all
        return lambda pk: reverse(name, kwargs={"pk": pk})
    return lambda pk: f"{head}{pk}{tail}"
