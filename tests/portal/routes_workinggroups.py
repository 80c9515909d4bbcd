"""Access rules of the working group pages (see pages.py). The scenario is in tests/scenario.py.

Writes are declared on ETCIP, where UNODC (entity) and CTED are members and no Member State or
regional organization reads the space, so every other platform user gets the same 404. BMLE, where
Kenya is an invited reader (403 on writes), is covered in tests/portal/test_workinggroups.py.

Showcases are declared on BMLE, which CTED chairs and UNODC vice-chairs: the request pages use Ghana's
request, which only the Secretariat and BMLE's leaders see (every other platform user gets a 404); the
State's own side is covered in tests/test_showcase.py.
"""

from datetime import date

from tests.factories import (
    MeetingFactory,
    PostFactory,
    ShowcaseRequestFactory,
    WorkingGroupGuestFactory,
    WorkplanActivityFactory,
    reference_group,
    reference_org,
)
from tests.people import african_union
from tests.portal.pages import Page

WRITERS = frozenset({"secretariat", "cted", "entity"})
# BMLE's chair (CTED), one of its vice-chairs (UNODC) and the Secretariat decide on showcases.
BMLE_LEADERS = frozenset({"secretariat", "cted", "entity"})
MEMBER_STATES = frozenset({"state", "other_state"})
# Kenya is invited to BMLE's space; Norway and the African Union (invitation expired) are not.
BMLE_READERS = frozenset({"secretariat", "cted", "entity", "state"})


def _group(short_name):
    return lambda world, people: {"short_name": short_name}


def _bmle_meeting(world, people):
    return {"short_name": "BMLE", "pk": world.objects["meetings"]["bmle"].pk}


def _etcip_activity(world, people):
    return {"short_name": "ETCIP", "pk": WorkplanActivityFactory(working_group=reference_group("ETCIP")).pk}


def _etcip_meeting(world, people):
    return {"short_name": "ETCIP", "pk": MeetingFactory(working_group=reference_group("ETCIP")).pk}


def _post_everyone_reads(world, people):
    # UNODC's post in ETCIP, whose space Kenya, Norway and the African Union are invited to read here:
    # everyone reads it, only its author edits it, so every other platform user gets a 403.
    etcip = reference_group("ETCIP")
    for organization in (reference_org("KE"), reference_org("NO"), african_union()):
        WorkingGroupGuestFactory(working_group=etcip, organization=organization, expires_on=date(2999, 1, 1))
    return {"short_name": "ETCIP", "pk": PostFactory(working_group=etcip, author=people.entity).pk}


def _ghana_showcase(world, people):
    return {"short_name": "BMLE", "pk": ShowcaseRequestFactory(member_state=reference_org("GH")).pk}


def _kenya_showcase(world, people):
    return {"short_name": "BMLE", "pk": ShowcaseRequestFactory(member_state=reference_org("KE")).pk}


PAGES = {
    "workinggroups:index": Page(),
    # The group itself is reference information for every platform user; its space is not (see the tests).
    "workinggroups:detail": Page(kwargs=_group("BMLE")),
    # The other sections of the group's page are its space: readers only, a 404 for everyone else.
    "workinggroups:meetings": Page(kwargs=_group("BMLE"), roles=BMLE_READERS),
    "workinggroups:workplan": Page(kwargs=_group("BMLE"), roles=BMLE_READERS),
    "workinggroups:discussion": Page(kwargs=_group("BMLE"), roles=BMLE_READERS),
    "workinggroups:documents": Page(kwargs=_group("BMLE"), roles=BMLE_READERS),
    "workinggroups:events": Page(kwargs=_group("BMLE"), roles=BMLE_READERS),
    "workinggroups:meeting": Page(kwargs=_bmle_meeting, roles=BMLE_READERS),
    "workinggroups:meeting_ics": Page(kwargs=_bmle_meeting, roles=BMLE_READERS),
    "workinggroups:post_create": Page(kwargs=_group("ETCIP"), roles=WRITERS),
    "workinggroups:post_edit": Page(kwargs=_post_everyone_reads, roles=frozenset({"entity"}), others=403),
    "workinggroups:activity_create": Page(kwargs=_group("ETCIP"), roles=WRITERS),
    "workinggroups:activity_edit": Page(kwargs=_etcip_activity, roles=WRITERS),
    "workinggroups:meeting_create": Page(kwargs=_group("ETCIP"), roles=WRITERS),
    "workinggroups:meeting_edit": Page(kwargs=_etcip_meeting, roles=WRITERS),
    # Member States ask; the group's leaders and the Secretariat read the group's requests, a State its own.
    "workinggroups:showcase_create": Page(kwargs=_group("BMLE"), roles=MEMBER_STATES, others=403),
    "workinggroups:showcase_list": Page(kwargs=_group("BMLE"), roles=BMLE_LEADERS | MEMBER_STATES, others=403),
    "workinggroups:showcase": Page(kwargs=_ghana_showcase, roles=BMLE_LEADERS),
    "workinggroups:showcase_decide": Page(kwargs=_ghana_showcase, roles=BMLE_LEADERS),
    # Looked up among the State's own requests only: a POST by Kenya; everyone else gets a 404.
    "workinggroups:showcase_withdraw": Page(kwargs=_kenya_showcase, roles=frozenset({"state"}), method="post"),
}
