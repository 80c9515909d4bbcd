"""The base of every queryset with `visible_to(user)`, rows read by their keys, and entries of a calendar
still going on at a moment."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.postgres.fields import ArrayField
from django.db import connections, models
from django.db.models import (
    BigIntegerField,
    DateTimeField,
    Expression,
    ExpressionWrapper,
    F,
    Func,
    Lookup,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from platform_app.core.viewer import Viewer, viewer_for


class VisibleQuerySet(models.QuerySet):
    """Base: the Secretariat sees everything, platform users what `_visible_filter` allows, others nothing."""

    def visible_to(self, user):
        viewer = viewer_for(user)
        if viewer.is_secretariat:
            return self
        if not viewer.is_platform_user:
            return self.none()
        condition = self._visible_filter(viewer)
        return self if condition is None else self.filter(condition)

    def _visible_filter(self, viewer: Viewer) -> Q | None:
        """None means every row, for any platform user."""
        return None


class ReferenceQuerySet(VisibleQuerySet):
    """Organizations, working groups, memberships, projects, appeals: the Compact's shared structure."""


class _AnyOf(Lookup):
    """`lhs = ANY(rhs)`: the left side is one of the array's values (PostgreSQL)."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


class _Keys(Expression):
    """Integer keys as one array parameter, sent as they are: `Value` would prepare each of them through the
    array's field (15 ms for 10,000 keys)."""

    output_field = ArrayField(BigIntegerField())

    def __init__(self, keys: list[int]):
        super().__init__()
        self.keys = keys

    def as_sql(self, compiler, connection):
        return "%s::bigint[]", [self.keys]


def with_keys(queryset: QuerySet, keys: list) -> QuerySet:
    """The rows of `queryset` (its filters, joins and prefetches) with these keys (integers), read by key: on
    PostgreSQL as one array rather than a parameter per key, which costs more to send than to look up once
    there are a thousand."""
    if not keys:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(_AnyOf(F("pk"), _Keys(list(keys))))
    return queryset.filter(pk__in=keys)


def still_going_on(queryset: QuerySet, moment: datetime) -> QuerySet:
    """The rows of `queryset` (entries of a calendar: `starts_at`, `ends_at`) still going on at `moment` or
    after it: those ending at or after it. How every list asks it (the calendar's pages and meetings, the
    API's filters); the home page and the feed read their first few by `EventQuerySet.next_ones` instead.

    Asked as that filter alone, with the entries in order of start, PostgreSQL walks the index of starts
    from the oldest entry and reads every entry that ended before `moment` to find those that did not (at a
    hundred times the real size, 45,000 events and 36 ms for a page of 25). So the filter gets a bound the
    index of starts can use, and which keeps the same rows: no entry going on at `moment` starts before the
    earliest start of those under way then (read from the index of ends and starts: a handful of rows), nor,
    when none is, before `moment`. That start is read among all the entries, whoever may see them: a bound
    lower than the reader's own changes no row. Its start is shifted by nothing so that PostgreSQL reads it
    from the index of ends rather than walk the index of starts for the first one that still goes on."""
    found = queryset.filter(ends_at__gte=moment)
    if connections[queryset.db].vendor != "postgresql":
        return found
    start = ExpressionWrapper(F("starts_at") + Value(timedelta(0)), output_field=DateTimeField())
    under_way = queryset.model._base_manager.filter(starts_at__lt=moment, ends_at__gte=moment).order_by()
    earliest = under_way.annotate(earliest=Func(start, function="MIN", output_field=DateTimeField()))
    bound = Coalesce(Subquery(earliest.values("earliest")), Value(moment, output_field=DateTimeField()))
    return found.filter(starts_at__gte=bound)
