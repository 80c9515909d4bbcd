"""The catalogues of the five other official languages are complete, compiled, cover every string the code
marks, and are used.

The .po files are read with a small parser of our own and the .mo files with the standard library,
so those checks need no gettext tools. Only the check that every marked string is catalogued runs
makemessages, which needs GNU gettext (xgettext, msgmerge): it fails in CI without them and is
skipped elsewhere.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
# Every catalogue in locale/; the five official languages besides English must be among them.
LANGUAGES = sorted(path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/django.po"))
OFFICIAL = ("ar", "es", "fr", "ru", "zh_Hans")
# The plural forms of each language, as gettext (and Django's own catalogues) count them.
PLURAL_FORMS = {"ar": 6, "es": 3, "fr": 2, "ru": 4, "zh_Hans": 1}
# What makemessages reads: the project's own source, nothing installed or generated.
SOURCES = ("compact", "platform_app", "workinggroups", "newsletters", "templates")
IGNORES = (".venv", "build", "staticfiles", "media", "static", "tests", "node_modules")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def where(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(text: str, path: Path, number: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{path}:{number}: not a quoted string: {text}")
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match[1], match[0]), text[1:-1])


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """The header entry and the other live entries of a .po file (obsolete `#~` entries are left out)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: str | int | None = None  # the keyword that a continuation line extends; an int is a msgstr index

    def start(number: int) -> Entry:
        nonlocal entry
        if entry is not None and entry.msgstr:
            entries.append(entry)
            entry = None
        if entry is None:
            entry = Entry(line=number)
        return entry

    keyword = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            current = start(number)
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            elif line.startswith("#:"):
                current.references += line[2:].split()
            target = None
        elif match := keyword.match(line):
            name, index, value = match.groups()
            text = _unquote(value, path, number)
            if name.startswith("msgstr"):
                assert entry is not None, f"{path}:{number}: msgstr outside an entry"
                target = int(index or 0)
                entry.msgstr[target] = text
            else:
                current = start(number) if name in ("msgctxt", "msgid") else entry
                assert current is not None, f"{path}:{number}: {name} outside an entry"
                target = name
                setattr(current, name, text)
        elif line.startswith('"') and entry is not None and target is not None:
            text = _unquote(line, path, number)
            if isinstance(target, int):
                entry.msgstr[target] += text
            else:
                setattr(entry, target, getattr(entry, target) + text)
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    if entry is not None and entry.msgstr:
        entries.append(entry)
    headers = [entry for entry in entries if entry.msgid == "" and entry.msgctxt is None]
    assert len(headers) == 1, f"{path}: expected one header entry"
    return headers[0], [entry for entry in entries if entry is not headers[0]]


def nplurals(header: Entry) -> int:
    match = re.search(r"^Plural-Forms:.*\bnplurals\s*=\s*(\d+)", header.msgstr[0], re.MULTILINE)
    assert match, "the header has no Plural-Forms"
    return int(match[1])


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def test_every_official_language_has_a_catalogue_and_is_offered():
    assert set(OFFICIAL) <= set(LANGUAGES)
    assert [code for code, _name in settings.LANGUAGES] == ["en", "fr", "es", "ru", "zh-hans", "ar"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    header, entries = parse_po(catalogue(language))
    forms = nplurals(header)
    if language in PLURAL_FORMS:
        assert forms == PLURAL_FORMS[language], f"{language} has {PLURAL_FORMS[language]} plural forms"
    assert entries, "the catalogue is empty"
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.where()}")
        expected = set(range(forms)) if entry.msgid_plural is not None else {0}
        if set(entry.msgstr) != expected:
            problems.append(f"forms {sorted(entry.msgstr)} instead of {sorted(expected)}: {entry.where()}")
        empty = sorted(index for index, text in entry.msgstr.items() if not text)
        if empty:
            problems.append(f"untranslated form(s) {empty}: {entry.where()}")
    assert not problems, f"{catalogue(language).relative_to(ROOT)}:\n" + "\n".join(problems)


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?[a-zA-Z][^>]*>")


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_tags_and_lines(language):
    _header, entries = parse_po(catalogue(language))
    problems = []
    for entry in entries:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural is not None else [])
        allowed = [sorted(PLACEHOLDER.findall(source)) for source in sources]
        for index, text in entry.msgstr.items():
            if not text:
                continue  # reported by the test above
            found = sorted(PLACEHOLDER.findall(text))
            # A plural form may follow the singular (e.g. "one item" without the number).
            if found not in allowed:
                problems.append(f"msgstr[{index}] has {found}, expected {allowed[-1]}: {entry.where()}")
            if text.count("\n") != entry.msgid.count("\n"):
                problems.append(f"msgstr[{index}] changes the number of lines: {entry.where()}")
            for edge in (str.startswith, str.endswith):
                if edge(entry.msgid, "\n") != edge(text, "\n"):
                    problems.append(f"msgstr[{index}] changes a leading or trailing newline: {entry.where()}")
    assert not problems, f"{catalogue(language).relative_to(ROOT)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_matches_the_po(language):
    path = catalogue(language)
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: run `manage.py compilemessages`"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    _header, entries = parse_po(path)
    expected = {}
    for entry in entries:
        if "fuzzy" in entry.flags:
            continue  # msgfmt leaves fuzzy entries out
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            expected.update({(msgid, index): text for index, text in entry.msgstr.items()})
    compiled = {key: value for key, value in compiled.items() if key != ""}
    stale = sorted(repr(key) for key in expected.keys() ^ compiled.keys())
    changed = sorted(repr(key) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    assert not (stale or changed), (
        f"{mo.relative_to(ROOT)} is out of date with its .po: run `manage.py compilemessages --ignore=.venv`.\n"
        f"Only in one of them: {stale[:20]}\nTranslated differently: {changed[:20]}"
    )


@pytest.mark.parametrize("language", [code for code in OFFICIAL if code != "fr"])
def test_every_catalogue_holds_the_same_messages_as_french(language):
    keys = {code: {entry.key for entry in parse_po(catalogue(code))[1]} for code in ("fr", language)}
    assert keys["fr"] == keys[language], (
        f"only in fr: {sorted(keys['fr'] - keys[language])[:20]}; "
        f"only in {language}: {sorted(keys[language] - keys['fr'])[:20]}"
    )


def test_every_marked_string_is_in_the_catalogues(tmp_path):
    """makemessages on a copy of the source finds no message that the committed catalogues lack."""
    tools = [tool for tool in ("xgettext", "msguniq", "msgmerge", "msgattrib") if shutil.which(tool) is None]
    if tools:
        message = f"GNU gettext is needed to extract messages (missing: {', '.join(tools)}); install `gettext`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    shutil.copytree(LOCALE, tmp_path / "locale", ignore=ignore)
    shutil.copy2(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "compact.settings", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"]
        + [f"--ignore={pattern}" for pattern in IGNORES],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    extracted = {entry.key: entry for entry in parse_po(tmp_path / catalogue("fr").relative_to(ROOT))[1]}
    for language in OFFICIAL:
        committed = {entry.key for entry in parse_po(catalogue(language))[1]}
        missing = [
            f"{extracted[key].msgid!r} ({' '.join(extracted[key].references[:3])})"
            for key in extracted.keys() - committed
        ]
        assert not missing, (
            f"{len(missing)} marked string(s) are not in locale/{language}: run makemessages, translate, "
            f"compilemessages:\n" + "\n".join(sorted(missing)[:50])
        )


def test_no_javascript_catalogue_is_needed():
    """The site's own scripts mark no string; once one does, a djangojs catalogue must come with it."""
    marked = re.compile(r"\b(?:n|p|np)?gettext\s*\(|\binterpolate\s*\(")
    scripts = [path for path in (ROOT / "static" / "js").rglob("*.js") if marked.search(path.read_text("utf-8"))]
    if scripts:
        for language in OFFICIAL:
            assert (LOCALE / language / "LC_MESSAGES" / "djangojs.po").exists(), (
                f"{[str(path.relative_to(ROOT)) for path in scripts]} use gettext: run makemessages -d djangojs"
            )


@pytest.mark.parametrize("how", ["accept-language", "cookie"])
@pytest.mark.parametrize(
    ("language", "direction", "text"),
    [
        ("fr", "ltr", "Se connecter"),
        ("es", "ltr", "Iniciar sesión"),
        ("ru", "ltr", "Войти"),
        ("zh-hans", "ltr", "登录"),
        ("ar", "rtl", "تسجيل الدخول"),
        ("en", "ltr", "Sign in"),
    ],
)
def test_the_sign_in_page_renders_in_the_chosen_language(client, language, direction, text, how):
    if how == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get("/accounts/login/")
    else:
        response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert text in page
    if language != "en":
        assert "Forgot your password?" not in page
        assert response["Content-Language"] == language
