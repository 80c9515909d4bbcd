"""Portal pages, one module per area; `core` holds the home dashboard and the health check.

Here: how a list page answers htmx, which swaps only the part that changes when its filters do.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request: HttpRequest) -> bool:
    """htmx asks for the part it swaps only, except when it rebuilds a page from its history."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def page_or_fragment(request: HttpRequest, page: str, fragment: str, context: dict) -> HttpResponse:
    """The whole `page`, or its `fragment` template for htmx; caches keep the two apart."""
    response = render(request, fragment if wants_fragment(request) else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
