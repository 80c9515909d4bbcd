"""The Secretariat's admin for "Counter-Terrorism Compact in Review": issues, their content, subscribers and sending.

Composing, freezing the figures and sending are the newsletter services' job; here the
Secretariat edits what a draft says and sees what was sent to whom.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from platform_app.core.admin import CompactModelAdmin, CompactTabularInline, HistoryModelAdmin
from platform_app.core.tasks import queue_after_commit

from .models import Delivery, FrozenFigure, NewsletterIssue, NewsletterItem, NewsletterSection, Subscription
from .services import Period, draft, publish, reader_for, unreadable_sources
from .tasks import send_newsletter


def _frozen(issue) -> bool:
    return issue is not None and issue.status == NewsletterIssue.Status.PUBLISHED


class FrozenWhenPublishedMixin:
    """A published issue's content is frozen: shown, no longer changed, added to or deleted."""

    def _issue_of(self, obj):
        if isinstance(obj, NewsletterIssue):  # an inline is asked about its parent issue
            return obj
        return getattr(obj, "issue", None) or getattr(getattr(obj, "section", None), "issue", None)

    def has_add_permission(self, request, *args):
        # Inlines are asked with the parent issue; model admins without an object.
        obj = args[0] if args else None
        return super().has_add_permission(request, *args) and not _frozen(self._issue_of(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _frozen(self._issue_of(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _frozen(self._issue_of(obj))


class DraftForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=15, help_text=_("Two months, e.g. 2026-09/2026-10."), initial=""
    )
    replace = forms.BooleanField(label=_("Compose again the draft of this period"), required=False)


class IssueForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        issue = self.instance
        # Made public once published, the issue meets readers its sources were not checked for; a draft is
        # checked for its audience when it is published.
        if issue.pk and _frozen(issue) and cleaned.get("is_public") and not issue.is_public:
            closed = unreadable_sources(issue, reader=reader_for(public=True))
            if closed:
                self.add_error("is_public", closed)
        return cleaned


class SectionInline(FrozenWhenPublishedMixin, CompactTabularInline):
    model = NewsletterSection
    fields = ("position", "kind", "title", "intro")
    select_related = ("issue",)
    # Items are edited on the section's own page, one level down.
    show_change_link = True
    extra = 0


class FrozenFigureInline(FrozenWhenPublishedMixin, CompactTabularInline):
    model = FrozenFigure
    fields = ("position", "key", "label", "value")
    extra = 0


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(HistoryModelAdmin):
    form = IssueForm
    list_display = (
        "title",
        "period_start",
        "period_end",
        "status",
        "is_public",
        "published_at",
        "section_count",
        "sending",
    )
    list_filter = ("status", "is_public")
    search_fields = ("title", "slug", "source")
    date_hierarchy = "period_start"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("snapshot",)
    readonly_fields = ("status", "published_at", "published_by")
    fieldsets = (
        (None, {"fields": ("title", "slug", "period_start", "period_end", "contact", "source")}),
        (_("Publication"), {"fields": ("status", "is_public", "snapshot", "published_at", "published_by")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = [SectionInline, FrozenFigureInline]
    actions = ["publish_drafts", "send_to_subscribers"]
    change_list_template = "admin/newsletters/newsletterissue/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if _frozen(obj):  # only whether it shows on the public archive may still change
            readonly += [
                f.name for f in self.model._meta.concrete_fields if f.name not in readonly and f.name != "is_public"
            ]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if _frozen(obj) else super().get_prepopulated_fields(request, obj)

    def get_urls(self):
        return [
            path("draft/", self.admin_site.admin_view(self.draft_view), name="newsletters_newsletterissue_draft"),
            *super().get_urls(),
        ]

    def draft_view(self, request):
        """Composes a draft from the platform, as `manage.py draft_newsletter` does."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DraftForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                issue = draft(Period.parse(form.cleaned_data["period"]), replace=form.cleaned_data["replace"])
            except ValidationError as exc:
                form.add_error("period", exc)
            else:
                self.message_user(
                    request, _("Drafted “%(title)s”: edit it, preview it, then publish it.") % {"title": issue.title}
                )
                return redirect(reverse("admin:newsletters_newsletterissue_change", args=[issue.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Draft an issue"),
        }
        return TemplateResponse(request, "admin/newsletters/newsletterissue/draft.html", context)

    @admin.action(
        description=_("Publish the selected drafts (freezes their content and figures)"), permissions=["change"]
    )
    def publish_drafts(self, request, queryset):
        for issue in queryset.filter(status=NewsletterIssue.Status.DRAFT).order_by("period_start"):
            try:
                publish(issue, user=request.user)
            except ValidationError as exc:
                reasons = " ".join(exc.messages)
                self.message_user(
                    request,
                    _("“%(title)s” was not published: %(reasons)s") % {"title": issue.title, "reasons": reasons},
                    messages.ERROR,
                )
            else:
                self.message_user(request, _("“%(title)s” is published.") % {"title": issue.title}, messages.SUCCESS)

    def get_queryset(self, request):
        deliveries = Delivery.objects.filter(issue=OuterRef("pk")).order_by().values("issue")

        def counted(*statuses):
            rows = deliveries.filter(status__in=statuses).annotate(n=Count("pk")).values("n")
            return Coalesce(Subquery(rows), 0)

        return (
            super()
            .get_queryset(request)
            .annotate(
                section_count=Count("sections"),
                sent=counted(Delivery.Status.SENT),
                pending=counted(Delivery.Status.PENDING, Delivery.Status.SENDING),
                failed=counted(Delivery.Status.FAILED, Delivery.Status.UNCONFIRMED),
            )
        )

    @admin.display(description=_("sections"), ordering="section_count")
    def section_count(self, issue):
        return issue.section_count

    @admin.display(description=_("sent / pending / failed"))
    def sending(self, issue):
        return f"{issue.sent} / {issue.pending} / {issue.failed}"

    @admin.action(description=_("Send the selected published issues to the subscribers"), permissions=["change"])
    def send_to_subscribers(self, request, queryset):
        published = list(queryset.filter(status=NewsletterIssue.Status.PUBLISHED))
        issues = []
        for issue in published:
            closed = unreadable_sources(issue)
            if closed:
                self.message_user(
                    request,
                    _("“%(title)s” was not sent: %(reasons)s") % {"title": issue.title, "reasons": " ".join(closed)},
                    messages.ERROR,
                )
                continue
            issues.append(issue)
            queue_after_commit(send_newsletter.name, issue.pk)
        skipped = queryset.count() - len(published)
        self.message_user(
            request,
            ngettext("%(count)d issue queued for sending.", "%(count)d issues queued for sending.", len(issues))
            % {"count": len(issues)}
            + (" " + _("Drafts are not sent.") if skipped else ""),
            messages.SUCCESS if issues else messages.WARNING,
        )


class ItemInline(FrozenWhenPublishedMixin, CompactTabularInline):
    model = NewsletterItem
    fields = ("position", "text", "date_text", "link", "event", "meeting", "document")
    autocomplete_fields = ("event", "meeting", "document")
    select_related = ("section",)


@admin.register(NewsletterSection)
class NewsletterSectionAdmin(FrozenWhenPublishedMixin, HistoryModelAdmin):
    list_display = ("__str__", "issue", "kind", "position", "item_count")
    list_filter = ("kind", "issue__status")
    list_select_related = ("issue",)
    search_fields = ("title", "intro", "issue__title")
    autocomplete_fields = ("issue",)
    inlines = [ItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("items"), ordering="item_count")
    def item_count(self, section):
        return section.item_count


@admin.register(NewsletterItem)
class NewsletterItemAdmin(FrozenWhenPublishedMixin, HistoryModelAdmin):
    list_display = ("__str__", "section", "issue", "position", "date_text")
    list_filter = ("section__kind", "section__issue__status")
    list_select_related = ("section__issue",)
    search_fields = ("text", "date_text", "section__issue__title")
    autocomplete_fields = ("section", "event", "meeting", "document")

    @admin.display(description=_("issue"), ordering="section__issue__period_start")
    def issue(self, item):
        return item.section.issue


@admin.register(FrozenFigure)
class FrozenFigureAdmin(CompactModelAdmin):
    list_display = ("issue", "position", "key", "label", "value")
    list_filter = ("key",)
    list_select_related = ("issue",)
    search_fields = ("label", "key", "issue__title")
    autocomplete_fields = ("issue",)


@admin.register(Subscription)
class SubscriptionAdmin(HistoryModelAdmin):
    list_display = ("email", "user", "is_active", "subscribed_at", "unsubscribed_at")
    list_filter = ("is_active",)
    list_select_related = ("user",)
    search_fields = ("email", "user__username", "user__last_name")
    date_hierarchy = "subscribed_at"
    autocomplete_fields = ("user",)
    actions = ["unsubscribe"]

    @admin.action(description=_("Unsubscribe the selected addresses"), permissions=["change"])
    def unsubscribe(self, request, queryset):
        subscriptions = list(queryset.filter(is_active=True))
        now = timezone.now()
        for subscription in subscriptions:
            subscription.is_active = False
            subscription.unsubscribed_at = now
        bulk_update_with_history(
            subscriptions, Subscription, ["is_active", "unsubscribed_at"], default_user=request.user
        )
        count = len(subscriptions)
        self.message_user(
            request, ngettext("%d address unsubscribed.", "%d addresses unsubscribed.", count) % count, messages.SUCCESS
        )


@admin.register(Delivery)
class DeliveryAdmin(CompactModelAdmin):
    list_display = ("subscription", "issue", "status", "attempts", "sent_at", "updated_at")
    list_filter = ("status", "issue")
    list_select_related = ("issue", "subscription")
    search_fields = ("subscription__email", "issue__title", "error")
    date_hierarchy = "created_at"
    autocomplete_fields = ("issue", "subscription")
