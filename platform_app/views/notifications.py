"""Leaving a kind of email with one click, and a main focal point's reconfirmation of colleagues."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..metrics import active_focal_points
from ..models import FocalPoint, User
from ..notifications import read_unsubscribe_token, stale_focal_points, unsubscribe
from ..portal import platform_page

CATEGORY_LABELS = {
    "news": gettext_lazy("news of your working groups"),
    "reminders": gettext_lazy("event reminders"),
    "reconfirmation": gettext_lazy("requests to reconfirm your organization's focal points"),
}


@csrf_exempt  # the signed token is the credential; mail programs post here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link checkers and previews follow links); POST unsubscribes."""
    try:
        user_id, category = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "platform_app/account/unsubscribe.html", {"invalid": True}, status=400)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return render(request, "platform_app/account/unsubscribe.html", {"invalid": True}, status=400)
    context = {"category": category, "what": CATEGORY_LABELS[category], "token": token}
    if request.method == "POST":
        unsubscribe(user, category)
        context["done"] = True
    return render(request, "platform_app/account/unsubscribe.html", context)


def _is_primary(user) -> FocalPoint | None:
    return active_focal_points().filter(user=user, is_primary=True).select_related("organization").first()


@platform_page
@require_http_methods(["GET", "POST"])
def reconfirm(request: HttpRequest) -> HttpResponse:
    """The main focal point confirms colleagues who no longer sign in, or says they left."""
    primary = _is_primary(request.user)
    if primary is None:
        return render(request, "platform_app/account/reconfirm.html", {"not_primary": True}, status=403)
    months = settings.RECONFIRM_AFTER_MONTHS
    people = (
        stale_focal_points(months)
        .filter(organization_id=primary.organization_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if request.method == "POST":
        action = request.POST.get("action")
        chosen = request.POST.getlist("person")
        if action not in ("confirm", "leave") or not chosen or not all(value.isdigit() for value in chosen):
            messages.error(request, _("Choose at least one person and what to do."))
            return redirect("account:reconfirm")
        with transaction.atomic():
            rows = list(people.select_for_update(of=("self",)).filter(pk__in=[int(v) for v in chosen]))
            if len(rows) != len(set(chosen)):
                transaction.set_rollback(True)
                messages.error(
                    request, _("Some of the people chosen are not awaiting reconfirmation; nothing was changed.")
                )
                return redirect("account:reconfirm")
            # Saved one by one, so that each change is in the focal point's history with who made it.
            now = timezone.now()
            for person in rows:
                if action == "confirm":
                    person.confirmed_at = now
                    person.save(update_fields=["confirmed_at", "updated_at"])
                else:
                    person.is_active = False
                    person.save(update_fields=["is_active", "updated_at"])
            messages.success(
                request, _("Confirmed.") if action == "confirm" else _("Recorded: they are no longer focal points.")
            )
        return redirect("account:reconfirm")
    context = {"organization": primary.organization, "people": people, "months": months, "primary": primary}
    return render(request, "platform_app/account/reconfirm.html", context)
