"""User-written text keeps its own direction in right-to-left pages: a Latin title ending in "#5." on an Arabic
page sits in a <bdi> or in an element with dir="auto", so that the number and the full stop stay at its end
instead of jumping to the other side (the rule of platform_app/templatetags/bidi.py and README, Languages).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse

from platform_app.mail.models import Notification
from tests.factories import (
    CountryEntryFactory,
    DocumentFactory,
    EventFactory,
    PostFactory,
    SupportRequestFactory,
    reference_group,
)

# Latin letters, a number sign and a full stop: what the Unicode algorithm moves in a right-to-left line.
TITLE = "Regional workshop on border security #5."
BODY = "Participants agreed on the next steps of item #5."

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose text is plain text by nature: the browser shows them outside the page's flow.
PLAIN = {"title", "option", "textarea", "script", "style"}


class _Tree(HTMLParser):
    """Every text node of a page with the elements it sits in, innermost last."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict, int]] = []  # (tag, attributes, the element's number in the page)
        self.texts: list[tuple[str, list[tuple[str, dict, int]]]] = []
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.elements += 1
            self.stack.append((tag, dict(attrs), self.elements))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data, list(self.stack)))


def misplaced(html: str, text: str) -> list[str]:
    """Where `text` shows in the page without an isolate of its own: the nearest element that sets a
    direction around it must be a <bdi> or have dir="auto", and start with that text."""
    tree = _Tree()
    tree.feed(html)
    problems = []
    for index, (data, stack) in enumerate(tree.texts):
        if text not in data or any(tag in PLAIN for tag, _attrs, _n in stack):
            continue
        isolate = next(
            (depth for depth in range(len(stack) - 1, -1, -1) if stack[depth][0] == "bdi" or "dir" in stack[depth][1]),
            None,
        )
        tag, attrs, number = stack[isolate] if isolate is not None else ("html", {}, 0)
        if tag != "bdi" and attrs.get("dir") != "auto":
            inside = " > ".join(t for t, _a, _n in stack[-3:])
            problems.append(f"{data.strip()!r} in <{inside}> without <bdi> or dir=auto")
            continue
        # The isolate's own text, up to this node: it must begin with the user's text.
        before = "".join(d for d, s in tree.texts[:index] if any(n == number for _t, _a, n in s))
        before += data[: data.index(text)]
        if before.strip():
            problems.append(f"{data.strip()!r} isolated with other text before it: {before.strip()[:60]!r}")
    return problems


def test_the_check_finds_a_title_left_to_the_page_direction():
    assert misplaced(f"<html dir='rtl'><body><h1>{TITLE}</h1></body></html>", TITLE)
    assert misplaced(f"<p dir='auto'>Shared: {TITLE}</p>", TITLE)  # isolated, but with other text first
    assert not misplaced(f"<html dir='rtl'><h1><bdi>{TITLE}</bdi></h1></html>", TITLE)
    assert not misplaced(f"<html dir='rtl'><div dir='auto'><p>{BODY}</p></div></html>", BODY)
    assert not misplaced(f"<title>{TITLE}</title>", TITLE)


def test_the_bdi_filter_isolates_a_name_inside_a_translated_sentence():
    template = Template(
        "{% load bidi i18n %}{% blocktranslate with name=name|bdi %}Overview of {{ name }}{% endblocktranslate %}"
    )
    written = template.render(Context({"name": "Côte d'Ivoire <b>"}))
    assert written == "Overview of <bdi>Côte d&#x27;Ivoire &lt;b&gt;</bdi>"
    assert Template("{% load bidi %}[{{ name|bdi }}]").render(Context({"name": ""})) == "[]"


@pytest.fixture
def titled(people):
    """Records of every kind titled in Latin letters ending in "#5.", seen by the Secretariat."""
    document = DocumentFactory(title=TITLE, description=BODY)
    request = SupportRequestFactory(title=TITLE, needs=BODY)
    entry = CountryEntryFactory(title=TITLE, text=BODY)
    PostFactory(title=TITLE, body=BODY, working_group=reference_group("PCVE"))
    event = EventFactory(title=TITLE, description=BODY)
    Notification.objects.create(
        user=people.secretariat,
        kind=Notification.Kind.DOCUMENT,
        object_id=document.pk,
        title=TITLE,
        path=reverse("library:document", args=[document.pk]),
    )
    return {
        "document": reverse("library:document", args=[document.pk]),
        "library": reverse("library:index"),
        "home": reverse("home"),
        "request": reverse("support:request", args=[request.pk]),
        "requests": reverse("support:index"),
        "country": reverse("countries:profile", args=[entry.page.member_state.iso_alpha3]),
        "discussion": reverse("workinggroups:discussion", args=["PCVE"]),
        "group": reverse("workinggroups:detail", args=["PCVE"]),
        "event": reverse("calendar:event", args=[event.pk]),
        "notifications": reverse("notifications:index"),
        # A word of the bodies only: a title is shown whole, not cut by the marks of the words found.
        "search": reverse("search:index") + "?q=participants",
    }


BODIES = {"document", "request", "country", "discussion", "event"}


PAGES = ("document", "library", "home", "request", "requests", "country", "discussion", "group", "event")


@pytest.mark.parametrize("page", [*PAGES, "notifications", "search"])
def test_user_titles_keep_their_direction_in_arabic_pages(client, people, titled, page):
    client.force_login(people.secretariat)
    response = client.get(titled[page], HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert TITLE in html, f"the title is not on the {page} page"
    assert misplaced(html, TITLE) == []
    if page in BODIES:
        assert BODY in html
        assert misplaced(html, BODY) == []
