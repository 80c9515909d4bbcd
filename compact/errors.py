"""The pages of errors: 400, 403 (with the policy's reason), 404, 500 and a refused CSRF check.

compact/urls.py names them as Django's handler400/403/404/500 and settings name `csrf_failure` as
CSRF_FAILURE_VIEW. Each page is in the site's layout and the reader's language (LocaleMiddleware has
chosen it before any of these run), says why, and offers the way back: the previous page (the
Referer, when it is one of the platform's), the list of the section the address belongs to, the home
page, and signing in for someone who is not signed in.

- Under /api/ the answer stays the API's JSON (platform_app.core.api.errors), never a page.
- An htmx request does not swap an error into the page. A GET is sent to its address as a whole page
  (HX-Redirect), where the reader sees the full error page; a form sent with htmx gets the reason as
  a message and the page it was sent from again (HX-Refresh).
- The 500 page reads neither the database nor the session: its template is rendered without context
  processors and does not extend base.html.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, QueryDict
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from platform_app.core.api.errors import generic_error, json_error
from platform_app.core.portal import wants_fragment
from platform_app.core.viewer import viewer_for

logger = logging.getLogger(__name__)

PAGE_LAYOUT = "base.html"
FRAGMENT_LAYOUT = "errors/fragment.html"

# The lists a page belongs to, by the start of its address (the longest first): the way back from a
# page of a section.
SECTIONS = [
    ("directory:organizations", gettext_lazy("Organizations")),
    ("directory:index", gettext_lazy("Directory")),
    ("library:index", gettext_lazy("Library")),
    ("calendar:month", gettext_lazy("Calendar")),
    ("workinggroups:index", gettext_lazy("Working groups")),
    ("projects:index", gettext_lazy("Projects and Appeal")),
    ("cted:index", gettext_lazy("CTED")),
    ("countries:index", gettext_lazy("Countries")),
    ("support:index", gettext_lazy("Support requests")),
    ("newsletters:index", gettext_lazy("Newsletter")),
]

# Refusals raised in English (platform_app.core.portal.platform_page): translated when shown.
gettext_noop("Your account is not linked to an organization.")


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _user(request: HttpRequest):
    # None when the request failed before AuthenticationMiddleware (e.g. a host not allowed: a 400).
    return getattr(request, "user", None)


def _previous_page(request: HttpRequest) -> str | None:
    """The page the reader came from (path and query), when it is one of this site's and not this one."""
    referer = request.headers.get("Referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if not referer or not url_has_allowed_host_and_scheme(referer, {host}, require_https=request.is_secure()):
        return None
    parts = urlsplit(referer)
    previous = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # The path alone must stay on the site too: "//elsewhere.example/" would leave it.
    if previous == request.get_full_path() or not url_has_allowed_host_and_scheme(previous, {host}):
        return None
    return previous


def _section_list(request: HttpRequest) -> tuple[str, str] | None:
    """The list of the section this address is in (/calendar/new/ → the calendar), not the list itself."""
    for name, label in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if request.path.startswith(url) and request.path != url:
            return url, str(label)
    return None


def way_back(request: HttpRequest, *, come_back: bool = True) -> list[dict]:
    """The links an error page offers, the most useful first; the first is shown as a button. With
    `come_back`, signing in leads back to this address."""
    links = []
    user = _user(request)
    signed_in = user is not None and user.is_authenticated
    if not signed_in:
        url = reverse("login")
        if come_back and request.method in ("GET", "HEAD"):
            query = QueryDict(mutable=True)
            query["next"] = request.get_full_path()
            url += "?" + query.urlencode(safe="/")
        links.append({"url": url, "label": _("Sign in")})
    previous = _previous_page(request)
    if previous:
        links.append({"url": previous, "label": _("Back to the previous page")})
    section = _section_list(request) if signed_in and viewer_for(user).is_platform_user else None
    if section:
        links.append({"url": section[0], "label": section[1]})
    links.append({"url": reverse("home"), "label": _("Go to the home page")})
    # Each address once: the previous page may be the sign-in page or the home page.
    return [link for index, link in enumerate(links) if link["url"] not in {seen["url"] for seen in links[:index]}]


def _htmx(request: HttpRequest, response: HttpResponse, message: str) -> HttpResponse:
    """What an htmx request gets besides the fragment, which htmx does not swap for an error status."""
    patch_vary_headers(response, ["HX-Request"])
    if not wants_fragment(request):
        return response
    if request.method in ("GET", "HEAD"):
        response["HX-Redirect"] = request.get_full_path()
    else:
        messages.error(request, message, fail_silently=True)
        response["HX-Refresh"] = "true"
    return response


def _page(
    request: HttpRequest, template: str, status: int, message: str, context: dict, *, come_back: bool = True
) -> HttpResponse:
    fragment = wants_fragment(request)
    context = {
        "layout": FRAGMENT_LAYOUT if fragment else PAGE_LAYOUT,
        "code": status,
        "way_back": way_back(request, come_back=come_back),
        **context,
    }
    response = HttpResponse(loader.render_to_string(template, context, request), status=status)
    return _htmx(request, response, message)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if _is_api(request):
        return generic_error(400)
    return _page(request, "400.html", 400, _("The platform could not understand this request."), {})


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """403 with the reason of the refusal: PermissionDenied raised by `Decision.check()` carries the
    policy's reason (escaped by the template like any text)."""
    reason = _(str(exception)) if exception is not None and str(exception) else ""
    if _is_api(request):
        return json_error(403, reason, "permission_denied") if reason else generic_error(403)
    message = reason or _("Your account does not have the right to open this page or to do this.")
    return _page(request, "403.html", 403, message, {"reason": reason})


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    # The exception's message (a model's name, a resolver's patterns) is for the log, not the reader.
    if _is_api(request):
        return generic_error(404)
    message = _("There is nothing at this address, or it is not shared with you.")
    # Signing in does not lead back here: the address is not repeated in the page, so a 404 says
    # nothing of what was asked (a calendar feed's token, say) and reads the same for every address.
    return _page(request, "404.html", 404, message, {}, come_back=False)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused because its CSRF token or cookie was missing or stale (CSRF_FAILURE_VIEW)."""
    if _is_api(request):
        return json_error(403, f"CSRF Failed: {reason}", "permission_denied")
    message = _("The form could not be sent: reload the page and send it again.")
    return _page(request, "csrf_failure.html", 403, message, {})


def server_error(request: HttpRequest) -> HttpResponse:
    """500 from a template that needs nothing that may have failed: no database, session or context
    processor (it is rendered without the request)."""
    if _is_api(request):
        return generic_error(500)
    retry = request.get_full_path() if request.method in ("GET", "HEAD") else ""
    try:
        body = loader.get_template("500.html").render({"code": 500, "retry_url": retry})
    except Exception:
        logger.exception("The 500 page could not be rendered")
        body = "<!DOCTYPE html><title>Server error</title><h1>Server error (500)</h1>"
    response = HttpResponseServerError(body)
    return _htmx(request, response, _("Something went wrong on our side. Please try again in a few minutes."))
