"""The Secretariat's admin for "Counter-Terrorism Compact in Review": issues, their content, subscribers and sending.

Composing, freezing the figures and sending are the newsletter services' job; here the
Secretariat edits what a draft says and sees what was sent to whom.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from platform_app.admin import CompactModelAdmin, CompactTabularInline, HistoryModelAdmin

from .models import Delivery, FrozenFigure, NewsletterIssue, NewsletterItem, NewsletterSection, Subscription


class SectionInline(CompactTabularInline):
    model = NewsletterSection
    fields = ("position", "kind", "title", "intro")
    select_related = ("issue",)
    # Items are edited on the section's own page, one level down.
    show_change_link = True
    extra = 0


class FrozenFigureInline(CompactTabularInline):
    model = FrozenFigure
    fields = ("position", "key", "label", "value")
    extra = 0


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(HistoryModelAdmin):
    list_display = ("title", "period_start", "period_end", "status", "is_public", "published_at", "section_count")
    list_filter = ("status", "is_public")
    search_fields = ("title", "slug", "source")
    date_hierarchy = "period_start"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("snapshot",)
    readonly_fields = ("published_by",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "period_start", "period_end", "contact", "source")}),
        (_("Publication"), {"fields": ("status", "is_public", "snapshot", "published_at", "published_by")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = [SectionInline, FrozenFigureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_count=Count("sections"))

    @admin.display(description=_("sections"), ordering="section_count")
    def section_count(self, issue):
        return issue.section_count

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status == NewsletterIssue.Status.PUBLISHED:
            obj.published_by = request.user
        super().save_model(request, obj, form, change)


class ItemInline(CompactTabularInline):
    model = NewsletterItem
    fields = ("position", "text", "date_text", "link", "event", "meeting", "document")
    autocomplete_fields = ("event", "meeting", "document")
    select_related = ("section",)


@admin.register(NewsletterSection)
class NewsletterSectionAdmin(HistoryModelAdmin):
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
class NewsletterItemAdmin(HistoryModelAdmin):
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
