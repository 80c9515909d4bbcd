"""News of a document added to a working group, queued for the members once the addition commits; and the
picture of a version's first page deleted from storage with its text, whatever deletes it (the version, its
document, the admin).

Bulk writes (the demo data, imports) send no signal and so announce nothing.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse

from platform_app.core.storage import delete_after_commit
from platform_app.library.models import Document, DocumentText
from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce_added

announce_added(Notification.Kind.DOCUMENT, Document, lambda document: reverse("library:document", args=[document.pk]))


@receiver(post_delete, sender=DocumentText, dispatch_uid="library_thumbnail_deleted")
def thumbnail_deleted(sender, instance: DocumentText, **kwargs) -> None:
    delete_after_commit(instance.thumbnail)
