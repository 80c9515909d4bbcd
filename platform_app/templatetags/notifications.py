"""`{% load notifications %}`: `{% unread_notifications as unread %}` gives the bell of the page header the
signed-in person's unread count (`unread.count`) and how to write it (`unread.shown`: "99+" past 99)."""

from django import template

from platform_app.mail.selectors import Unread, unread

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> Unread:
    request = context.get("request")
    return unread(getattr(request, "user", None) or context.get("user"))
