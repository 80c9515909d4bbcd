"""A mail's subject and text are plain text: what people wrote reaches the reader as written, with no
HTML escapes ("Côte d'Ivoire", not "Côte d&#x27;Ivoire")."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from platform_app.calendar.notifications import send_event_reminders
from platform_app.mail.notifications import notify_item
from platform_app.support.notifications import notify_support_step
from platform_app.support.services import request_route
from tests.factories import (
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    SupportRequestFactory,
    reference_group,
    reference_org,
)

WRITTEN = 'Da\'esh & "partners" <review>'


def _person(org, **user):
    return FocalPointFactory(organization=org, **{f"user__{k}": v for k, v in user.items()}).user


def _mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_a_reminder_names_the_event_as_written(reference):
    group = reference_group("BMLE")
    member = group.memberships.select_related("organization").order_by("pk").first().organization
    reader = _person(member)
    EventFactory(
        title=WRITTEN,
        working_group=group,
        visibility="working_group",
        starts_at=timezone.now() + timedelta(hours=2),
        ends_at=timezone.now() + timedelta(hours=3),
    )
    mail.outbox.clear()
    send_event_reminders(24)
    (message,) = _mails_to(reader)
    assert message.subject == f"Reminder: {WRITTEN}"
    assert WRITTEN in message.body


def test_news_of_a_document_names_it_as_written(reference):
    group = reference_group("BMLE")
    member = group.memberships.select_related("organization").order_by("pk").first().organization
    reader = _person(member, notification_frequency="immediate")
    document = DocumentFactory(title=WRITTEN, working_group=group, visibility="platform", organization=member)
    mail.outbox.clear()
    notify_item("document", document.pk)
    (message,) = _mails_to(reader)
    assert message.subject == f"[{group.short_name}] {WRITTEN}"
    assert WRITTEN in message.body


def test_a_support_request_of_cote_divoire_is_named_as_written(people):
    request = SupportRequestFactory(member_state=reference_org("CI"), title=WRITTEN)
    unodc = _person(reference_org("UNODC"))
    mail.outbox.clear()
    request_route(user=people.secretariat, request=request, organizations=[reference_org("UNODC")])
    notify_support_step(request.steps.get(action="routed").pk)
    (message,) = _mails_to(unodc)
    assert message.subject == f"[Support request] Côte d'Ivoire: {WRITTEN}"
    assert WRITTEN in message.body


PLAIN_TEXT_MAILS = sorted(
    path
    for folder in ("emails", "newsletters", "platform_app/account")
    for path in (Path(settings.BASE_DIR) / "templates" / folder).glob("*.txt")
    if not path.name.startswith("_") and path.name != "footer.txt"
)


@pytest.mark.parametrize("path", PLAIN_TEXT_MAILS, ids=lambda p: p.name)
def test_every_plain_text_mail_template_turns_escaping_off(path):
    """Partials (`_*.txt`, footer.txt) are included inside such a block and inherit it."""
    source = path.read_text(encoding="utf-8")
    body = re.sub(r"^(\{% load [^%]+%\})+", "", source)
    assert body.startswith("{% autoescape off %}") and body.rstrip().endswith("{% endautoescape %}"), path
