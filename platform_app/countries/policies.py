"""Who may write a Member State's page and its entries, and who moderates them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from platform_app.core.policies import Decision, allow_if
from platform_app.core.viewer import viewer_for


def speaks_for(user, state_id: int) -> bool:
    """A focal point of this Member State: the one who acts for it on its page and in its requests."""
    return viewer_for(user).speaks_for_state(state_id)


def may_write_page(user, state_id: int) -> Decision:
    """The State's own focal points write its page and its entries; the Secretariat edits it in the admin."""
    return allow_if(speaks_for(user, state_id), _("Only the State's focal points write its page."))


def may_moderate(user) -> Decision:
    """The Secretariat hides an entry from all but its State, or restores it."""
    return allow_if(viewer_for(user).is_secretariat, _("Only the Secretariat moderates the Member States' pages."))


def sees_entry_audience(user, state_id: int) -> bool:
    """Who reads, beside an entry, whom it is shown to and why it was hidden: the State and the Secretariat."""
    viewer = viewer_for(user)
    return viewer.is_secretariat or viewer.speaks_for_state(state_id)


def page_may_edit(user, state) -> bool:
    """Whether the page offers `user` to write `state`'s page."""
    return bool(may_write_page(user, state.pk))
