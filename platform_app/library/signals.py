"""News of what is added to a working group, queued for the members once the addition commits; and
the shared cached values (platform_app.core.caching) dropped when what they come from changes.

Bulk writes (the demo data, imports) send no signal and so announce nothing.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from platform_app.library.models import Document
from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce


@receiver(post_save, sender=Document, dispatch_uid="announce_document")
def _document_added(sender, instance: Document, created: bool, raw: bool = False, **kwargs):
    if created and not raw and instance.working_group_id:
        announce(Notification.Kind.DOCUMENT, instance.pk)
