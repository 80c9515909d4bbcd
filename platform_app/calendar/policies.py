"""Who may add events to the Joint Calendar."""

from __future__ import annotations

from django.utils.translation import gettext as _

from platform_app.core.policies import Decision, allow_if
from platform_app.core.viewer import viewer_for
from platform_app.structure.policies import writable_groups


def may_add_event(user) -> Decision:
    """The Secretariat, and members (not observers) of a working group: an event belongs to a group the
    person writes in (the services check the group chosen)."""
    return allow_if(
        viewer_for(user).is_secretariat or writable_groups(user).exists(),
        _("Only members of a working group add events to the calendar."),
    )


def may_add_events(user) -> bool:
    return bool(may_add_event(user))
