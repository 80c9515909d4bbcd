"""The language a record is written in: its field, how it is told from the text when nobody gave it, and
which PostgreSQL text search configuration reads it.

Records searched by their text (documents, posts, Member States' entries, recommendations, events,
projects) keep the language they are written in, one of the six official languages of the United Nations.
Their search vector is built with that language's configuration (see migration 0020_search_languages),
and a search is read in the reader's language (`reader_config`) and word for word (`simple`), so that a
word finds the other forms of itself in its own language and its exact form in any.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# The six official languages, by the codes the interface uses (settings.UN_LANGUAGES), each named in
# itself as language menus name them: whoever writes in a language can read its name.
LANGUAGE_CHOICES = list(settings.UN_LANGUAGES)
DEFAULT = "en"

# The text search configuration of each language. Arabic has no stemmer in PostgreSQL: it is read word for
# word, its vowel marks and letter variants folded (compact_search_fold), and with `unaccent` for the Latin
# names quoted in it (compact_arabic, made by migration 0020_search_languages). Chinese has no spaces
# between words: each character is indexed as a word of its own and a search looks for them side by side
# (`simple`). The library's catalogue of languages also holds Portuguese and German, which PostgreSQL stems.
SEARCH_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "compact_arabic",
    "zh": "simple",
    "pt": "portuguese",
    "de": "german",
}
SIMPLE = "simple"

# The library's catalogue of languages (structure.Language, from the reference data) names Chinese `zh`.
CATALOGUE_CODES = {"zh-hans": "zh"}


def language_field() -> models.CharField:
    """The `language` field of a searchable record: one of the six codes, blank until it is detected."""
    return models.CharField(
        _("language"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("The language the text is written in; detected from the text when left blank."),
    )


def config_for(code: str | None) -> str:
    """The text search configuration reading language `code` (`en`, `fr-ca`, `zh-hans`...): that of the
    language, else of its primary subtag, else `simple` (word for word). No language is the default, English,
    as for a row stored before its language was detected (compact_search_config, migration 0020_search_languages)."""
    code = (code or DEFAULT).lower()
    if code in SEARCH_CONFIGS:
        return SEARCH_CONFIGS[code]
    return SEARCH_CONFIGS.get(code.split("-")[0], SIMPLE)


def reader_language() -> str:
    """The reader's language: Django's active language (the interface's, or the API's Accept-Language),
    the site's default where none is active (a task, a command)."""
    return translation.get_language() or settings.LANGUAGE_CODE


def reader_config() -> str:
    """The text search configuration of the reader's language."""
    return config_for(reader_language())


# What a form offers for the language: left blank, it is detected from the text when the record is saved.
DETECT = _("Detect from the text")


def language_form_field() -> forms.ChoiceField:
    """The language in a form: one of the six, or blank to detect it. Named "of the text", so that it is not
    taken for the language of the interface (the pages' footer offers that one)."""
    return forms.ChoiceField(label=_("Language of the text"), choices=[("", DETECT), *LANGUAGE_CHOICES], required=False)


def language_input() -> serializers.ChoiceField:
    """The language in the API: one of the six codes; left out or blank, it is detected from the text."""
    codes = ", ".join(code for code, _name in LANGUAGE_CHOICES)
    return serializers.ChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        allow_blank=True,
        help_text=f"The language of the text ({codes}); left out or blank, it is detected from the text.",
        error_messages={"invalid_choice": f"Unknown language code “{{input}}”: use one of {codes}, or leave it out."},
    )


# --- detection ------------------------------------------------------------------------------------------
#
# Six languages, four scripts: Arabic, Chinese and Russian are each the only one of the six in their
# script, so counting letters by script tells them; English, French and Spanish share the Latin script and
# are told by their short function words, their letters and their endings. A maintained detector would
# know a hundred languages to choose among six (and guess Italian or Catalan for a short Spanish title),
# langdetect answers at random unless seeded and loads its profiles at the first call, py3langid needs
# numpy: this one has no dependency, gives the same answer for the same text every time, reads a title in
# microseconds, and its rules are tested one by one (tests/test_search_languages.py).

# Han ideographs (with extensions A to F and the compatibility block): the characters indexed one by one.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
CJK_CHARACTER = re.compile(f"[{CJK}]")

_LETTERS = re.compile(r"[^\W\d_]+")

# A Chinese character carries about as much as a short Latin word; an acronym in capitals (UNODC, ISIL) is
# the same in every language and says nothing of the text around it.
_HAN_WEIGHT = 3


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words of one language only among the three: those shared (de, la, en, a, que, entre, un, son, se) tell
# nothing.
_FUNCTION_WORDS = {
    "en": _words(
        "the of and to in is are was were be been for on with by from at this that these those its it their "
        "which who will would should must can has have had not an or into between against through about "
        "after under over how what why new our we you"
    ),
    "fr": _words(
        "le les des du et est une dans pour par sur avec au aux ces cette cet qui ne pas sont ont leur leurs "
        "contre nous vous mais ou où été être plus sans sous chez selon vers aussi il elle ils je l d qu"
    ),
    "es": _words(
        "el los las del y por para con una es sobre contra al lo su sus como más pero o este esta estos "
        "estas hacia desde según sin también ha han fue muy ante ella ellos yo"
    ),
}
_FUNCTION_WORD_WEIGHT = 3

# Words and a letter French and Spanish share, and English lacks: they tell a Romance title from an English
# one (État de droit, Estado de derecho), and the endings below tell the two apart.
_ROMANCE_WORDS = _words("de la en que un se entre son")
_ROMANCE_LETTER = "é"

# Letters written in one of the three only (é is French and Spanish alike).
_LETTERS_OF = {
    "fr": frozenset("èêàçœùîôâëïûÿ"),
    "es": frozenset("ñáíóú¿¡"),
}
_LETTER_WEIGHT = 2

# Endings that tell one of the three from the others (terrorism, terrorisme, terrorismo).
_ENDINGS = {
    "en": ("ism", "isms", "ist", "ists", "ing", "ings", "ness", "ship", "ity", "ities"),
    "fr": ("isme", "ismes", "iste", "istes", "ique", "iques", "eux", "euse", "aux", "ité", "ités", "tés", "oit", "eau"),
    "es": ("ismo", "ismos", "ista", "istas", "ción", "ciones", "sión", "siones", "dad", "dades", "mente", "o", "os"),
}


def detect_language(text: str) -> str:
    """The language `text` is written in, one of the six codes; English when the text does not tell.

    Deterministic: the same text gives the same code, on every machine, in every run."""
    scripts = {"ar": 0, "zh-hans": 0, "ru": 0, "latin": 0}
    latin_words = []
    for word in _LETTERS.findall(text or ""):
        script = _script(word[0])
        if script == "zh-hans":
            scripts[script] += _HAN_WEIGHT * len(word)
        elif script == "latin":
            if not (len(word) > 1 and word.isupper()):
                scripts[script] += len(word)
                latin_words.append(word.casefold())
        elif script:
            scripts[script] += len(word)
    # On a tie the script named first wins, so that the answer never depends on anything but the text.
    script = max(scripts, key=lambda name: scripts[name])
    if scripts[script] == 0:
        return DEFAULT
    if script != "latin":
        return script
    return _latin_language(latin_words)


def _script(character: str) -> str:
    if CJK_CHARACTER.match(character):
        return "zh-hans"
    name = unicodedata.name(character, "")
    for prefix, script in (("ARABIC", "ar"), ("CYRILLIC", "ru"), ("LATIN", "latin")):
        if name.startswith(prefix):
            return script
    return ""


def _latin_language(words: list[str]) -> str:
    scores = {"en": 0, "fr": 0, "es": 0}
    for word in words:
        if word in _ROMANCE_WORDS or _ROMANCE_LETTER in word:
            scores["fr"] += 1
            scores["es"] += 1
        for language in scores:
            if word in _FUNCTION_WORDS[language]:
                scores[language] += _FUNCTION_WORD_WEIGHT
            if any(letter in _LETTERS_OF.get(language, ()) for letter in word):
                scores[language] += _LETTER_WEIGHT
            if len(word) > 4 and word.endswith(_ENDINGS[language]):
                scores[language] += 1
    # On a tie English, then French: the order of `scores`.
    return max(scores, key=lambda language: scores[language])


def _source_text(record: models.Model) -> str:
    """The text a record's language is told from: its own searchable fields (`SEARCH_FIELDS`), title first."""
    names = [name for name in getattr(record, "SEARCH_FIELDS", ()) if "__" not in name]
    return "\n".join(str(getattr(record, name, "") or "") for name in names)


def fill_language(record: models.Model) -> bool:
    """Sets the language of `record` from its text when it has none; True when it did. For rows written
    without save() (bulk_create); saving a DetectsLanguage model calls it."""
    field = record._meta.get_field("language")
    if field.is_relation:
        # The library's documents name their language in its catalogue (structure.Language).
        if getattr(record, field.attname):
            return False
        code = detect_language(_source_text(record))
        setattr(record, field.attname, CATALOGUE_CODES.get(code, code))
        return True
    if record.language:
        return False
    record.language = detect_language(_source_text(record))
    return True


class DetectsLanguage:
    """A model whose `language` is detected from its text when it is saved without one."""

    def save(self, *args, **kwargs):
        if fill_language(self) and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], self._meta.get_field("language").attname}
        super().save(*args, **kwargs)
