"""The joint calendar's routes in the access matrix (tests/portal/test_access.py)."""

from platform_app.calendar.feeds import feed_token_for

from .pages import ALL_PLATFORM, Page

# The BMLE group's event: its members (UNODC, CTED) and the Secretariat see it.
BMLE_EVENT_ROLES = frozenset({"secretariat", "cted", "entity"})
# Members of some working group (not observers), and the Secretariat, add events.
EVENT_WRITERS = frozenset({"secretariat", "cted", "entity"})


def _bmle_event(world, people) -> dict:
    return {"pk": world.objects["events"]["bmle"].pk}


PAGES: dict[str, Page] = {
    "calendar:month": Page(),
    "calendar:list": Page(),
    "calendar:event": Page(kwargs=_bmle_event, roles=BMLE_EVENT_ROLES, others=404),
    "calendar:event_ics": Page(kwargs=_bmle_event, roles=BMLE_EVENT_ROLES, others=404),
    "calendar:add": Page(roles=EVENT_WRITERS, others=403),
    "calendar:feed": Page(
        kwargs=lambda world, people: {"token": feed_token_for(people.state)},
        roles=ALL_PLATFORM,
        anonymous=200,
        outsider=200,
        notes="The token alone says whose feed it is (Kenya's here); the session plays no part.",
    ),
}
