"""What the working groups' spaces add to the platform's shared machinery, registered on import
(from WorkingGroupsConfig.ready()):

- the breakdown of meetings by working group in "Compact in numbers" (platform_app.metrics.registry);
- the Coordination Committee of the reference fixture (platform_app.reference.sections);
- the meetings on the joint calendar, its pages and feeds (platform_app.calendar.entries; the source is in
  workinggroups/meeting_calendar.py).

The demo data of the spaces (meetings, workplans, posts) is in workinggroups/demo.py, which the demo
runner finds by itself.
"""

from __future__ import annotations

from platform_app.calendar.entries import register_source
from platform_app.metrics.registry import Breakdown, grouped, register_breakdown, with_labels
from platform_app.reference.sections import register_section
from platform_app.structure.models import WorkingGroup
from workinggroups import meeting_calendar
from workinggroups.models import CoordinationCommittee, Meeting

COMMITTEE_KEY = "coordination_committee"


def meetings_by_working_group() -> Breakdown:
    groups = dict(WorkingGroup.objects.values_list("short_name", "name"))
    return with_labels(grouped(Meeting.objects, "working_group__short_name"), groups)


def validate_committee(checker, committee) -> dict:
    """The fixture's Coordination Committee, cleaned; its chair must be an organization of the fixture."""
    rec = COMMITTEE_KEY
    if not isinstance(committee, dict):
        checker.fail(rec, "-", "must be an object")
    cleaned = {
        "name": checker.text(rec, committee, "name"),
        "chair_title": checker.text(rec, committee, "chair_title"),
        "chair_organization": checker.text(rec, committee, "chair_organization", max_length=32),
        "composition": checker.text(rec, committee, "composition", required=False, max_length=2000),
        "source": checker.source(rec, committee),
    }
    if not checker.is_organization(cleaned["chair_organization"]):
        checker.fail(rec, "chair_organization", "is not an organization of this fixture")
    return cleaned


def load_committee(loading, committee: dict) -> None:
    loading.upsert(
        CoordinationCommittee,
        {"name": committee["name"]},
        {
            "chair_title": committee["chair_title"],
            "chair_organization": loading.organization(committee["chair_organization"]),
            "composition": committee["composition"],
            "source": loading.source_label(committee["source"]),
        },
        "coordination committee",
    )


register_breakdown("meetings_by_working_group", meetings_by_working_group)
register_section(COMMITTEE_KEY, validate_committee, load_committee)
register_source(meeting_calendar.KIND, meeting_calendar.KIND_LABEL, meeting_calendar.meeting_entries)
