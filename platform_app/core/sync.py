"""Keeping the copies Member States' systems make of the platform's records in step.

A copy reads, for each list of the API, what changed since it last asked (`updated_after`) and what was
deleted (/api/v1/deletions/). Both work only if:

- a record's `updated_at` moves whenever what the API shows of it changes, whichever way it changes: its
  own fields (auto_now), the relations it lists (`m2m_changed`), the rows it shows or counts (a
  document's versions, a request's routings and steps, a group's memberships…), and the records that
  decide who may read it (a group's members, an assessment's sharing). `TOUCHES` says which; a write that
  sends no signal (QuerySet.update, bulk_create) calls `touch_for` itself.
- every deletion of a record of the API is kept with who could read the record at that moment
  (`readers_of`), so that a copy hears of it only if it could have held the record.

The platform's lists and rules are written out here. An app above the platform adds its own with `register`
as its models load (its AppConfig's `import_models`, as workinggroups/apps.py does), so that they are all
known when the platform's ready() connects the receivers (`connect()`) and builds the deletions' filter.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete
from django.utils import timezone

from platform_app.core.viewer import kind_viewer, organization_viewer

# The lists of the API whose records are copied, by resource name (compact/api_urls.py); `register` adds
# those of the apps above the platform.
SYNCED: dict[str, str] = {
    "organizations": "platform_app.Organization",
    "focal-points": "platform_app.FocalPoint",
    "documents": "platform_app.Document",
    "events": "platform_app.Event",
    "working-groups": "platform_app.WorkingGroup",
    "projects": "platform_app.Project",
    "appeals": "platform_app.Appeal",
    "assessments": "platform_app.CountryAssessment",
    "recommendations": "platform_app.Recommendation",
    "country-pages": "platform_app.CountryPage",
    "country-entries": "platform_app.CountryEntry",
    "support-requests": "platform_app.SupportRequest",
    "support-offers": "platform_app.SupportOffer",
}


def kind_of(model) -> str | None:
    """The API resource `model`'s records are listed under, if any."""
    return _KINDS.get(model._meta.label)


_KINDS = {label: kind for kind, label in SYNCED.items()}


@dataclass(frozen=True)
class Touch:
    """A `source` row saved or deleted changes the `target` records whose `lookup` is the row's `attr`
    (among those matching `where`). With `fields`, a save changes them only if one of these changed, or
    the row is new; the targets of the values before the change are touched too."""

    source: str
    target: str
    lookup: str
    attr: str = "pk"
    where: tuple[tuple[str, object], ...] = ()
    fields: tuple[str, ...] | None = None


MEMBERSHIP = "platform_app.WorkingGroupMembership"


MEMBERSHIP_FIELDS = ("working_group_id", "organization_id", "role")


SHARED_WITH_GROUP = (("visibility", "working_group"),)


ASSESSMENT_READERS = ("member_state_id", "shared_with_entities")


TOUCHES: list[Touch] = [
    # What a record shows of the rows that belong to it.
    Touch("platform_app.DocumentVersion", "platform_app.Document", "pk", "document_id"),
    Touch("platform_app.AppealProject", "platform_app.Appeal", "pk", "appeal_id"),
    Touch("platform_app.EntryAttachment", "platform_app.CountryEntry", "pk", "entry_id"),
    Touch("platform_app.SupportRouting", "platform_app.SupportRequest", "pk", "request_id"),
    Touch("platform_app.SupportStep", "platform_app.SupportRequest", "pk", "request_id"),
    Touch("platform_app.SupportOffer", "platform_app.SupportRequest", "pk", "request_id", fields=("request_id",)),
    Touch(
        "platform_app.Recommendation",
        "platform_app.CountryAssessment",
        "pk",
        "assessment_id",
        fields=("assessment_id",),
    ),
    Touch(MEMBERSHIP, "platform_app.WorkingGroup", "pk", "working_group_id", fields=MEMBERSHIP_FIELDS),
    Touch(
        "platform_app.User",
        "platform_app.FocalPoint",
        "user_id",
        fields=("first_name", "last_name", "email", "is_active"),
    ),
    # Who may read a record, decided by other rows (the models' `visible_to`): a group's members read what
    # is shared with the group and the requests routed to it with their offers; an assessment's State and
    # sharing decide its recommendations, and which of them the requests and projects citing them show.
    Touch(
        MEMBERSHIP,
        "platform_app.Document",
        "working_group_id",
        "working_group_id",
        SHARED_WITH_GROUP,
        MEMBERSHIP_FIELDS,
    ),
    Touch(
        MEMBERSHIP, "platform_app.Event", "working_group_id", "working_group_id", SHARED_WITH_GROUP, MEMBERSHIP_FIELDS
    ),
    Touch(
        MEMBERSHIP,
        "platform_app.SupportRequest",
        "routings__working_group_id",
        "working_group_id",
        fields=MEMBERSHIP_FIELDS,
    ),
    Touch(
        MEMBERSHIP,
        "platform_app.SupportOffer",
        "request__routings__working_group_id",
        "working_group_id",
        fields=MEMBERSHIP_FIELDS,
    ),
    Touch("platform_app.SupportRouting", "platform_app.SupportOffer", "request_id", "request_id"),
    Touch("platform_app.CountryAssessment", "platform_app.Recommendation", "assessment_id", fields=ASSESSMENT_READERS),
    Touch(
        "platform_app.CountryAssessment",
        "platform_app.SupportRequest",
        "recommendations__assessment_id",
        fields=ASSESSMENT_READERS,
    ),
    Touch(
        "platform_app.CountryAssessment",
        "platform_app.Project",
        "responds_to__assessment_id",
        fields=ASSESSMENT_READERS,
    ),
]


# Many-to-many relations shown by the records on both sides (by default only the side declaring it).
SHOWN_BOTH_WAYS = {("platform_app.Recommendation", "responding_projects")}


def register(kind: str, label: str, touches: Iterable[Touch] = (), *, after: str | None = None) -> None:
    """Copies the records of the model `label` ("app_label.ModelName") as the API's list `kind`,
    with `touches`: the rules that move their `updated_at` when other rows change, or theirs that move others'.
    The kinds stand in the order of the API's router, which the documentation of the deletions' `kind`
    follows: `kind` comes right after the kind `after`, or last."""
    kinds = list(SYNCED.items())
    position = len(kinds) if after is None else list(SYNCED).index(after) + 1
    kinds.insert(position, (kind, label))
    SYNCED.clear()
    SYNCED.update(kinds)
    _KINDS[label] = kind
    TOUCHES.extend(touches)
    relations.cache_clear()
    _watched.cache_clear()


def touch(model, **lookups) -> int:
    """Moves the `updated_at` of `model`'s records matching `lookups` to now, sending no signal."""
    return model._base_manager.filter(**lookups).update(updated_at=timezone.now())


def _rules(model) -> list[Touch]:
    return [rule for rule in TOUCHES if rule.source == model._meta.label]


def _value(instance, attr: str):
    return instance.pk if attr == "pk" else getattr(instance, attr, None)


def _apply(rule: Touch, values: Iterable, done: set | None = None) -> None:
    """Touches the targets of `rule` for these values of the source's `attr`; with `done`, the (rule,
    value) pairs already touched by the same delete, which cascades row by row, are not touched again."""
    values = {value for value in values if value is not None} - {v for r, v in done or () if r == rule}
    if values:
        target = apps.get_model(rule.target)
        touch(target, **{f"{rule.lookup}__in": values}, **dict(rule.where))
        if done is not None:
            done |= {(rule, value) for value in values}


def touch_for(model, rows: Iterable[models.Model]) -> None:
    """Applies `model`'s rules to rows written without signals (QuerySet.update, bulk_create)."""
    rows = list(rows)
    for rule in _rules(model):
        _apply(rule, (_value(row, rule.attr) for row in rows))


# --- saves and deletes of the rows that change other records ------------------------------------------


@functools.cache
def _watched(model) -> tuple[str, ...]:
    """The fields of `model` whose change moves other records (and the field naming whom), per model: read
    for every row loaded (`_remember`)."""
    rules = [rule for rule in _rules(model) if rule.fields]
    return tuple({name for rule in rules for name in rule.fields} | {rule.attr for rule in rules})


def _remember(sender, instance, **kwargs) -> None:
    """What the watched fields held when the row was read, to tell a change and whom it moved from."""
    loaded = instance.__dict__
    instance._sync_read = {name: loaded[name] for name in _watched(sender) if name in loaded}


def _saved(sender, instance, created: bool = False, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    read = getattr(instance, "_sync_read", {})
    written = None if update_fields is None else {sender._meta.get_field(name).attname for name in update_fields}
    for rule in _rules(sender):
        if rule.fields is None or created:
            _apply(rule, [_value(instance, rule.attr)])
            continue
        if written is not None and not written & {*rule.fields, rule.attr}:
            continue
        if any(name not in read or read[name] != getattr(instance, name) for name in rule.fields):
            _apply(rule, [_value(instance, rule.attr), read.get(rule.attr)])
    _remember(sender, instance)


def _deleting(sender, instance, origin=None, **kwargs) -> None:
    # What one delete (an object or a queryset, and all it cascades to) has touched already.
    done = None if origin is None else origin.__dict__.setdefault("_sync_touched", set())
    for rule in _rules(sender):
        _apply(rule, [_value(instance, rule.attr), getattr(instance, "_sync_read", {}).get(rule.attr)], done)
    _unlinking(sender, instance)
    kind = kind_of(sender)
    if kind is not None:
        instance._sync_readers = readers_of(instance)


def _deleted(sender, instance, origin=None, **kwargs) -> None:
    # Every pre_delete of a delete comes before its first post_delete: the next delete starts afresh.
    if origin is not None:
        origin.__dict__.pop("_sync_touched", None)
    readers = instance.__dict__.pop("_sync_readers", None)
    if readers is None:
        return
    Deletion = apps.get_model("platform_app", "Deletion")
    DeletionReader = apps.get_model("platform_app", "DeletionReader")
    deletion = Deletion.objects.create(kind=kind_of(sender), object_id=instance.pk)
    DeletionReader.objects.bulk_create(DeletionReader(deletion=deletion, **reader) for reader in readers)


# --- many-to-many relations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    owner: type[models.Model]
    field: models.ManyToManyField
    both_ways: bool

    @property
    def through(self):
        return self.field.remote_field.through

    @property
    def other(self):
        return self.field.related_model

    def linked(self, *, owners=None, others=None):
        """The through rows linking the given owners and others (all of either side if not given)."""
        rows = self.through._base_manager.all()
        if owners is not None:
            rows = rows.filter(**{f"{self.field.m2m_field_name()}__in": owners})
        if others is not None:
            rows = rows.filter(**{f"{self.field.m2m_reverse_field_name()}__in": others})
        return rows


@functools.cache
def relations() -> list[Relation]:
    """The many-to-many relations of the records of the API."""
    found = []
    for label in SYNCED.values():
        owner = apps.get_model(label)
        for field in owner._meta.many_to_many:
            found.append(Relation(owner, field, (label, field.name) in SHOWN_BOTH_WAYS))
    return found


def _relation_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    relation = next((r for r in relations() if r.through is sender), None)
    named = None if pk_set is None else set(pk_set)
    if relation is None or named == set():
        return
    owners, others = (named, {instance.pk}) if reverse else ({instance.pk}, named)
    # An explicit through row (a membership) has rules of its own, applied while it exists.
    has_rules = bool(_rules(relation.through))
    if action in ("pre_remove", "pre_clear"):
        if has_rules or named is None:
            rows = list(relation.linked(owners=owners, others=others))
            touch_for(relation.through, rows)
            instance._sync_unlinked = rows
        return
    if action == "post_add" and has_rules:
        touch_for(relation.through, relation.linked(owners=owners, others=others))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    rows = instance.__dict__.pop("_sync_unlinked", [])
    if named is None:
        owners = {getattr(row, relation.field.m2m_column_name()) for row in rows}
        others = {getattr(row, relation.field.m2m_reverse_name()) for row in rows}
    if owners:
        touch(relation.owner, pk__in=owners)
    if relation.both_ways and others:
        touch(relation.other, pk__in=others)


def _unlinking(sender, instance) -> None:
    """A deleted row leaves the relations that held it: the records listing it change."""
    for relation in relations():
        if issubclass(sender, relation.other):
            owners = relation.linked(others=[instance.pk]).values(relation.field.m2m_field_name())
            touch(relation.owner, pk__in=owners)
        if relation.both_ways and issubclass(sender, relation.owner):
            others = relation.linked(owners=[instance.pk]).values(relation.field.m2m_reverse_field_name())
            touch(relation.other, pk__in=others)


# --- who could read a deleted record -----------------------------------------------------------------

# How many viewers one query asks about at most (one EXISTS each).
ASKED_AT_ONCE = 100


def _who_sees(obj, viewers: dict) -> set:
    """The keys of `viewers` whose viewer may see `obj`, by its model's `visible_to`: one query per
    ASKED_AT_ONCE viewers."""
    model = type(obj)
    seen = set()
    items = list(viewers.items())
    for start in range(0, len(items), ASKED_AT_ONCE):
        chunk = dict(items[start : start + ASKED_AT_ONCE])
        questions = {
            f"v{n}": Exists(model._default_manager.visible_to(viewer).filter(pk=obj.pk))
            for n, viewer in enumerate(chunk.values())
        }
        answers = model._base_manager.filter(pk=obj.pk).values(**questions).first() or {}
        seen |= {key for n, key in enumerate(chunk) if answers.get(f"v{n}")}
    return seen


def readers_of(obj) -> list[dict]:
    """Who may read `obj` now, besides the Secretariat, as DeletionReader fields.

    Asked of the model's own `visible_to` rule, in three steps that each narrow the next: the kinds of
    organization all of whose focal points may read it (a focal point of an organization that nothing
    names); then each organization of the other kinds (its focal points may read more: their group's
    documents, their State's assessments, entries named for them); then the people the record names as
    its author (who keeps seeing what they shared), if their organization may not. The questions are
    a few queries whatever the record: one per ASKED_AT_ONCE organizations."""
    Organization = apps.get_model("platform_app", "Organization")
    FocalPoint = apps.get_model("platform_app", "FocalPoint")
    kinds = _who_sees(obj, {kind: kind_viewer(kind) for kind in Organization.Kind.values})
    readers = [{"organization_kind": kind} for kind in sorted(kinds)]
    if kinds == set(Organization.Kind.values):
        return readers
    others = Organization.objects.exclude(kind__in=kinds).only("id", "kind", "acronym").order_by("pk")
    organizations = _who_sees(obj, {org.pk: organization_viewer(org) for org in others})
    readers += [{"organization_id": pk} for pk in sorted(organizations)]
    authors = {
        getattr(obj, field.attname)
        for field in type(obj)._meta.concrete_fields
        if field.is_relation and field.related_model is apps.get_model(settings.AUTH_USER_MODEL)
    } - {None}
    focal_points = (
        FocalPoint.objects.filter(user_id__in=authors, is_active=True, user__is_active=True)
        .exclude(organization__kind__in=kinds)
        .exclude(organization_id__in=organizations)
        .select_related("organization")
    )
    people = _who_sees(obj, {fp.user_id: organization_viewer(fp.organization, fp.user_id) for fp in focal_points})
    readers += [{"user_id": pk} for pk in sorted(people)]
    return readers


# --- connecting the receivers ------------------------------------------------------------------------


def connect() -> None:
    synced = [apps.get_model(label) for label in SYNCED.values()]
    sources = {apps.get_model(rule.source) for rule in TOUCHES}
    linked = {relation.other for relation in relations()} | {r.owner for r in relations() if r.both_ways}
    for model in sources:
        uid = model._meta.label_lower
        if any(rule.fields for rule in _rules(model)):
            post_init.connect(_remember, sender=model, dispatch_uid=f"sync_read_{uid}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"sync_saved_{uid}")
    for model in sources | linked | set(synced):
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"sync_deleting_{model._meta.label_lower}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"sync_deleted_{model._meta.label_lower}")
    for relation in relations():
        m2m_changed.connect(
            _relation_changed, sender=relation.through, dispatch_uid=f"sync_m2m_{relation.through._meta.label_lower}"
        )
