"""The names of the Compact's bodies in the official languages other than English: the translations file
beside the reference fixture (translated_names.json), checked against the checked fixture like the fixture
itself, before anything is written.

    {"format": 1, "source_note": "...",
     "entities": {"UNODC": {"fr": {"name": "...", "acronym": "ONUDC"}, "es": {"name": "..."}, ...}},
     "regional_organizations": {"AU": {...}}, "working_groups": {"PCVE": {...}},
     "pillars": {"1": {...}}, "thematic_areas": {"Border management": {...}}}

Records are named by the fixture's own keys (acronym, short name, pillar number, English theme name);
languages are fr, es, ru, zh-hans and ar; an acronym is given only where a language writes it otherwise.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from platform_app.reference.checks import Checker, read_json

DEFAULT_TRANSLATIONS = Path(__file__).with_name("translated_names.json")


ENGLISH = "en"


def translated_languages() -> list[str]:
    """The languages a name is translated into: the official ones but English, which the fixture gives."""
    return [code for code, _name in settings.UN_LANGUAGES if code != ENGLISH]


def column(name: str, language: str) -> str:
    """The column of `name` in `language` ("name_zh_hans")."""
    return f"{name}_{language.replace('-', '_')}"


# The sections of the translations file: the fixture's records they translate, by the key the fixture gives
# them, and the fields each translation may give with their longest length.
TRANSLATED_SECTIONS = {
    "entities": {"name": 255, "acronym": 32},
    "regional_organizations": {"name": 255, "acronym": 32},
    "working_groups": {"name": 255},
    "pillars": {"name": 255},
    "thematic_areas": {"name": 200},
}


def _translated_keys(data: dict) -> dict[str, set[str]]:
    """What each section of the translations file may name, from the checked fixture."""
    organizations = data["organizations"]
    return {
        "entities": {o["acronym"] for o in organizations if o["kind"] == "entity"},
        "regional_organizations": {o["acronym"] for o in organizations if o["kind"] == "regional_org"},
        "working_groups": {g["short_name"] for g in data["working_groups"]},
        "pillars": {str(p["number"]) for p in data["pillars"]},
        "thematic_areas": {t["name"] for t in data["thematic_areas"]},
    }


class _TranslationsChecker(Checker):
    def validate_against(self, fixture: dict) -> dict[str, dict[str, dict[str, dict[str, str]]]]:
        """{section: {record key: {language: {field: text}}}}."""
        if not isinstance(self.data, dict):
            self.fail("(file)", "-", "the top level must be an object")
        if self.data.get("format") != 1:
            self.fail("(file)", "format", "must be 1")
        self.text("(file)", self.data, "source_note", required=False, max_length=10000)
        known = _translated_keys(fixture)
        languages = translated_languages()
        out: dict = {}
        for section, records in self.data.items():
            if section in ("format", "source_note"):
                continue
            if section not in TRANSLATED_SECTIONS:
                self.fail("(file)", section, f"is not a section of this file ({', '.join(TRANSLATED_SECTIONS)})")
            if not isinstance(records, dict):
                self.fail(section, section, "must be an object")
            fields = TRANSLATED_SECTIONS[section]
            out[section] = {}
            for key, by_language in records.items():
                if key not in known[section]:
                    self.fail(section, key, f"names nothing in the fixture's {section}")
                rec = f"{section}.{key}"
                if not isinstance(by_language, dict):
                    self.fail(rec, "-", "must be an object")
                out[section][key] = {}
                for language, given in by_language.items():
                    if language not in languages:
                        self.fail(rec, language, f"is not a language of this file ({', '.join(languages)})")
                    lrec = f"{rec}.{language}"
                    if not isinstance(given, dict):
                        self.fail(lrec, "-", "must be an object")
                    unknown = sorted(set(given) - set(fields))
                    if unknown:
                        self.fail(lrec, unknown[0], f"is not a field of a translation here ({', '.join(fields)})")
                    out[section][key][language] = {
                        "name": self.text(lrec, given, "name", max_length=fields["name"]),
                        **{
                            name: self.text(lrec, given, name, max_length=length)
                            for name, length in fields.items()
                            if name != "name" and name in given
                        },
                    }
        return out


def read_translations(path: Path | None, fixture: dict) -> dict:
    """The names of translations file `path`, checked against the checked `fixture`; none when `path` is
    None, or is the default file and it does not exist (the fixture alone is a complete load)."""
    if path is None or (Path(path) == DEFAULT_TRANSLATIONS and not DEFAULT_TRANSLATIONS.exists()):
        return {}
    return _TranslationsChecker(Path(path), read_json(path)).validate_against(fixture)


def translated_columns(translations: dict, section: str, key: str, fields: tuple[str, ...] = ("name",)) -> dict:
    """The columns a record's translations fill: those given, and only those."""
    given = translations.get(section, {}).get(key, {})
    return {
        column(name, language): text
        for language, names in given.items()
        for name, text in names.items()
        if name in fields
    }
