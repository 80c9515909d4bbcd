"""Every page renders in each language that has a catalogue with no English interface string left.

Each page of the access matrix (tests/portal/routes_*.py) that answers a GET with an HTML page (the main
navigation's and what it leads to most: a document, an event, a working group, a country, a person, the
search results, the notifications, and the forms) is rendered through Django's test client for a role that
sees it (the Secretariat where it may, else another role of the matrix; a Member State's focal point also
for its own pages), signed out for the sign-in page and the public ones, and as the 404 page, in every
language of settings.LANGUAGES besides English. Its `<html>` says the language and the direction (`rtl` in
Arabic).

What it catches: a visible text node (the page's <title> included, <script> and <style> left out, whitespace
folded), or a `title`, `aria-label`, `placeholder`, `alt`, `data-label` or button `value` attribute, that is
exactly the English msgid of a message the language's catalogue translates differently: a string whose
translation is missing from the catalogue (a msgid marked with a context the catalogue lacks), or a label
computed once at import, in whatever language was active then.

What it cannot catch: a sentence assembled around data ("Signed in as Jane", "Pillar II — ...") is never
equal to its msgid, so an untranslated one is not seen; nor English split over several elements
(`Sign <b>in</b>`); nor an English string that is in no catalogue at all (hard-coded in a template or in
code). Text marked as being in another language (`lang` on it or an ancestor, as the language menu names
each language in itself) is left out. Data is never taken for interface: the scenario's texts carry a
marker word, and the names of the reference data (organizations, groups, themes, pillars, languages), which
are data even where one reads like a msgid, are left out.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import to_locale

from platform_app.directory.models import Organization
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup
from tests.portal.test_access import PAGES
from tests.test_translations import LOCALE, parse_po

pytestmark = pytest.mark.shared_world

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
# The roles a page is rendered for, the first that may see it; the Member State's focal point also renders
# OWN_PAGES, the pages of its own State.
ROLES = ("secretariat", "state", "entity", "cted", "other_state", "regional")
OWN_PAGES = ("home", "countries:profile", "cted:country", "cted:assessment", "support:index", "support:request")
ATTRIBUTES = ("title", "aria-label", "aria-description", "placeholder", "alt", "data-label")
WHITESPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


class Texts(HTMLParser):
    """The visible text nodes and labelling attributes of a page, each with the language it is in."""

    VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"))
    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", language)]
        self.found: list[tuple[str, str]] = []  # (where, text)
        self.html: dict[str, str] = {}

    @property
    def language(self) -> str:
        return self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = {name: value or "" for name, value in attrs.items()}
        language = attrs.get("lang") or self.language
        if tag not in self.VOID:
            self.stack.append((tag, language))
        if language != self.stack[0][1] or self.hidden:
            return
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.found.append((f"<{tag} {name}>", attrs[name]))
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.found.append((f"<{tag} value>", attrs["value"]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    @property
    def hidden(self) -> bool:
        return any(tag in self.HIDDEN for tag, _language in self.stack)

    def handle_data(self, data):
        text = fold(data)
        if text and not self.hidden and self.language == self.stack[0][1]:
            self.found.append((f"<{self.stack[-1][0]}>", text))


@cache
def english_msgids(language: str) -> frozenset[str]:
    """The English msgids (and plurals) the catalogue of language translates into something else."""
    _header, entries = parse_po(LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po")
    found = set()
    for entry in entries:
        translations = {fold(text) for text in entry.msgstr.values()}
        for english in (entry.msgid, entry.msgid_plural):
            if english and fold(english) not in translations:
                found.add(fold(english))
    return frozenset(found)


def reference_names() -> frozenset[str]:
    """Names of the reference data in every language it holds: data, even where one reads like a msgid."""
    names = set()
    for model in (Organization, WorkingGroup, ThematicArea, Pillar, Language):
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.get_internal_type() == "CharField" and f.attname.split("_")[0] in ("name", "acronym", "short")
        ]
        for row in model.objects.values_list(*fields):
            names.update(fold(value) for value in row if value)
    return frozenset(names)


def pages(world, people) -> list[tuple[str, str, str | None]]:
    """(name, address, role) of every page rendered: a role of ROLES that may open it, or None (signed out)."""
    found = []
    # Some routes share the function that makes their object (a showcase request): it is made once.
    made: dict[object, dict] = {}
    for name, page in sorted(PAGES.items()):
        if page.method != "get":
            continue
        if page.kwargs and page.kwargs not in made:
            made[page.kwargs] = page.kwargs(world, people)
        address = reverse(name, kwargs=made.get(page.kwargs)) + page.query
        if page.anonymous == 200:
            found.append((name, address, None))
        roles = [role for role in ROLES if role in page.roles and role not in page.forbidden]
        if page.ok == 200 and roles:
            found.append((name, address, roles[0]))
            if name in OWN_PAGES and roles[0] != "state" and "state" in roles:
                found.append((name, address, "state"))
    found.append(("404", "/no-such-page/", "secretariat"))
    return found


def render(language: str, world, people) -> list[str]:
    """The English left on the pages in language, one line each."""
    english = english_msgids(language) - reference_names()
    clients: dict[str | None, Client] = {}
    problems = []
    for name, address, role in pages(world, people):
        if role not in clients:
            clients[role] = Client()
            if role:
                clients[role].force_login(people.roles()[role])
            clients[role].cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = clients[role].get(address)
        expected = 404 if name == "404" else 200
        assert response.status_code == expected, f"{address} as {role}: {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            continue
        texts = Texts(language)
        texts.feed(response.content.decode())
        where = f"{language} {address} ({role or 'signed out'})"
        direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
        assert texts.html.get("lang") == language and texts.html.get("dir") == direction, (where, texts.html)
        for element, text in texts.found:
            if text in english:
                problems.append(f"{where} {element}: {text!r}")
    return sorted(set(problems))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_interface_string_is_left(language, world, people):
    problems = render(language, world, people)
    assert not problems, f"{len(problems)} English strings left:\n" + "\n".join(problems)


@pytest.mark.parametrize(("language", "name"), [("en", "Pillar II"), ("fr", "Pilier II"), ("ar", "الركيزة II")])
def test_a_pillar_is_named_in_the_reader_s_language(language, name, reference):
    # Pages that show a pillar by itself (a support request, a State's entry, an event) write str(pillar).
    with translation.override(language):
        assert str(Pillar.objects.get(number=2)) == name


@pytest.mark.parametrize(("language", "name"), [("en", "BMLE WG"), ("fr", "GT BMLE"), ("ru", "РГ BMLE")])
def test_a_working_group_is_named_in_the_reader_s_language(language, name, reference):
    # The support request's forms list the groups it may be routed to by str(group).
    with translation.override(language):
        assert str(WorkingGroup.objects.get(short_name="BMLE")) == name


def test_the_scan_finds_english_left_and_skips_what_is_marked_as_another_language(client, reference):
    # The sign-in page in English, read as if it were French: its words are French msgids left in English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    texts = Texts("en")
    texts.feed(client.get(reverse("login")).content.decode())
    found = {text for _element, text in texts.found}
    assert {"Sign in", "Password"} <= found & english_msgids("fr")
    # The language menu names each language in itself, marked with its own lang: in French, "English" is not
    # taken for English left in the page.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    texts = Texts("fr")
    texts.feed(client.get(reverse("login")).content.decode())
    found = {text for _element, text in texts.found}
    assert "français" in found and "English" not in found and "Se connecter" in found
