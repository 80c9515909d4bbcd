"""Sending a published issue to its subscribers, each exactly once, and the outputs it is sent as:
the email (HTML and plain text) and the PDF laid out for print.

One Delivery row per subscriber is written first; a sender claims each pending row before it
sends it and marks it sent after the mail server accepted it, so a second run (a task delivered
again after its worker died) sends only what the first did not. Unsubscribes are read at the
moment of sending.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from platform_app.mail import outbox
from platform_app.mail.notifications import absolute, mail_domain, unsubscribable_message

from .models import Delivery, NewsletterIssue, Subscription
from .services import issue_context, unreadable_sources

Status = Delivery.Status
# The email's HTML is rendered once per issue; each copy gets its subscriber's link in place of this.
UNSUBSCRIBE_MARK = "__UNSUBSCRIBE_URL__"


def render_issue(issue: NewsletterIssue, template: str, **extra) -> str:
    """The issue through `template`, in the language it is written in (its templates say lang="en"),
    whatever language the thread that renders it last served a page or a mail in."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {**issue_context(issue), "site_url": settings.SITE_URL.rstrip("/"), **extra}
        return render_to_string(template, context)


def pdf(issue: NewsletterIssue) -> bytes:
    """The issue laid out for print (A4), with WeasyPrint."""
    from weasyprint import HTML

    html = render_issue(issue, "newsletters/print.html")
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()


def counts(issue: NewsletterIssue) -> dict[str, int]:
    rows = Delivery.objects.filter(issue=issue).values("status").annotate(n=Count("pk"))
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in Status.values}


def release_interrupted() -> int:
    """Marks copies left claimed by a worker that died as unconfirmed: they are not sent again on their own."""
    return outbox.release_interrupted(Delivery.objects.all())


def _unsubscribed(delivery: Delivery) -> bool:
    """Whether the subscriber left (or their account was closed), read afresh."""
    subscription = Subscription.objects.select_related("user").get(pk=delivery.subscription_id)
    return not subscription.is_active or bool(subscription.user_id and not subscription.user.is_active)


def _message(issue: NewsletterIssue, delivery: Delivery, html: str, text: str, connection) -> EmailMultiAlternatives:
    subscription = delivery.subscription
    link = absolute(reverse("newsletters:unsubscribe", args=[subscription.unsubscribe_token]))
    footer = f"\n\n--\nUnsubscribe: {link}\n"
    return unsubscribable_message(
        issue.title,
        text + footer,
        html.replace(UNSUBSCRIBE_MARK, link),
        to=subscription.email,
        connection=connection,
        name=f"newsletter-{issue.pk}-{subscription.pk}",
        key=f"{issue.pk}:{subscription.pk}",
        unsubscribe=link,
        headers={"List-Id": f"Counter-Terrorism Compact in Review <newsletter.{mail_domain()}>"},
    )


def send_issue(issue_id: int) -> dict[str, int]:
    """Writes a delivery for every subscriber in office and sends each pending one once. An issue with an
    item taken from what not every reader may open is refused (ValidationError naming the items)."""
    issue = NewsletterIssue.objects.get(pk=issue_id)
    if issue.status != NewsletterIssue.Status.PUBLISHED:
        raise ValueError(f"{issue} is not published")
    # A source may have been closed since publication: its title and summary are not mailed to everyone.
    closed = unreadable_sources(issue)
    if closed:
        raise ValidationError(closed)
    release_interrupted()
    subscribers = Subscription.objects.filter(is_active=True).filter(Q(user__isnull=True) | Q(user__is_active=True))
    Delivery.objects.bulk_create(
        [Delivery(issue=issue, subscription=s) for s in subscribers.only("pk")],
        ignore_conflicts=True,
        batch_size=1000,
    )
    html = render_issue(issue, "newsletters/email.html", unsubscribe_url=UNSUBSCRIBE_MARK)
    text = render_issue(issue, "newsletters/email.txt")
    pending = Delivery.objects.filter(issue=issue, status=Status.PENDING).select_related("subscription").order_by("pk")
    outbox.send_each(
        pending.iterator(chunk_size=500),
        message=lambda delivery, connection: _message(issue, delivery, html, text, connection),
        skip=_unsubscribed,
    )
    return counts(issue)
