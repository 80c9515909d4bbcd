"""Who may share documents in the library, and who may replace a document's file."""

from __future__ import annotations

from django.utils.translation import gettext as _

from platform_app.core.policies import Decision, allow_if
from platform_app.core.viewer import viewer_for
from platform_app.library.models import Document


def may_share_documents(user) -> Decision:
    """Every focal point may share a document of its organization with all focal points or with named
    organizations; sharing it with a working group takes a writing role in that group (the services
    check the group chosen)."""
    return allow_if(
        viewer_for(user).is_platform_user, _("Documents are shared by focal points of the Compact's organizations.")
    )


def may_add_version(user, document: Document) -> Decision:
    """The owning organization's focal points and the Secretariat replace a document's file."""
    viewer = viewer_for(user)
    return allow_if(
        viewer.is_secretariat
        or (viewer.organization_id is not None and viewer.organization_id == document.organization_id),
        _("Only the owning organization and the Secretariat add versions of a document."),
    )


def document_may_upload(user) -> bool:
    return bool(may_share_documents(user))


def document_may_add_version(user, document: Document) -> bool:
    return bool(may_add_version(user, document))
