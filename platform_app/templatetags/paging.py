"""`{% load paging %}`: `{% pager page as pager %}` gives the pager of a list's page (platform_app.core.paging),
its addresses made from the request's path and query string. templates/includes/pagination.html draws it."""

from django import template
from django.http import QueryDict

from platform_app.core.paging import Pager
from platform_app.core.paging import pager as pager_of

register = template.Library()


@register.simple_tag(takes_context=True)
def pager(context, page) -> Pager:
    request = context.get("request")
    if request is None:
        # Drawn without a request (a fragment rendered on its own): addresses relative to the current one.
        return pager_of(page, "", QueryDict())
    return pager_of(page, request.path, request.GET)
