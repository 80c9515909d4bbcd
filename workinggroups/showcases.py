"""Member States' requests to showcase their efforts to a working group: the list a group's leaders and
the requesting State read, the request form, and the leaders' decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from platform_app.core.forms import apply_service_errors
from platform_app.core.portal import paginate, platform_page, visible_or_404
from platform_app.core.viewer import MEMBER_STATE, viewer_for
from platform_app.structure.models import WorkingGroup
from workinggroups.models import ShowcaseRequest
from workinggroups.policies import (
    may_ask_showcase,
    may_decide_showcases,
    may_list_showcases,
    may_read_space,
    may_withdraw_showcase,
)

from . import services
from .forms import (
    ShowcaseDeclineForm,
    ShowcaseRequestForm,
    ShowcaseScheduleForm,
)
from .views import _detail_url, _form_page, _group_or_404


def _showcases(request: HttpRequest):
    return ShowcaseRequest.objects.visible_to(request.user).select_related(
        "member_state", "working_group", "agenda_item__meeting", "decided_by"
    )


def _showcase_url(group: WorkingGroup, showcase: ShowcaseRequest) -> str:
    return reverse("workinggroups:showcase", args=[group.short_name, showcase.pk])


@platform_page
@require_GET
def showcase_list(request: HttpRequest, short_name: str) -> HttpResponse:
    """The group's requests for its leaders and the Secretariat; a State's own requests for the State."""
    group = _group_or_404(request, short_name)
    may_list_showcases(request.user, group).check()
    leads = may_decide_showcases(request.user, group)
    may_ask = may_ask_showcase(request.user)
    showcases = _showcases(request).filter(working_group=group).order_by("-created_at", "-id")
    return render(
        request,
        "workinggroups/showcase_list.html",
        {"group": group, "page": paginate(request, showcases), "leads": leads, "may_ask": may_ask and group.is_active},
    )


@platform_page
@require_http_methods(["GET", "POST"])
def showcase_create(request: HttpRequest, short_name: str) -> HttpResponse:
    group = _group_or_404(request, short_name)
    may_ask_showcase(request.user).check()
    if not group.is_active:
        raise PermissionDenied(_("This working group is not active and takes no requests."))
    data = request.POST if request.method == "POST" else None
    form = ShowcaseRequestForm(data)
    if data is not None and form.is_valid():
        try:
            showcase = services.showcase_request(user=request.user, working_group=group, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your request was sent to the leaders of the working group."))
            return redirect(_showcase_url(group, showcase))
    return _form_page(
        request,
        group,
        form,
        heading=_("Showcase your efforts"),
        submit=_("Send the request"),
        cancel=_detail_url(group),
        intro=_(
            "Ask to present your State's counter-terrorism efforts at a meeting of this working group. "
            "Its chair and vice-chairs and the Secretariat read your request and schedule it in a meeting "
            "or answer you."
        ),
    )


@platform_page
@require_GET
def showcase(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    group = _group_or_404(request, short_name)
    found = visible_or_404(_showcases(request), request.user, working_group=group, pk=pk)
    is_open = found.status == ShowcaseRequest.Status.REQUESTED
    return render(
        request,
        "workinggroups/showcase.html",
        {
            "group": group,
            "showcase": found,
            "may_decide": is_open and may_decide_showcases(request.user, group),
            "may_withdraw": is_open and may_withdraw_showcase(request.user, found),
            "may_read": may_read_space(request.user, group),
        },
    )


@platform_page
@require_http_methods(["GET", "POST"])
def showcase_decide(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    """Schedule the showcase in a meeting still to come, or decline it with a reason."""
    group = _group_or_404(request, short_name)
    found = visible_or_404(_showcases(request), request.user, working_group=group, pk=pk)
    may_decide_showcases(request.user, group).check()
    if found.status != ShowcaseRequest.Status.REQUESTED:
        messages.info(request, _("This request has already been decided or withdrawn."))
        return redirect(_showcase_url(group, found))
    action = request.POST.get("action") if request.method == "POST" else None
    meetings = services.upcoming_meetings(group)
    schedule_form = ShowcaseScheduleForm(request.POST if action == "schedule" else None, meetings=meetings)
    decline_form = ShowcaseDeclineForm(request.POST if action == "decline" else None)
    if action == "schedule" and schedule_form.is_valid():
        try:
            services.showcase_schedule(user=request.user, showcase=found, **schedule_form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(schedule_form, error)
        else:
            messages.success(request, _("The showcase was added to the meeting's agenda."))
            return redirect(_showcase_url(group, found))
    elif action == "decline" and decline_form.is_valid():
        try:
            services.showcase_decline(
                user=request.user, showcase=found, note=decline_form.cleaned_data["decision_note"]
            )
        except ValidationError as error:
            apply_service_errors(decline_form, error)
        else:
            messages.success(request, _("The request was declined."))
            return redirect(_showcase_url(group, found))
    return render(
        request,
        "workinggroups/showcase_decide.html",
        {
            "group": group,
            "showcase": found,
            "schedule_form": schedule_form,
            "decline_form": decline_form,
            "has_meetings": meetings.exists(),
        },
    )


@platform_page
def showcase_withdraw(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    """The State withdraws its own request; it is looked up among the State's requests only."""
    group = _group_or_404(request, short_name)
    viewer = viewer_for(request.user)
    own = ShowcaseRequest.objects.none()
    if viewer.organization_kind == MEMBER_STATE:
        own = ShowcaseRequest.objects.filter(member_state_id=viewer.organization_id)
    found = visible_or_404(own, request.user, working_group=group, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.showcase_withdraw(user=request.user, showcase=found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect(_showcase_url(group, found))
