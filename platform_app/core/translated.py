"""Names registered for translation, read and ordered in the reader's language: the rule every query that
shows or sorts such a name through a relation follows. (How modeltranslation is made to follow it for the
translated models' own queries is platform_app.reference.multilingual.)

modeltranslation adds a column per language (`name_en` … `name_ar`) and keeps the English name in the bare
column. A name is read in the reader's language, else in English (`reader_value`), and ordered as readers of
that language sort (`reader_order`): ICU's collation on PostgreSQL, a collation of the project's own on
SQLite (registered on each connection by reference.multilingual).
"""

from __future__ import annotations

from django.db.models import CharField, F, Func, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from modeltranslation import manager as mt_manager
from modeltranslation import settings as mt_settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as translated_language

# PostgreSQL's ICU collations (shipped with every ICU-enabled build, Debian's and the official images').
ICU_COLLATIONS = {
    "en": "en-x-icu",
    "fr": "fr-x-icu",
    "es": "es-x-icu",
    "ru": "ru-x-icu",
    "zh-hans": "zh-Hans-x-icu",
    "ar": "ar-x-icu",
}
SQLITE_COLLATION = "compact_names"


class Collated(Func):
    """`expression` compared as readers of `language` sort: see the module's docstring."""

    output_field = CharField()

    def __init__(self, expression, language: str):
        super().__init__(expression)
        self.language = language

    def as_sql(self, compiler, connection, **extra_context):
        # Other databases compare as they do by default.
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        collation = ICU_COLLATIONS.get(self.language, ICU_COLLATIONS[mt_settings.DEFAULT_LANGUAGE])
        return f"({sql}) COLLATE {connection.ops.quote_name(collation)}", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql}) COLLATE {SQLITE_COLLATION}", params


def localized_path(model, path: str, language: str) -> str:
    """`path` with its translated field, if it ends in one, as the column of `language`."""
    if "__" not in path:
        try:
            translated = path in translator.get_options_for_model(model).all_fields
        except NotRegistered:
            return path
        return build_localized_fieldname(path, language) if translated else path
    with translation.override(language):
        return mt_manager.rewrite_lookup_key(model, path)


def reader_value(model, path: str):
    """The value of `path` ("name", "member_state__name") of `model`, which ends in a translated field, in the
    reader's language, else in English. What `values()` should read of a translated name through a model that
    is not translated (a CTED assessment's State): the bare column there keeps the English name."""
    localized = localized_path(model, path, translated_language())
    english = localized_path(model, path, mt_settings.DEFAULT_LANGUAGE)
    if localized == english:
        return F(english)
    return Coalesce(NullIf(F(localized), Value("")), F(english), output_field=CharField())


def reader_order(model, lookup_key: str):
    """The ordering of `lookup_key` ("name", "-name", "organizations__name") of `model` when it ends in a
    translated field: its value in the reader's language, else in English (`reader_value`), collated in the
    reader's language. None for any other key."""
    descending = lookup_key.startswith("-")
    path = lookup_key.removeprefix("-")
    language = translated_language()
    if localized_path(model, path, language) == path:
        return None
    collated = Collated(reader_value(model, path), language)
    return collated.desc() if descending else collated.asc()
