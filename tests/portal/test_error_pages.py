"""The error pages (compact/errors.py): 400, 403 with the policy's reason, 404, 500, a refused CSRF check
and the sign-in lockout, each in the site's layout and the reader's language, saying why and offering
the way back; the API keeps its JSON errors and htmx requests are sent to the whole page.

Some tests use this module as their URLconf: the site's pages plus two that only tests need (a refusal
for anyone, signed in or not, and a fault)."""

from __future__ import annotations

import copy
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import escape

from compact import errors
from compact import urls as site_urls
from platform_app.core.policies import Decision
from tests.people import People

pytestmark = pytest.mark.django_db

ADD_EVENT_REFUSAL = "Only members of a working group add events to the calendar."
UNLINKED = "Your account is not linked to an organization."


# --- a URLconf with a refusal and a fault, for the tests marked urls(__name__) --------------------------


def refused(request):
    raise PermissionDenied("Only <b>testers</b> & friends may open this.")


def broken(request):
    raise RuntimeError("a fault in a view")


urlpatterns = [path("test-errors/refused/", refused), path("test-errors/broken/", broken), *site_urls.urlpatterns]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def broken_context_processor(request):
    raise RuntimeError("a context processor that fails")


# --- helpers ---------------------------------------------------------------------------------------------


def translated(text: str, language: str) -> str:
    with translation.override(language):
        result = translation.gettext(text)
    assert result != text, f"no {language} translation of {text!r}"
    return result


def assert_in_layout(html: str, *, signed_in: bool, forms: bool = True) -> None:
    """The page is base.html's: the header, the footer (with its language switch, but on a 404, which
    holds no form), an error card; and the main navigation only for someone signed in."""
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert ('class="language-switch"' in html) is forms
    assert ("csrfmiddlewaretoken" in html) is forms
    assert 'class="card narrow error-page"' in html
    assert ('class="main-nav"' in html) is signed_in
    assert "Forbidden" not in html


def way_back_urls(html: str) -> list[str]:
    """The addresses of the page's way back (its list of links, not the navigation), in order."""
    match = re.search(r'<ul class="error-page-links">(.*?)</ul>', html, re.S)
    assert match, "no way back on the page"
    return [unescape(url) for url in re.findall(r'href="([^"]*)"', match[1])]


def link(html: str, url: str) -> bool:
    return url in way_back_urls(html)


def shows(html: str, text: str) -> bool:
    """Text of a template (`translate` does not escape it) or of a variable (escaped)."""
    return text in html or escape(text) in html


# --- 403 ---------------------------------------------------------------------------------------------------


def test_a_regional_organization_adding_an_event_is_told_why(people: People, client):
    client.force_login(people.regional)
    response = client.get(reverse("calendar:add"), headers={"Referer": "http://testserver/calendar/list/"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_in_layout(html, signed_in=True)
    assert "Access refused" in html
    assert escape(ADD_EVENT_REFUSAL) in html
    # The way back: the page they came from, the calendar (the list /calendar/new/ belongs to), home.
    assert link(html, "/calendar/list/") and "Back to the previous page" in html
    assert link(html, reverse("calendar:month")) and link(html, reverse("home"))
    assert not link(html, reverse("login"))
    # The form's POST is refused the same way.
    assert escape(ADD_EVENT_REFUSAL) in client.post(reverse("calendar:add"), {}).content.decode()


@pytest.mark.parametrize("referer", ["https://elsewhere.example/page/", "http://testserver//elsewhere.example/page/"])
def test_a_referer_from_another_site_is_no_way_back(referer, people: People, client):
    client.force_login(people.regional)
    html = client.get(reverse("calendar:add"), headers={"Referer": referer}).content.decode()
    assert "elsewhere.example" not in html and "Back to the previous page" not in html


def test_each_way_back_is_offered_once(people: People, client):
    client.force_login(people.regional)
    # Coming from the calendar: "back" and the section's list are one link.
    html = client.get(reverse("calendar:add"), headers={"Referer": "http://testserver/calendar/"}).content.decode()
    assert way_back_urls(html) == [reverse("calendar:month"), reverse("home")]


@pytest.mark.parametrize(("language", "how"), [("fr", "cookie"), ("ar", "cookie"), ("fr", "header"), ("ar", "header")])
def test_the_refusal_is_in_the_readers_language(language, how, people: People, client):
    client.force_login(people.regional)
    if how == "cookie":
        client.cookies["django_language"] = language
        response = client.get(reverse("calendar:add"))
    else:
        response = client.get(reverse("calendar:add"), headers={"Accept-Language": language})
    assert response.status_code == 403
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) is (language == "ar")
    assert shows(html, translated(ADD_EVENT_REFUSAL, language))
    assert shows(html, translated("Access refused", language))
    assert shows(html, translated("Go to the home page", language))
    assert ADD_EVENT_REFUSAL not in html


def test_an_account_linked_to_no_organization_is_told_so_in_its_language(people: People, client):
    client.force_login(people.outsider)
    client.cookies["django_language"] = "fr"
    response = client.get(reverse("library:index"))
    assert response.status_code == 403
    html = response.content.decode()
    assert shows(html, translated(UNLINKED, "fr"))
    # Not a platform user: no section to go back to (it would refuse them too), but home.
    assert link(html, reverse("home")) and not link(html, reverse("library:index"))


def test_the_reason_is_escaped(people: People, client, monkeypatch):
    monkeypatch.setattr(
        "platform_app.calendar.views.may_add_event", lambda user: Decision(False, "<script>alert(1)</script> & co")
    )
    client.force_login(people.entity)
    html = client.get(reverse("calendar:add")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<script>alert" not in html


@pytest.mark.urls(__name__)
def test_a_refusal_to_someone_not_signed_in_offers_to_sign_in(client):
    client.cookies["django_language"] = "ar"
    response = client.get("/test-errors/refused/")
    assert response.status_code == 403
    html = response.content.decode()
    assert_in_layout(html, signed_in=False)
    assert escape("Only <b>testers</b> & friends may open this.") in html
    assert link(html, reverse("login") + "?next=/test-errors/refused/")
    assert shows(html, translated("Sign in", "ar")) and link(html, reverse("home"))


# --- 404 ---------------------------------------------------------------------------------------------------


def test_a_missing_page_of_a_section_leads_back_to_its_list(people: People, client):
    client.force_login(people.state)
    response = client.get(reverse("library:document", kwargs={"pk": 987654}))
    assert response.status_code == 404
    html = response.content.decode()
    assert_in_layout(html, signed_in=True, forms=False)
    assert "Page not found" in html and "not shared with you" in html
    assert link(html, reverse("library:index")) and link(html, reverse("home"))
    assert not link(html, reverse("login"))
    # The exception's text (a model's name, the resolver's patterns) is not shown.
    assert "matches the given query" not in html
    # The narrowest list the address is in: an organization's page leads back to the organizations.
    html = client.get(reverse("directory:organization", kwargs={"pk": 987654})).content.decode()
    assert link(html, reverse("directory:organizations")) and not link(html, reverse("directory:index"))


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_missing_page_for_someone_not_signed_in(language, client):
    response = client.get("/no-such-page/", headers={"Accept-Language": language})
    assert response.status_code == 404
    html = response.content.decode()
    assert_in_layout(html, signed_in=False, forms=False)
    assert f'lang="{language}"' in html
    # Signing in leads to the home page: the address asked for is not repeated in a 404.
    assert link(html, reverse("login")) and link(html, reverse("home"))
    assert "no-such-page" not in html
    if language != "en":
        assert shows(html, translated("Page not found", language))
        assert not shows(html, translated("Back to the previous page", language))


# --- 400, CSRF, lockout ------------------------------------------------------------------------------------


def test_a_bad_request_has_its_page(client):
    # A host the platform does not serve: refused before the session and the user are read.
    response = client.get("/", HTTP_HOST="not-ours.example", headers={"Accept-Language": "fr"})
    assert response.status_code == 400
    html = response.content.decode()
    assert_in_layout(html, signed_in=False)
    assert shows(html, translated("Bad request", "fr"))
    assert link(html, reverse("home"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_refused_csrf_check_says_why_and_how_to_retry(language, reference):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    response = client.post(
        reverse("login"),
        {"username": "someone", "password": "x"},
        headers={"Referer": "http://testserver/accounts/login/"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert_in_layout(html, signed_in=False)
    with translation.override(language):
        assert shows(html, translation.gettext("The form could not be sent"))
    assert link(html, reverse("login")) and link(html, reverse("home"))


def test_the_sign_in_lockout_has_its_page(reference, client):
    client.cookies["django_language"] = "fr"
    for attempt in range(6):
        response = client.post(reverse("login"), {"username": "nobody.here", "password": f"wrong-{attempt}"})
    assert response.status_code == 429
    html = response.content.decode()
    assert_in_layout(html, signed_in=False)
    assert shows(html, translated("Sign-in locked", "fr"))
    assert link(html, reverse("account:password_reset")) and link(html, reverse("home"))


# --- 500 ---------------------------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_fault_has_a_static_page(language, client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.cookies["django_language"] = language
    response = client.get("/test-errors/broken/?x=1")
    assert response.status_code == 500
    html = response.content.decode()
    assert html.lstrip().startswith("<!DOCTYPE html>") and 'class="site-header"' in html
    assert f'lang="{language}"' in html
    assert shows(html, translated("Something went wrong", "fr") if language == "fr" else "Something went wrong")
    assert link(html, "/test-errors/broken/?x=1") and link(html, reverse("home"))
    assert "a fault in a view" not in html


def test_the_500_page_needs_no_database_no_session_and_no_context_processor(settings):
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"] = [*processors, f"{__name__}.broken_context_processor"]
    settings.TEMPLATES = templates
    request = RequestFactory().get("/somewhere/")  # no session, no user: the middleware may not have run
    with CaptureQueriesContext(connection) as queries:
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert len(queries) == 0


# --- the API keeps its JSON ---------------------------------------------------------------------------------


def test_the_api_still_answers_json(people: People, client):
    unknown = client.get("/api/v1/no-such-thing/")
    assert unknown.status_code == 404 and unknown["Content-Type"].startswith("application/json")
    assert unknown.json()["code"] == "not_found"

    anonymous = client.get("/api/v1/events/")
    assert anonymous.status_code in (401, 403) and anonymous["Content-Type"].startswith("application/json")

    client.force_login(people.outsider)
    refused_here = client.get("/api/v1/events/")
    assert refused_here.status_code == 403 and refused_here.json()["code"] == "permission_denied"

    client.force_login(people.state)
    missing = client.get("/api/v1/events/987654/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert "<html" not in missing.content.decode()


def test_the_api_keeps_its_json_when_the_handlers_are_called():
    # Errors no API view answered reach the handlers: they answer the API's JSON, not a page.
    factory = RequestFactory()
    request = factory.get("/api/v1/events/")
    assert errors.page_not_found(request, None).status_code == 404
    refused_json = errors.permission_denied(request, PermissionDenied("Not yours."))
    assert refused_json["Content-Type"].startswith("application/json")
    assert refused_json.status_code == 403 and b'"Not yours."' in refused_json.content
    assert errors.server_error(request)["Content-Type"].startswith("application/json")
    assert errors.csrf_failure(factory.post("/api/v1/events/"), reason="no token").status_code == 403


# --- htmx ------------------------------------------------------------------------------------------------


def test_an_htmx_request_is_sent_to_the_whole_error_page(people: People, client):
    client.force_login(people.regional)
    response = client.get(reverse("calendar:add"), headers={"HX-Request": "true"})
    assert response.status_code == 403
    # htmx swaps no error: the browser loads the address itself and shows the whole page.
    assert response["HX-Redirect"] == reverse("calendar:add")
    assert "HX-Request" in response["Vary"]
    body = response.content.decode()
    assert "<html" not in body and escape(ADD_EVENT_REFUSAL) in body

    # Rebuilding a page from htmx's history is a whole page.
    restored = client.get(reverse("calendar:add"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restored.content.decode() and "HX-Redirect" not in restored


def test_a_form_sent_with_htmx_gets_the_reason_above_its_page(people: People, client):
    client.force_login(people.regional)
    response = client.post(reverse("calendar:add"), {}, headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert response["HX-Refresh"] == "true"
    assert [str(message) for message in get_messages(response.wsgi_request)] == [ADD_EVENT_REFUSAL]


@pytest.mark.urls(__name__)
def test_an_htmx_request_that_fails_is_sent_to_the_whole_500_page(client):
    client.raise_request_exception = False
    response = client.get("/test-errors/broken/", headers={"HX-Request": "true"})
    assert response.status_code == 500
    assert response["HX-Redirect"] == "/test-errors/broken/"
