"""What every portal page shares: who may open it, fetching what the viewer may see, pages of
results, and CSV exports.

Pages use the same `visible_to(user)` querysets as the API, so a page can never show what the
API would hide. An object the viewer may not see is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from platform_app.core.audit import note_shown
from platform_app.core.forms import apply_service_errors, show_edit_conflict
from platform_app.core.paging import CappedPaginator, count_limit
from platform_app.core.revisions import EditConflict
from platform_app.core.spreadsheets import escape_cell
from platform_app.core.viewer import viewer_for

DEFAULT_PAGE_SIZE = 25


# Deep pages of a large list are never what a person needs; search and filters are.
MAX_PAGE = 400


def platform_page(view: Callable) -> Callable:
    """Signed in (else to the sign-in page) and a platform user: the Secretariat or a focal point.

    A signed-in account linked to no organization gets a 403 page that says whom to ask.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not viewer_for(request.user).is_platform_user:
            raise PermissionDenied("Your account is not linked to an organization.")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def visible_or_404(queryset: QuerySet, user, **lookup) -> Model:
    """The object matching `lookup` among those `user` may see, or 404."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def paginate(request: HttpRequest, queryset, per_page: int = DEFAULT_PAGE_SIZE) -> Page:
    """One page of `queryset` from ?page=N; a malformed number is page 1, past the end the last. The
    confidential records on it are counted for the audit log (`audit.note_shown`).

    Matches are counted as in the API (`page.paginator.capped` says there are more): up to LIST_COUNT_LIMIT,
    or SEARCH_COUNT_LIMIT when the page is searched (its `q`), whose matches a person reads from the top.
    """
    limit = count_limit(searching=bool(request.GET.get("q", "").strip()))
    paginator = CappedPaginator(queryset, per_page, limit=limit)
    number = request.GET.get("page", "1")
    try:
        if int(number) > MAX_PAGE:
            raise Http404("Page number too large; narrow the search instead.")
    except ValueError:
        number = 1
    try:
        page = paginator.page(number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    note_shown(request, page)
    return page


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """A CSV cell: numbers as they are (a negative amount is no formula), text escaped."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return escape_cell(str(value))


def as_file(response: HttpResponseBase, filename: str, *, inline: bool = False) -> HttpResponseBase:
    """`response` as a file named `filename` (ASCII letters, digits, dashes and dots only), to save or, when
    `inline`, to open in the browser; its content type is never sniffed."""
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A streamed CSV download (UTF-8 with a BOM, for spreadsheet programs); no cell can run a formula
    (platform_app/core/spreadsheets.py)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([_cell(cell) for cell in row])

    return as_file(StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8"), filename)


def require_platform_user(user) -> None:
    if not viewer_for(user).is_platform_user:
        raise PermissionDenied


def wants_fragment(request: HttpRequest) -> bool:
    """htmx asks for the part it swaps only, except when it rebuilds a page from its history."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def page_or_fragment(request: HttpRequest, page: str, fragment: str, context: dict) -> HttpResponse:
    """The whole `page`, or its `fragment` template for htmx; caches keep the two apart."""
    response = render(request, fragment if wants_fragment(request) else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- answering a form's POST ------------------------------------------------------------------------


def post_form(
    request: HttpRequest,
    form,
    act: Callable[[dict], object],
    *,
    success: str | Callable[[object], str],
    then: str | Callable[[object], str],
    invalid: Callable[[object], HttpResponse],
    conflict: Callable[[object], HttpResponse] | None = None,
) -> HttpResponse:
    """The POST of a form that shows its errors on the page: on valid data, `act(cleaned_data)` calls the
    service; once it has written, say `success` and go to `then` (either may be a function of what the
    service returned, such as the record it created). Invalid data, or the service's refusal (shown on the
    form), answers `invalid(form)`: the page again, with what was sent. Where the form edits a record
    that someone else saved meanwhile (an EditConflict), the form says so and `conflict(form)` answers."""
    if form.is_valid():
        try:
            written = act(form.cleaned_data)
        except EditConflict as exc:
            if conflict is None:
                raise
            show_edit_conflict(form, exc)
            return conflict(form)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success(written) if callable(success) else success)
            return redirect(then(written) if callable(then) else then)
    return invalid(form)


def post_action(request: HttpRequest, act: Callable[[], object], *, success: str, then: str) -> HttpResponse:
    """The POST of a button on a page (accept, withdraw, close…): `act()` calls the service; its refusal
    is said above the page, as its success is, and either way the reader is back on `then`."""
    try:
        act()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(then)
