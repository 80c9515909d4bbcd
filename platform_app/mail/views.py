"""Leaving a kind of email with one click."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from platform_app.mail.notifications import read_unsubscribe_token, unsubscribe

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
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return render(request, "platform_app/account/unsubscribe.html", {"invalid": True}, status=400)
    context = {"category": category, "what": CATEGORY_LABELS[category], "token": token}
    if request.method == "POST":
        unsubscribe(user, category)
        context["done"] = True
    return render(request, "platform_app/account/unsubscribe.html", context)
