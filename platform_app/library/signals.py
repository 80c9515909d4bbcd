"""News of a document added to a working group, queued for the members once the addition commits.

Bulk writes (the demo data, imports) send no signal and so announce nothing.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from platform_app.library.models import Document
from platform_app.mail.items import NewsItem, register_item_kind
from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce


def _document_news(object_id: int) -> NewsItem | None:
    """The news of a document added to a working group."""
    document = Document.objects.filter(pk=object_id).select_related("working_group").first()
    if document is None or document.working_group_id is None:
        return None
    path = reverse("library:document", args=[document.pk])
    return NewsItem(obj=document, working_group=document.working_group, title=document.title, path=path)


register_item_kind(Notification.Kind.DOCUMENT, _document_news)


@receiver(post_save, sender=Document, dispatch_uid="announce_document")
def _document_added(sender, instance: Document, created: bool, raw: bool = False, **kwargs):
    if created and not raw and instance.working_group_id:
        announce(Notification.Kind.DOCUMENT, instance.pk)
