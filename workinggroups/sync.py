"""What the systems that copy the platform's records (platform_app.core.sync) copy of the working groups'
spaces: the meetings of the API, and the rows whose changes move a meeting's `updated_at`. Registered as the
app's models load (WorkingGroupsConfig.import_models)."""

from __future__ import annotations

from platform_app.core.sync import MEMBERSHIP, MEMBERSHIP_FIELDS, Touch, register

MEETING = "workinggroups.Meeting"

register(
    "meetings",
    MEETING,
    touches=(
        # A meeting lists its documents by title, those the reader may see.
        Touch("platform_app.Document", MEETING, "documents"),
        # Who may read a meeting: its group's members and guests, and the members of the groups of its
        # documents, which decide which of them it shows.
        Touch(MEMBERSHIP, MEETING, "working_group_id", "working_group_id", fields=MEMBERSHIP_FIELDS),
        Touch(MEMBERSHIP, MEETING, "documents__working_group_id", "working_group_id", fields=MEMBERSHIP_FIELDS),
        Touch(
            "platform_app.WorkingGroupGuest",
            MEETING,
            "working_group_id",
            "working_group_id",
            fields=("working_group_id", "organization_id", "expires_on"),
        ),
    ),
    after="working-groups",
)
