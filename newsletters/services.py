"""The life of an issue of "Counter-Terrorism Compact in Review": drafted from what the platform
holds, edited by the Secretariat, published (content and figures frozen), and loaded from the
archive of issues published before the platform.

Every function here writes all it writes in one transaction, or nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_app.calendar.models import Event
from platform_app.calendar.when import entry_days
from platform_app.core.viewer import EVERY_FOCAL_POINT, NOBODY, Viewer
from platform_app.library.models import Document
from platform_app.metrics.models import FIGURES, MetricSnapshot
from platform_app.structure.models import Role, WorkingGroup, WorkingGroupMembership
from workinggroups.models import Meeting

from .models import FrozenFigure, NewsletterIssue, NewsletterItem, NewsletterSection

Kind = NewsletterSection.Kind
ARCHIVE = Path(__file__).resolve().parent / "archive"

# Sections an issue may not be published without.
REQUIRED = (Kind.HIGH_LEVEL_EVENTS, Kind.WORKING_GROUP_MEETINGS)
# Where the period's events go, by their kind; kinds not listed are left to the Secretariat.
EVENT_SECTIONS = {
    Event.Kind.HIGH_LEVEL: Kind.HIGH_LEVEL_EVENTS,
    Event.Kind.CONFERENCE: Kind.HIGH_LEVEL_EVENTS,
    Event.Kind.MEMBER_STATE_ENGAGEMENT: Kind.MEMBER_STATES,
    Event.Kind.VISIT: Kind.MEMBER_STATES,
    Event.Kind.WORKSHOP: Kind.MULTI_AGENCY,
    Event.Kind.WEBINAR: Kind.MULTI_AGENCY,
    Event.Kind.SIDE_EVENT: Kind.MULTI_AGENCY,
    Event.Kind.MEETING: Kind.MULTI_AGENCY,
    Event.Kind.CIVIL_SOCIETY: Kind.CIVIL_SOCIETY,
}
REPORT_TYPES = (Document.Type.REPORT, Document.Type.PUBLICATION)
# The order the published issues print their sections in.
ORDER = [kind for kind, _label in Kind.choices]
DEFAULT_CONTACT = (
    "For more information on the Global Counter-Terrorism Coordination Compact, "
    "contact the Compact Coordination Unit of the UN Office of Counter-Terrorism."
)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2026-09/2026-10': two consecutive months, the first odd (January-February, March-April…)."""
        try:
            first, last = (dt.datetime.strptime(part.strip(), "%Y-%m").date() for part in text.split("/"))
        except ValueError as exc:
            raise ValidationError(_("Give the period as YYYY-MM/YYYY-MM, e.g. 2026-09/2026-10.")) from exc
        months = (last.year - first.year) * 12 + last.month - first.month
        if months != 1 or first.month % 2 != 1:
            raise ValidationError(
                _("An issue covers two months, starting in an odd month: January-February, March-April, and so on.")
            )
        end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        return cls(first, end)

    def label(self) -> str:
        return f"{self.start:%B}-{self.end:%B %Y}"


def overlapping_published(start: dt.date, end: dt.date, exclude: int | None = None):
    issues = NewsletterIssue.objects.filter(
        status=NewsletterIssue.Status.PUBLISHED, period_start__lte=end, period_end__gte=start
    )
    return issues.exclude(pk=exclude) if exclude else issues


def snapshot_for(end: dt.date) -> MetricSnapshot | None:
    """The figures as they stood at the end of the period: the last computed snapshot by then, or
    else the last published one."""
    moment = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    before = MetricSnapshot.objects.filter(as_of__lt=moment)
    return (
        before.filter(source=MetricSnapshot.Source.COMPUTED).order_by("-as_of").first()
        or before.filter(source=MetricSnapshot.Source.PUBLISHED).order_by("-as_of").first()
    )


def _date_text(start: dt.date, end: dt.date | None = None) -> str:
    if end is None or end == start:
        return f"{start.day} {start:%B}"
    if (end.year, end.month) == (start.year, start.month):
        return f"{start.day}-{end.day} {start:%B}"
    return f"{start.day} {start:%B}-{end.day} {end:%B}"


def _within(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def reader_for(*, public: bool) -> Viewer:
    """The reader an issue is written for: the one who may open the least of those who read it. Every
    platform user reads a published issue (and its subscribers get it by mail); a public one, anyone."""
    return NOBODY if public else EVERY_FOCAL_POINT


def reader_of(issue: NewsletterIssue) -> Viewer:
    return reader_for(public=issue.is_public)


def compose(period: Period, *, reader: Viewer) -> dict[str, list[dict]]:
    """The items of each section for the period, from what `reader` (every reader of the issue) may open."""
    since, until = _within(period.start, period.end)
    items: dict[str, list[dict]] = {kind: [] for kind in ORDER}
    events = (
        Event.objects.visible_to(reader)
        .filter(starts_at__gte=since, starts_at__lt=until)
        .prefetch_related("organizers")
        .order_by("starts_at", "pk")
    )
    for event in events:
        section = EVENT_SECTIONS.get(event.kind)
        if section is None:
            continue
        organizers = ", ".join(str(org) for org in event.organizers.all())
        text = f"{organizers}: {event.title}" if organizers else event.title
        items[section].append(
            {
                "text": text,
                "date_text": _date_text(*entry_days(event)),
                "event": event,
            }
        )
    meetings = (
        Meeting.objects.visible_to(reader)
        .filter(starts_at__gte=since, starts_at__lt=until)
        .select_related("working_group")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        summary = meeting.summary.strip()
        text = f"{meeting.working_group.short_name}: {meeting.title}" + (f". {summary}" if summary else "")
        items[Kind.WORKING_GROUP_MEETINGS].append(
            {"text": text, "date_text": _date_text(entry_days(meeting)[0]), "meeting": meeting}
        )
    documents = (
        Document.objects.visible_to(reader)
        .filter(document_type__in=REPORT_TYPES, published_on__range=(period.start, period.end))
        .select_related("organization")
        .order_by("published_on", "pk")
    )
    for document in documents:
        by = f"{document.organization}: " if document.organization_id else ""
        items[Kind.REPORTS].append(
            {"text": f"{by}{document.title}", "date_text": _date_text(document.published_on), "document": document}
        )
    return items


@transaction.atomic
def draft(period: Period, *, replace: bool = False) -> NewsletterIssue:
    """A draft issue for the period, composed from the platform. A draft already there for the period
    is kept (the Secretariat may have edited it) unless `replace`; a published one is never touched."""
    clash = overlapping_published(period.start, period.end).first()
    if clash is not None:
        raise ValidationError(_("%(issue)s, already published, covers this period.") % {"issue": clash})
    issue = NewsletterIssue.objects.select_for_update().filter(period_start=period.start, period_end=period.end).first()
    if issue is not None and not replace:
        raise ValidationError(_("A draft for this period exists; replace it to compose it again."))
    if issue is None:
        issue = NewsletterIssue.objects.create(
            title=f"Counter-Terrorism Compact in Review, {period.label()}",
            slug=f"{period.start:%Y-%m}-{period.end:%m}",
            period_start=period.start,
            period_end=period.end,
            contact=DEFAULT_CONTACT,
        )
    else:
        issue.sections.all().delete()
        issue.figures.all().delete()
    issue.snapshot = snapshot_for(period.end)
    issue.save()
    composed = compose(period, reader=reader_of(issue))
    for position, kind in enumerate(ORDER):
        if kind == Kind.CONTACT:
            continue
        section = NewsletterSection.objects.create(issue=issue, kind=kind, position=position)
        NewsletterItem.objects.bulk_create(
            NewsletterItem(
                section=section,
                position=n,
                text=item["text"][:5000],
                date_text=item["date_text"][:64],
                event=item.get("event"),
                meeting=item.get("meeting"),
                document=item.get("document"),
            )
            for n, item in enumerate(composed[kind])
        )
    return issue


def figures_of(issue: NewsletterIssue) -> list[tuple[str, str, int]]:
    """(key, label, value): the frozen figures of a published issue, else those of its snapshot."""
    frozen = list(issue.figures.all())
    if frozen or issue.status == NewsletterIssue.Status.PUBLISHED:
        return [(f.key, f.label, f.value) for f in frozen]
    if issue.snapshot is None:
        return []
    return [
        (key, str(label), getattr(issue.snapshot, key))
        for key, label in FIGURES
        if getattr(issue.snapshot, key) is not None
    ]


def _items(issue: NewsletterIssue) -> list[NewsletterItem]:
    return list(
        NewsletterItem.objects.filter(section__issue=issue)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )


def _where(item: NewsletterItem) -> str:
    return _("%(section)s, item %(number)s (“%(text)s”)") % {
        "section": item.section,
        "number": item.position + 1,
        "text": item.text[:60],
    }


def _closed_sources(items: list[NewsletterItem], reader: Viewer) -> dict[int, list[str]]:
    """For each item, the sources it is taken from (its document, event, meeting...) that `reader` may not
    open, by the `visible_to` of each source's model: one question per kind of source."""
    closed: dict[int, list[str]] = {}
    for field in NewsletterItem.source_fields():
        ids = {getattr(item, field.attname) for item in items} - {None}
        if not ids:
            continue
        visible = field.related_model._default_manager.visible_to(reader).filter(pk__in=ids)
        shut = ids - set(visible.values_list("pk", flat=True))
        for item in items:
            if getattr(item, field.attname) in shut:
                closed.setdefault(item.pk, []).append(field.name)
    return closed


def _closed_source_message(where: str, source: str) -> str:
    messages = {
        "document": _("%(where)s: it links to a document that not every reader of the issue may open."),
        "event": _("%(where)s: it links to an event that not every reader of the issue may open."),
        "meeting": _("%(where)s: it links to a meeting that not every reader of the issue may open."),
    }
    return messages[source] % {"where": where}


def unreadable_sources(issue: NewsletterIssue, *, reader: Viewer | None = None) -> list[str]:
    """The items of the issue taken from something its reader (`reader_of(issue)` unless given) may not
    open, each named: such an issue is neither published, nor made public, nor sent."""
    items = _items(issue)
    closed = _closed_sources(items, reader_of(issue) if reader is None else reader)
    return [_closed_source_message(_where(item), source) for item in items for source in closed.get(item.pk, [])]


def hidden_items(issue: NewsletterIssue) -> set[int]:
    """The items of a published issue left out wherever it is read: those taken from something its reader
    may not open (closed since the issue was published, or published before sources were checked)."""
    if issue.status != NewsletterIssue.Status.PUBLISHED:
        return set()  # the Secretariat's preview shows all; publishing names what is refused
    return set(_closed_sources(_items(issue), reader_of(issue)))


def problems(issue: NewsletterIssue) -> list[str]:
    """Why the issue may not be published, each naming the section or item at fault."""
    found = []
    clash = overlapping_published(issue.period_start, issue.period_end, exclude=issue.pk).first()
    if clash is not None:
        found.append(_("The period overlaps %(issue)s, already published.") % {"issue": clash})
    if not figures_of(issue):
        found.append(_("Compact in numbers: no figures (choose the snapshot the issue takes them from)."))
    sections = {section.kind: section for section in issue.sections.all()}
    for kind in REQUIRED:
        section = sections.get(kind)
        if section is None or not section.items.exists():
            found.append(_("%(section)s: the section is required and has no item.") % {"section": Kind(kind).label})
    found += unreadable_sources(issue)
    for item in _items(issue):
        if item.link and not item.link.startswith(("https://", "http://")):
            found.append(_("%(where)s: the link is not a web address.") % {"where": _where(item)})
    return found


@transaction.atomic
def publish(issue: NewsletterIssue, *, user) -> NewsletterIssue:
    """Publishes the issue: its figures are copied into the issue, so later snapshots change nothing."""
    issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.status == NewsletterIssue.Status.PUBLISHED:
        raise ValidationError(_("The issue is already published."))
    found = problems(issue)
    if found:
        raise ValidationError(found)
    figures = figures_of(issue)
    issue.figures.all().delete()
    FrozenFigure.objects.bulk_create(
        FrozenFigure(issue=issue, key=key, label=label, value=value, position=n)
        for n, (key, label, value) in enumerate(figures)
    )
    issue.status = NewsletterIssue.Status.PUBLISHED
    issue.published_at = timezone.now()
    issue.published_by = user
    issue.save()
    return issue


def structure() -> list[WorkingGroup]:
    """The eight working groups with their leadership, for the "Compact structure" part of every issue."""
    leading = (Role.CHAIR, Role.CO_CHAIR, Role.VICE_CHAIR)
    groups = list(WorkingGroup.objects.filter(is_active=True).order_by("number"))
    leaders: dict[int, list] = {}
    for membership in (
        WorkingGroupMembership.objects.filter(role__in=leading, working_group__in=groups)
        .select_related("organization")
        .order_by("working_group_id", "role", "organization__acronym")
    ):
        leaders.setdefault(membership.working_group_id, []).append(membership)
    for group in groups:
        group.leaders = leaders.get(group.pk, [])
    return groups


# --- the archive ----------------------------------------------------------------------------------


@transaction.atomic
def load_archive(folder: Path = ARCHIVE) -> list[NewsletterIssue]:
    """Loads the issues published before the platform, as published public issues. Idempotent: an
    issue already loaded (by slug) is left as it is."""
    loaded = []
    figure_keys = {key for key, _label in FIGURES}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if NewsletterIssue.objects.filter(slug=data["slug"]).exists():
            continue
        unknown = {f["key"] for f in data["figures"]} - figure_keys
        if unknown:
            raise ValidationError(f"{path.name}: unknown figures {sorted(unknown)}")
        start, end = dt.date.fromisoformat(data["period_start"]), dt.date.fromisoformat(data["period_end"])
        published = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(12)))
        issue = NewsletterIssue.objects.create(
            title=data["title"],
            slug=data["slug"],
            period_start=start,
            period_end=end,
            status=NewsletterIssue.Status.PUBLISHED,
            is_public=True,
            contact=data.get("contact", ""),
            source=data.get("source", path.name)[:255],
            published_at=published,
        )
        FrozenFigure.objects.bulk_create(
            FrozenFigure(issue=issue, key=f["key"], label=f["label"], value=f["value"], position=n)
            for n, f in enumerate(data["figures"])
        )
        sections: dict[str, NewsletterSection] = {}
        for position, entry in enumerate(data["sections"]):
            kind = entry["kind"]
            if kind not in ORDER:
                raise ValidationError(f"{path.name}: unknown section {kind!r}")
            section = sections.get(kind)
            if section is None:  # a kind printed under two headings keeps the first one's place
                section = sections[kind] = NewsletterSection.objects.create(
                    issue=issue,
                    kind=kind,
                    title=entry.get("title", "")[:255],
                    intro=entry.get("intro", ""),
                    position=position,
                )
            offset = section.items.count()
            NewsletterItem.objects.bulk_create(
                NewsletterItem(
                    section=section,
                    position=offset + n,
                    text=item["text"],
                    date_text=item.get("date_text", "")[:64],
                    link=item.get("link", ""),
                )
                for n, item in enumerate(entry["items"])
            )
        loaded.append(issue)
    return loaded


def issue_context(issue: NewsletterIssue) -> dict:
    items = NewsletterItem.objects.exclude(pk__in=hidden_items(issue))
    sections = list(issue.sections.prefetch_related(Prefetch("items", items)).order_by("position", "pk"))
    parts: list[dict] = []
    for section in sections:
        part = str(NewsletterSection.PARTS.get(section.kind, ""))
        if not parts or part != parts[-1]["title"] or not part:
            parts.append({"title": part, "sections": []})
        parts[-1]["sections"].append(section)
    return {"issue": issue, "figures": figures_of(issue), "parts": parts, "groups": structure()}
