"""The notification centre (/notifications/): a person's own notifications, marking them read and
following them to their object; and leaving a kind of email with one click."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from platform_app.core.portal import paginate, visible_or_404
from platform_app.mail.models import Notification
from platform_app.mail.notifications import read_unsubscribe_token, unsubscribe
from platform_app.mail.selectors import notices_of, shown, unread
from platform_app.mail.services import mark_all_read, mark_read

PER_PAGE = 25


# --- the notification centre ---------------------------------------------------------------------


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Everyone signed in has a centre of their own, linked to no organization included: what they were
    told stays theirs, and `shown` withholds the titles of what they may no longer open."""
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, notices_of(request.user, unread_only=unread_only), PER_PAGE)
    context = {
        "page": page,
        "rows": shown(request.user, page.object_list),
        "unread_only": unread_only,
        "unread": unread(request.user),
    }
    return render(request, "notifications/index.html", context)


def _local(path: str, request: HttpRequest) -> bool:
    return path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()})


@login_required
@require_safe
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Following a notification marks it read and goes to its object, whose page decides what the person
    may see of it now (a 404 for what they may no longer open)."""
    notice = visible_or_404(Notification.objects.all(), request.user, pk=pk)
    mark_read(request.user, notice)
    return redirect(notice.path if _local(notice.path, request) else reverse("notifications:index"))


def _back(request: HttpRequest) -> HttpResponse:
    """To the page of the list the form was on (its filter and page kept), never anywhere else."""
    back = request.POST.get("next", "")
    index_path = reverse("notifications:index")
    return redirect(back if back.startswith(index_path) and _local(back, request) else index_path)


@login_required
def read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = visible_or_404(Notification.objects.all(), request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    mark_read(request.user, notice)
    messages.success(request, _("Marked as read."))
    return _back(request)


@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    count = mark_all_read(request.user)
    messages.success(
        request,
        ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
        % {"count": count},
    )
    return _back(request)


# --- leaving a kind of email ---------------------------------------------------------------------


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
