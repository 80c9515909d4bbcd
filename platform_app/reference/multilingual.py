"""How the names registered for translation (platform_app/translation.py) behave beyond what
django-modeltranslation does by itself.

modeltranslation adds a column per language (`name_en` … `name_ar`) and makes `name` read the reader's
language, falling back to English. What it leaves to the project, done here:

- Order. It turned `order_by("name")` into `name_<language>`, so the rows without a name in that
  language (NULL) came first or last whatever their English name, and compared code point by code point
  ("Irlanda" before "Irán", Chinese by code point); and it gave every queryset Meta.ordering as an
  explicit order_by, which Django then also grouped by (`values("region").annotate(n=Count("id"))` counted
  per row). Here a translated field orders by its name in the reader's language, else its English one,
  collated in that language: ICU's collation on PostgreSQL ("es-x-icu"), and on SQLite a collation
  registered on each connection that compares letters before accents and case (the same order for the
  languages written in Latin, Cyrillic and Arabic letters; Chinese there stays in code point order, not
  pinyin). Meta.ordering is read in the reader's language when a query is compiled, and stays out of a
  GROUP BY as any Meta.ordering does. The rule itself, which queries through untranslated models ask too
  (`reader_value`, `reader_order`), is platform_app.core.translated.
- Lookups. It turned `filter(acronym="UNODC")` into `acronym_<language>`, which finds nothing in French
  (ONUDC) nor where a language has no acronym of its own (NULL). Here a lookup on a translated field
  matches in the reader's language or in English: the API's `acronym=UNODC&lang=fr`, a spreadsheet naming
  organizations by acronym, a Spanish reader's search for "Kenya" as well as "Kenia" (`SEARCH_FIELDS`).
- The original column. `name` is still a column, which modeltranslation writes with whatever the active
  language reads when the record is saved: the Spanish name if a Spanish reader saved it in the admin.
  Lookups through models that are not translated (a focal point's `organization__name`), the database
  triggers that build the directory's search text, and the constraints on `name` read that column, so it
  keeps the English name here, whoever saves. Code that knows an organization by its acronym compares the
  English one (`acronym_en`): `acronym` reads in the reader's language.
- History. simple-history built each historical model before the translated columns existed; its records
  keep the original fields, `name` in English, and leave the per-language columns out.
"""

from __future__ import annotations

import copy
import unicodedata
from functools import lru_cache

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Q, QuerySet
from django.utils.tree import Node
from modeltranslation import manager as mt_manager
from modeltranslation import settings as mt_settings
from modeltranslation.translator import MultilingualOptions, NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as translated_language
from simple_history.signals import pre_create_historical_record

from platform_app.core.translated import SQLITE_COLLATION, localized_path, reader_order

# --- order ---------------------------------------------------------------------------------------------


_original_rewrite_order_key = mt_manager.rewrite_order_lookup_key


def _rewrite_order_key(model, lookup_key):
    """modeltranslation's rewriting of one `order_by` key, a translated field ordered by `reader_order`."""
    if isinstance(lookup_key, str) and lookup_key != "?":
        ordered = reader_order(model, lookup_key)
        if ordered is not None:
            return ordered
    return _original_rewrite_order_key(model, lookup_key)


class ReaderOrderedOptions(MultilingualOptions):
    """A translated model's options whose `ordering` (Meta.ordering) is read when a query is compiled, in
    the reader's language (`reader_order`). Django applies it as it does any Meta.ordering, so it still
    leaves it out of a GROUP BY (`values("region").annotate(n=Count("id"))` counts per region)."""

    @property
    def ordering(self):
        declared = self.__dict__.get("_declared_ordering", [])
        return [(reader_order(self.model, term) if isinstance(term, str) else None) or term for term in declared]

    @ordering.setter
    def ordering(self, value):
        self.__dict__["_declared_ordering"] = value


# --- lookups --------------------------------------------------------------------------------------------


def either_language(model, key: str, value):
    """A lookup `key` ("acronym", "name__icontains", "organizations__name") of `model` that names a
    translated field, as a match in the reader's language or in English: Q(acronym_fr=…) | Q(acronym_en=…).
    None for any other key, and for an English reader."""
    localized = mt_manager.rewrite_lookup_key(model, key)
    if localized == key:
        return None
    english = localized_path(model, key, mt_settings.DEFAULT_LANGUAGE)
    if english == localized:
        return None
    return Q(**{localized: value}) | Q(**{english: value})


def _rewrite_q(queryset, q):
    """modeltranslation's rewriting of a Q, with `either_language`; the caller's Q is left as it was."""
    if isinstance(q, tuple) and len(q) == 2:
        key, value = q[0], queryset._rewrite_f(q[1])
        either = either_language(queryset.model, key, value)
        return either if either is not None else (mt_manager.rewrite_lookup_key(queryset.model, key), value)
    if isinstance(q, Node):
        q = copy.copy(q)
        q.children = [_rewrite_q(queryset, child) for child in q.children]
    return q


def _rewrite_filter_or_exclude(queryset, args, kwargs):
    """modeltranslation's rewriting of filter() and exclude(), with `either_language`."""
    if not queryset._rewrite:
        return args, kwargs
    args = [_rewrite_q(queryset, q) for q in args]
    plain = {}
    for key, value in kwargs.items():
        value = queryset._rewrite_f(value)
        either = either_language(queryset.model, key, value)
        if either is None:
            plain[mt_manager.rewrite_lookup_key(queryset.model, key)] = value
        else:
            args.append(either)
    return tuple(args), plain


def _update(queryset, **kwargs) -> int:
    """modeltranslation's update(), which sets `name_<language>` for `name`: in English, `name`'s own
    column too, which keeps the English name (see "The original column")."""
    if not queryset._rewrite:
        return QuerySet.update(queryset, **kwargs)
    english = translated_language() == mt_settings.DEFAULT_LANGUAGE
    values = {}
    for key, value in kwargs.items():
        value = queryset._rewrite_f(value)
        localized = mt_manager.rewrite_lookup_key(queryset.model, key)
        values[localized] = value
        if english and localized != key:
            values[key] = value
    return QuerySet.update(queryset, **values)


_update.alters_data = True


def _post_init(queryset) -> None:
    # modeltranslation's own also gave each new queryset Meta.ordering as an explicit order_by, in the
    # language active then, which Django then grouped by as well; ReaderOrderedOptions does it instead.
    queryset._rewrite = True
    queryset._populate = None


@lru_cache(maxsize=65536)
def _sort_key(text: str) -> tuple[str, str, str]:
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return letters.casefold(), decomposed.casefold(), text


def _compare(left: str | None, right: str | None) -> int:
    a, b = _sort_key(left or ""), _sort_key(right or "")
    return (a > b) - (a < b)


def _add_sqlite_collation(sender=None, connection=None, **kwargs) -> None:
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


# --- the original column and history ---------------------------------------------------------------------


def _keep_default_language_in_column(model, field_name: str) -> None:
    """Writes the English value into `field_name`'s own column whatever language is active at save."""
    field = model._meta.get_field(field_name)
    default = build_localized_fieldname(field_name, mt_settings.DEFAULT_LANGUAGE)
    as_modeltranslation_writes = field.pre_save

    def pre_save(model_instance, add):
        value = getattr(model_instance, default, None)
        return as_modeltranslation_writes(model_instance, add) if value in (None, "") else value

    field.pre_save = pre_save


def _history_in_default_language(sender, instance, history_instance, **kwargs) -> None:
    try:
        options = translator.get_options_for_model(type(instance))
    except NotRegistered:
        return
    for field_name in options.all_fields:
        value = getattr(instance, build_localized_fieldname(field_name, mt_settings.DEFAULT_LANGUAGE), None)
        if value not in (None, ""):
            setattr(history_instance, field_name, value)


def install(models) -> None:
    """Applies the behaviour the module describes to `models`, once they are registered for translation."""
    for model in models:
        options = translator.get_options_for_model(model)
        declared = model._meta.__dict__.pop("ordering", [])
        model._meta.__class__ = ReaderOrderedOptions
        model._meta.ordering = declared
        for field_name in options.all_fields:
            _keep_default_language_in_column(model, field_name)
        history = getattr(model._meta, "simple_history_manager_attribute", None)
        if history:
            # The same list simple-history reads when it copies a record: the per-language columns, which
            # its table does not have, are left out.
            excluded = getattr(model, history).model._history_excluded_fields
            excluded.extend(
                field.name for fields in options.all_fields.values() for field in fields if field.name not in excluded
            )
    mt_manager.rewrite_order_lookup_key = _rewrite_order_key
    mt_manager.MultilingualQuerySet._post_init = _post_init
    mt_manager.MultilingualQuerySet._rewrite_q = _rewrite_q
    mt_manager.MultilingualQuerySet._rewrite_filter_or_exclude = _rewrite_filter_or_exclude
    mt_manager.MultilingualQuerySet.update = _update
    pre_create_historical_record.connect(_history_in_default_language, dispatch_uid="history_in_default_language")
    connection_created.connect(_add_sqlite_collation, dispatch_uid="compact_names_collation")
    for connection in connections.all(initialized_only=True):
        _add_sqlite_collation(connection=connection)
