"""Free-text search of the lists: the API's `search=` and the pages' `q`, with the same matching and ranking."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import F, Func, Model, Q, QuerySet, TextField, Value
from rest_framework.exceptions import ValidationError

from platform_app.core.languages import CJK_CHARACTER, SIMPLE, reader_config
from platform_app.core.paging import count_limit
from platform_app.core.querysets import with_keys

SEARCH_MAX_LENGTH = 200


WORD = re.compile(r"\w+")


def apply_search(queryset: QuerySet, text: str) -> QuerySet:
    """Filter `queryset` to rows matching `text`.

    The text is stripped; empty text leaves the queryset as it is. Text with a NUL character or longer
    than SEARCH_MAX_LENGTH characters is rejected with a ValidationError on "search", and so is any search
    of a model without a `SEARCH_FIELDS` attribute. Text without a single word character matches nothing.

    On PostgreSQL a model with a `search_vector` column (built in each row's language by database
    triggers, see migrations 0004_search_vectors and 0020_search_languages) is searched with
    `search_query(text)`: in the reader's language, words match by stem ("borders" finds "border",
    "terroriste" finds "terroristes" for a French reader, whose stop words such as "les" are ignored); in
    any language, they match word for word ("terroristes" finds the French document for an English reader
    too); Chinese words match character by character, Arabic ones with or without their vowel marks; and
    the web-search syntax applies ("quoted phrase", `or`, `-excluded`).

    A model may match more than its `search_vector` on PostgreSQL: its `SEARCH_VECTOR`, a tsvector expression
    (a document's title and description followed by the text of its file), matched instead, while the ranking
    (`rank`) still reads `search_vector`. Where words are matched as substrings, its queryset's
    `search_extra(word)`, a Q, is one more place where each word may be found.

    A model naming a `SEARCH_TEXT` column (its `SEARCH_FIELDS`' text in one column, a field per line, kept up
    to date by triggers and under a trigram index; see migration 0011) is searched on PostgreSQL as below,
    every word against that column, which gives the same rows as every word against the fields.

    Everywhere else (SQLite, and models without a vector) the text is split into words and every word must
    appear, as a case-insensitive substring, in at least one of the model's `SEARCH_FIELDS` lookups:
    "border" also finds "borderless" there, case folding covers ASCII letters only on SQLite, and the
    web-search operators are ordinary words.

    Both ways, several plain words must all match (AND), so a query made of whole words that occur in the
    data (e.g. "border management" for a document titled "Border management in the Sahel") finds the same
    rows on either backend.
    """
    text = (text or "").strip()
    if "\x00" in text:
        raise ValidationError({"search": ["The search text must not contain NUL characters."]})
    if len(text) > SEARCH_MAX_LENGTH:
        raise ValidationError(
            {"search": [f"Ensure the search text has at most {SEARCH_MAX_LENGTH} characters (it has {len(text)})."]}
        )
    if not text:
        return queryset

    model = queryset.model
    # Required for the vector branch too, so a list is searchable on every backend or on none.
    fields = getattr(model, "SEARCH_FIELDS", None)
    if not fields:
        raise ValidationError({"search": ["This list cannot be searched."]})

    words = WORD.findall(text)
    if not words:
        return queryset.none()

    postgresql = connections[queryset.db].vendor == "postgresql"
    if postgresql and _has_search_vector(model):
        vector = getattr(model, "SEARCH_VECTOR", None)
        if vector is None:
            return queryset.filter(search_vector=search_query(text))
        return queryset.alias(_searched=vector).filter(_searched=search_query(text))

    search_text = getattr(model, "SEARCH_TEXT", None)
    if postgresql and search_text:
        # The fields' text in one column, under a trigram index: the same matches, found by the index.
        return queryset.filter(*(Q(**{f"{search_text}__icontains": word}) for word in words))

    extra = getattr(queryset, "search_extra", None)
    condition = Q()
    for word in words:
        in_any_field = Q()
        for field in fields:
            in_any_field |= _contains(model, field, word)
        if extra is not None:
            in_any_field |= extra(word)
        condition &= in_any_field
    return queryset.filter(condition)


def _contains(model: type[Model], field: str, word: str) -> Q:
    """`field` of `model` contains `word`. Through a many-valued relation (a person's expertise) the match is
    a subquery: a join would repeat the row once per related row, and make every word of the search match
    the same related row."""
    lookup = {f"{field}__icontains": word}
    if _many_valued(model, field):
        return Q(pk__in=model._base_manager.filter(**lookup).values("pk"))
    return Q(**lookup)


def _many_valued(model: type[Model], path: str) -> bool:
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def _has_search_vector(model: type[Model]) -> bool:
    try:
        return isinstance(model._meta.get_field("search_vector"), SearchVectorField)
    except FieldDoesNotExist:
        return False


def search_query(text: str, config: str | None = None) -> SearchQuery:
    """The PostgreSQL query matching `text` in a search vector (see migration 0020_search_languages): the
    text read in `config` (by default the reader's language, `languages.reader_config()`) or word for word
    (`simple`), or, when it holds Chinese characters, with each run of them read as its characters side by
    side, as the vectors index them.

    The text is folded as the vectors' text is (compact_search_fold: Arabic vowel marks and letter
    variants). Every part is an immutable function of constants, which PostgreSQL computes once when it
    plans the query: the vectors' GIN index finds the rows."""
    folded = Func(Value(text), function="compact_search_fold", output_field=TextField())
    config = config or reader_config()
    query = SearchQuery(folded, config=config, search_type="websearch")
    if config != SIMPLE:
        query |= SearchQuery(folded, config=SIMPLE, search_type="websearch")
    if CJK_CHARACTER.search(text):
        phrases = Func(Value(text), function="compact_search_cjk_query", output_field=TextField())
        query |= SearchQuery(phrases, config=SIMPLE, search_type="websearch")
    return query


def rank(queryset: QuerySet, text: str) -> QuerySet:
    """`queryset` with a `rank` annotation, how well each row matches `text`, where the backend can tell
    (PostgreSQL, on a model with a search vector); otherwise `queryset` as it is."""
    text = (text or "").strip()
    if text and connections[queryset.db].vendor == "postgresql" and _has_search_vector(queryset.model):
        return queryset.annotate(rank=SearchRank(F("search_vector"), search_query(text)))
    return queryset


def ranked_first(queryset: QuerySet, ordering: Sequence[str]) -> list[str]:
    """`ordering`, after the best match first when `queryset` was ranked (see `rank`)."""
    return ["-rank", *ordering] if "rank" in queryset.query.annotations else list(ordering)


class Reached(NamedTuple):
    """What `reached` gives: the matches a searched list reaches, read by key and in no order, whether more
    rows match than these, and the keys picked (one more than the rows, when there are more; empty where
    no key list was needed)."""

    rows: QuerySet
    more: bool
    keys: Sequence = ()


def reached(queryset: QuerySet, text: str, ordering: Sequence[str], *, limit: int | None = None) -> Reached:
    """The rows of `queryset` matching `text` (every row, without text) that a list reaches: the first `limit`
    of them in `ordering`, by default as many as the list counts (platform_app/core/paging.py:
    SEARCH_COUNT_LIMIT with a search, LIST_COUNT_LIMIT without). What a searched list ranks (`searched`), and
    what is counted beside a list (the library's facets), so that neither reads every row of a large library
    or every match of a common word."""
    return _reached(queryset, apply_search(queryset, text), bool((text or "").strip()), ordering, limit)


def _reached(
    queryset: QuerySet, found: QuerySet, searching: bool, ordering: Sequence[str], limit: int | None
) -> Reached:
    """`reached`, from `found`, the rows of `queryset` that `apply_search` kept."""
    if found.query.is_empty():
        return Reached(found, False)
    limit = count_limit(searching=searching) if limit is None else limit
    keys = _first_keys(found, ordering, limit + 1)
    if not searching and len(keys) <= limit:
        return Reached(found, False)  # every row: read as it is rather than by thousands of keys
    return Reached(with_keys(queryset, keys[:limit]), len(keys) > limit, keys)


def _first_keys(found: QuerySet, ordering: Sequence[str], count: int) -> list:
    """The keys of `found`'s first `count` rows in `ordering`.

    They are picked by one query holding the text condition, the queryset's own filters (the reader's
    visibility), `ordering` and the limit, so that PostgreSQL stops once it has them: it walks the newest rows
    for a common word, and goes through the text index for a rare one. They are read once, so that a page,
    its count and whatever else a list reads of them fetch these rows by key (`core.querysets.with_keys`)
    rather than deciding the text condition again."""
    return list(found.order_by(*ordering).values_list("pk", flat=True)[:count])


class Searched(NamedTuple):
    """What `searched` gives: the rows a searched list shows, in its order, and the matches it ranked
    (`reached`) where it picked them by one query, else None (no search, a backend that does not rank, or
    every match ranked). Whatever else a page counts over the same rows and search reads `reached` rather
    than deciding the text condition again (the library's facets)."""

    rows: QuerySet
    reached: Reached | None


def search(
    queryset: QuerySet, text: str, ordering: Sequence[str], *, every_match: bool = False, reach: int | None = None
) -> QuerySet:
    """The rows of `queryset` matching `text`, best match first where ranked, then in `ordering`: what a
    list's page and its API (`search=` without `ordering=`) both show. See `searched`."""
    return searched(queryset, text, ordering, every_match=every_match, reach=reach).rows


def searched(
    queryset: QuerySet, text: str, ordering: Sequence[str], *, every_match: bool = False, reach: int | None = None
) -> Searched:
    """The rows of `queryset` matching `text` (`apply_search`), best match first where ranked, then in
    `ordering`, and the matches ranked.

    Where the backend ranks (see `rank`), it ranks the first SEARCH_COUNT_LIMIT + 1 matches in `ordering`
    (the newest, for a list ordered by date; see `reached`) rather than every match: lists page through that
    many matches at most, and their counts stop there (platform_app/core/paging.py), so these are the rows a
    reader can reach, and ranking every match of a common word would read each of them. One more than the
    limit is ranked so that the count still says there are more. `reach` ranks that many instead (a page that
    shows and counts fewer), `every_match` ranks them all (an export, which has no pages).
    """
    found = apply_search(queryset, text)
    ranked = rank(found, text)
    if "rank" not in ranked.query.annotations or found.query.is_empty():
        return Searched(found.order_by(*ordering), None)
    matches = None
    if not every_match:
        limit = reach - 1 if reach else settings.SEARCH_COUNT_LIMIT
        matches = _reached(queryset, found, True, ordering, limit)
        ranked = rank(with_keys(queryset, matches.keys), text)
    return Searched(ranked.order_by(*ranked_first(ranked, ordering)), matches)
