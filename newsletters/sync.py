"""What the systems that copy the platform's records (platform_app.core.sync) copy of the newsletters: the
issues of the API, and the rows of an issue whose changes move its `updated_at`. Registered as the app's
models load (NewslettersConfig.import_models)."""

from __future__ import annotations

from platform_app.core.sync import Touch, register

ISSUE = "newsletters.NewsletterIssue"

register(
    "newsletters",
    ISSUE,
    touches=(
        # What an issue shows of its sections, their items and the figures frozen in it.
        Touch("newsletters.NewsletterSection", ISSUE, "pk", "issue_id"),
        Touch("newsletters.NewsletterItem", ISSUE, "sections", "section_id"),
        Touch("newsletters.FrozenFigure", ISSUE, "pk", "issue_id"),
    ),
    after="recommendations",
)
