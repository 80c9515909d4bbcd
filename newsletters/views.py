"""The newsletter in the portal: the archive of published issues and each issue's page, for focal
points; issues marked public also for anyone, without signing in. The Secretariat previews drafts."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from platform_app.core.portal import as_file
from platform_app.core.viewer import viewer_for

from .models import NewsletterIssue, Subscription
from .sending import pdf
from .services import issue_context


def issues_for(user):
    """Published issues for platform users (drafts too for the Secretariat), public ones for anyone else."""
    if viewer_for(user).is_platform_user:
        return NewsletterIssue.objects.visible_to(user)
    return NewsletterIssue.objects.filter(status=NewsletterIssue.Status.PUBLISHED, is_public=True)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    issues = list(issues_for(request.user).order_by("-period_start", "-pk"))
    years: dict[int, list] = {}
    for issue in issues:
        years.setdefault(issue.period_start.year, []).append(issue)
    return render(request, "newsletters/index.html", {"years": sorted(years.items(), reverse=True)})


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    issue = issues_for(request.user).filter(slug=slug).first()
    if issue is None:
        raise Http404
    return render(request, "newsletters/issue.html", issue_context(issue))


@require_safe
def issue_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    issue = issues_for(request.user).filter(slug=slug).first()
    if issue is None:
        raise Http404
    response = HttpResponse(pdf(issue), content_type="application/pdf")
    return as_file(response, f"compact-in-review-{issue.slug}.pdf", inline=True)


@csrf_exempt  # the token is the credential; mail programs post here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link checkers follow links); POST unsubscribes the address."""
    subscription = Subscription.objects.filter(unsubscribe_token=token).first()
    if subscription is None:
        return render(request, "newsletters/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        if subscription.is_active:
            subscription.is_active = False
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["is_active", "unsubscribed_at"])
        done = True
    return render(request, "newsletters/unsubscribe.html", {"subscription": subscription, "done": done, "token": token})
