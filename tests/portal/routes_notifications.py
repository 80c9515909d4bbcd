"""Access rules of the notification centre (see pages.py).

Everyone signed in has a centre of their own, an account linked to no organization included. A
notification is its owner's alone: here one of Kenya's focal point, which for everyone else does not
exist (404). Marking read is POST only (405 on GET for whoever may do it); following a notification
redirects its owner to its object.
"""

from platform_app.mail.models import Notification
from tests.portal.pages import Page


def kenyas_notification(world, people) -> dict:
    request = world.objects["support-requests"]["kenya_to_unodc"]
    notice, _created = Notification.objects.get_or_create(
        user=people.state,
        kind=Notification.Kind.SUPPORT,
        object_id=request.pk,
        occasion="access-matrix",
        defaults={"action": "offered", "title": request.title, "path": f"/support/{request.pk}/"},
    )
    return {"pk": notice.pk}


KENYA = frozenset({"state"})

PAGES = {
    "notifications:index": Page(outsider=200),
    "notifications:read_all": Page(method="post", outsider=405),
    "notifications:open": Page(kwargs=kenyas_notification, roles=KENYA, ok=302, outsider=404),
    "notifications:read": Page(kwargs=kenyas_notification, roles=KENYA, method="post", outsider=404),
}
