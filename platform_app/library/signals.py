"""News of a document added to a working group, queued for the members once the addition commits.

Bulk writes (the demo data, imports) send no signal and so announce nothing.
"""

from django.urls import reverse

from platform_app.library.models import Document
from platform_app.mail.models import Notification
from platform_app.mail.notifications import announce_added

announce_added(Notification.Kind.DOCUMENT, Document, lambda document: reverse("library:document", args=[document.pk]))
