from __future__ import annotations

import functools

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from platform_app.core.admin import ReadOnlyRecordAdmin
from platform_app.mail.models import EmailDelivery, Notification
from platform_app.mail.tasks import send_delivery


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyRecordAdmin):
    list_display = ("subject", "kind", "address", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("address", "subject", "key")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    actions = ["send_again"]

    @admin.action(description=_("Send again (interrupted, failed or pending mails)"), permissions=["change"])
    def send_again(self, request, queryset):
        chosen = queryset.filter(
            status__in=[EmailDelivery.Status.UNCONFIRMED, EmailDelivery.Status.FAILED, EmailDelivery.Status.PENDING]
        )
        ids = list(chosen.values_list("pk", flat=True))
        chosen.update(status=EmailDelivery.Status.PENDING, attempts=0, error="")
        for pk in ids:
            transaction.on_commit(functools.partial(send_delivery.delay, pk))
        self.message_user(
            request,
            ngettext("%(count)d mail queued to be sent again.", "%(count)d mails queued to be sent again.", len(ids))
            % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyRecordAdmin):
    list_display = ("title", "kind", "user", "working_group", "created_at", "read_at", "delivery")
    list_filter = ("kind", "working_group")
    search_fields = ("title", "user__username", "user__email")
    list_select_related = ("user", "working_group", "delivery")
    raw_id_fields = ("user", "delivery")
