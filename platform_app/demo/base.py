"""What every demo generator shares: the plan of counts for a scale, the reference data in a fixed
order, per-generator random streams, and a batched writer that never holds a whole table in memory.

Determinism rests on three rules: every generator draws from its own `random.Random` seeded from
SEED and the generator's name; every pool it draws from is ordered by a natural key or by insertion
order (never by set or dict iteration of database values); and nothing it draws depends on the
value of a database id, only on the position of a row in such a list.

Dates are drawn around one day (demo_day): the day the demo data was first seeded. Posts and documents
lie before it, meetings and events on both sides of it, and each status agrees with its dates as seen
on it; a later run draws the same dates, so it finds every stage present.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from itertools import accumulate, islice
from typing import Any

from django.db import models

from . import clock, languages, vocabulary
from .accounts import DEMO_ACCOUNTS, DEMO_FOCAL_POINTS

SEED = 2026
BATCH_SIZE = 2000
MAX_SCALE = 1000

# The real platform's size (the May-June 2025 "Compact in numbers") and what a scale multiplies.
BASE = {
    "focal_points": 1050,
    "documents": 3670,
    "events": 600,
    "projects": 250,
    "appeal_projects": 52,
    "assessments": 28,
    "recommendations": 861,
    "meetings": 165,
    "activities": 120,
    "posts": 400,
    "visits": 400_000,
    "support_requests": 40,
}
SUBSCRIBER_SHARE = 0.4
# Member States with focal points (137 in 2025); Kenya and Norway, which have demo accounts, always among them.
ENGAGED_STATES = 137
REQUIRED_STATES = ("KE", "NO")


class ScaleError(ValueError):
    pass


def parse_scale(value: object) -> float:
    """A positive, finite number up to MAX_SCALE; "0.05" and "100" alike."""
    try:
        scale = float(str(value).strip())
    except ValueError:
        raise ScaleError(f"--scale must be a number, not {value!r}.") from None
    if not math.isfinite(scale):
        raise ScaleError(f"--scale must be a finite number, not {value!r}.")
    if scale <= 0:
        raise ScaleError(f"--scale must be greater than 0, not {value!r}.")
    if scale > MAX_SCALE:
        raise ScaleError(
            f"--scale may be at most {MAX_SCALE} (about {MAX_SCALE * 1050:,} focal points), not {value!r}."
        )
    return scale


def scaled(base: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, math.floor(base * scale + 0.5))


@dataclass(frozen=True)
class Plan:
    """How many of each thing a scale produces."""

    scale: float
    focal_points: int
    synthetic_focal_points: int
    subscriptions: int
    documents: int
    events: int
    projects: int
    appeal_projects: int
    assessments: int
    recommendations: int
    meetings: int
    activities: int
    posts: int
    visits: int
    support_requests: int

    @classmethod
    def for_scale(cls, scale: float) -> Plan:
        # The demo accounts' focal points count towards the total, so scale 1 has exactly 1,050.
        focal_points = scaled(BASE["focal_points"], scale, minimum=DEMO_FOCAL_POINTS + 1)
        synthetic = focal_points - DEMO_FOCAL_POINTS
        projects = scaled(BASE["projects"], scale)
        # Kenya and Norway always have an assessment.
        assessments = scaled(BASE["assessments"], scale, minimum=len(REQUIRED_STATES))
        return cls(
            scale=scale,
            focal_points=focal_points,
            synthetic_focal_points=synthetic,
            subscriptions=scaled(synthetic, SUBSCRIBER_SHARE, minimum=0),
            documents=scaled(BASE["documents"], scale),
            events=scaled(BASE["events"], scale),
            projects=projects,
            appeal_projects=min(projects, scaled(BASE["appeal_projects"], scale)),
            assessments=assessments,
            # A CTED report always makes recommendations: at least one an assessment, at the smallest scales.
            recommendations=scaled(BASE["recommendations"], scale, minimum=assessments),
            meetings=scaled(BASE["meetings"], scale),
            activities=scaled(BASE["activities"], scale),
            posts=scaled(BASE["posts"], scale),
            visits=scaled(BASE["visits"], scale, minimum=0),
            support_requests=scaled(BASE["support_requests"], scale),
        )


@dataclass(frozen=True)
class Org:
    id: int
    kind: str
    acronym: str
    name: str
    iso2: str
    region: str

    @property
    def label(self) -> str:
        return self.acronym or self.name


@dataclass(frozen=True)
class Group:
    id: int
    number: int
    short_name: str
    name: str
    # (organization id, role), ordered by the organization's acronym.
    memberships: tuple[tuple[int, str], ...]

    @property
    def chair(self) -> int | None:
        return next((org for org, role in self.memberships if role == "chair"), None)

    @property
    def writers(self) -> tuple[int, ...]:
        """Members (not observers) may write in the group's space."""
        return tuple(org for org, role in self.memberships if role != "observer")


@dataclass(frozen=True)
class Theme:
    id: int
    name: str


class Reference:
    """The reference data the generators draw from, each list in a fixed natural order."""

    def __init__(self) -> None:
        from platform_app.directory.models import Organization
        from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup, WorkingGroupMembership

        orgs = [
            Org(*row)
            for row in Organization.objects.filter(is_active=True).values_list(
                "id", "kind", "acronym", "name", "iso_alpha2", "region"
            )
        ]
        self.entities = sorted((o for o in orgs if o.kind == "entity"), key=lambda o: o.acronym)
        self.member_states = sorted((o for o in orgs if o.kind == "member_state"), key=lambda o: o.iso2)
        self.regional = sorted((o for o in orgs if o.kind == "regional_org"), key=lambda o: (o.acronym, o.name))
        self.by_id = {o.id: o for o in orgs}
        self.by_acronym = {o.acronym: o for o in orgs if o.acronym}
        self.by_iso2 = {o.iso2: o for o in self.member_states}

        required = [self.by_iso2[code] for code in REQUIRED_STATES if code in self.by_iso2]
        others = [s for s in self.member_states if s.iso2 not in REQUIRED_STATES]
        picked = random.Random(f"{SEED}-engaged-states").sample(
            others, min(len(others), ENGAGED_STATES - len(required))
        )
        self.engaged_states = sorted(required + languages.with_every_language(picked, others), key=lambda o: o.iso2)

        acronym_of = {o.id: o.acronym for o in orgs}
        members: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
        for group_id, org_id, role in WorkingGroupMembership.objects.values_list(
            "working_group_id", "organization_id", "role"
        ):
            members[group_id].append((acronym_of.get(org_id, ""), org_id, role))
        self.groups = [
            Group(gid, number, short, name, tuple((org, role) for _, org, role in sorted(members[gid])))
            for gid, number, short, name in WorkingGroup.objects.filter(is_active=True)
            .order_by("number")
            .values_list("id", "number", "short_name", "name")
        ]
        self.themes = [Theme(*row) for row in ThematicArea.objects.order_by("slug").values_list("id", "name")]
        self.pillars = list(Pillar.objects.order_by("number").values_list("id", flat=True))
        self.languages = list(Language.objects.order_by("code").values_list("code", flat=True))

    def groups_of(self, org_id: int) -> list[Group]:
        return [g for g in self.groups if org_id in g.writers]

    @cached_property
    def theme_by_name(self) -> dict[str, Theme]:
        return {t.name: t for t in self.themes}

    def themes_of(self, group: Group | None) -> list[Theme]:
        """The themes a working group's space speaks of; every theme when there is no group."""
        if group is None:
            return self.themes
        return self._group_themes[group.short_name]

    @cached_property
    def _group_themes(self) -> dict[str, list[Theme]]:
        named = {
            g.short_name: [
                self.theme_by_name[n] for n in vocabulary.GROUP_THEMES.get(g.short_name, ()) if n in self.theme_by_name
            ]
            for g in self.groups
        }
        return {short_name: themes or self.themes for short_name, themes in named.items()}

    def related(self, theme: Theme) -> list[Theme]:
        return self._related[theme.id]

    @cached_property
    def _related(self) -> dict[int, list[Theme]]:
        return {
            t.id: [self.theme_by_name[n] for n in vocabulary.related_themes(t.name) if n in self.theme_by_name]
            for t in self.themes
        }

    def subject(self, rng: random.Random, group: Group | None = None) -> tuple[Theme, str]:
        """A theme (of the group, when there is one) and a topic of it: a text and its tags agree."""
        theme = rng.choice(self.themes_of(group))
        return theme, vocabulary.topic_for(rng, theme.name)

    def tags(self, rng: random.Random, theme: Theme, most: int = 1) -> list[int]:
        """The ids of theme and of up to `most` themes related to it."""
        return [theme.id, *sample_ids(rng, self.related(theme), 0, most)]


@dataclass(frozen=True)
class Stage:
    """One step of the demo data, written in its own transaction.

    total: how many rows the progress bar counts to (None: unknown); present: whether an earlier run
    wrote it; seed: writes it, calling progress with each chunk's size, and returns the rows written
    by model label. after names the stage it follows when another app adds it (runner.py).
    """

    name: str
    total: Callable[[Plan], int | None]
    present: Callable[[SeedContext], bool]
    seed: Callable[[SeedContext, Callable[[int], object]], Counter]
    after: str | None = None


class SeedContext:
    """One run: the plan, the reference data and the pools earlier stages left in the database.

    Pools are read when first needed, which is always after the stage that fills them.
    """

    def __init__(self, plan: Plan, batch_size: int = BATCH_SIZE) -> None:
        self.plan = plan
        self.batch_size = batch_size

    @cached_property
    def today(self) -> date:
        return demo_day()

    @cached_property
    def now(self) -> datetime:
        """The start of the demo's day: what lies before it is past whatever the hour of the run."""
        return datetime.combine(self.today, time(0), tzinfo=UTC)

    def rng(self, name: str) -> random.Random:
        # A string seed is hashed with SHA-512, so it does not depend on PYTHONHASHSEED.
        return random.Random(f"{SEED}-{name}")

    @cached_property
    def ref(self) -> Reference:
        return Reference()

    @cached_property
    def users_by_org(self) -> dict[int, list[int]]:
        """Users of each organization's focal points, in the order they were created."""
        from platform_app.directory.models import FocalPoint

        pool: dict[int, list[int]] = defaultdict(list)
        for org_id, user_id in FocalPoint.objects.order_by("user_id").values_list("organization_id", "user_id"):
            pool[org_id].append(user_id)
        return pool

    @cached_property
    def demo_users(self) -> dict[str, int]:
        from platform_app.accounts.models import User

        from .accounts import DEMO_ACCOUNTS

        names = [account.username for account in DEMO_ACCOUNTS]
        return dict(User.objects.filter(username__in=names).values_list("username", "id"))

    def user_of(self, rng: random.Random, org_id: int) -> int | None:
        users = self.users_by_org.get(org_id)
        return rng.choice(users) if users else None


def demo_day() -> date:
    """The day the demo data is drawn around: the day of its first run, which the demo accounts were
    created on (ensure_demo_accounts runs first), so that a later run draws the same dates; the day of
    the run before there are any."""
    from django.db.models import Min

    from platform_app.accounts.models import User

    first = User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).aggregate(at=Min("date_joined"))
    return (first["at"] or clock.now()).astimezone(UTC).date()


def at_work(rng: random.Random, day: date) -> datetime:
    """A moment of a working day (UTC)."""
    return datetime.combine(day, time(8), tzinfo=UTC) + timedelta(minutes=rng.randrange(9 * 60))


def before(rng: random.Random, moment: datetime, limit: datetime, *, after: datetime | None = None) -> datetime:
    """moment when it comes before limit; else a moment of the month before limit (and later than after),
    so that what would have come later is spread over the last weeks rather than piled up at the limit."""
    if moment < limit:
        return moment
    low = max(limit - timedelta(days=30), after or limit - timedelta(days=30))
    minutes = int((limit - low).total_seconds() // 60)
    return low + timedelta(minutes=rng.randrange(1, minutes) if minutes > 1 else 0)


# -- drawing helpers -------------------------------------------------------------------------------


def weighted(rng: random.Random, choices: dict[Any, float]) -> Any:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


class WeightedPool:
    """Repeated weighted draws from a fixed list, without rebuilding the cumulative weights."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))

    def draw(self, rng: random.Random) -> Any:
        return rng.choices(self.items, cum_weights=self.cum)[0]


def sample_ids(rng: random.Random, pool: Sequence[Any], low: int, high: int, exclude: Iterable[int] = ()) -> list[int]:
    """Between low and high distinct items of pool (ids or Org/Theme objects, returned as ids)."""
    excluded = set(exclude)
    candidates = [p for p in pool if getattr(p, "id", p) not in excluded] if excluded else pool
    k = min(len(candidates), rng.randint(low, high))
    return [getattr(p, "id", p) for p in rng.sample(candidates, k)]


def allocate(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split total into len(weights) whole parts proportional to weights (largest remainder)."""
    n = len(weights)
    if n == 0:
        return []
    floor_each = minimum if total >= minimum * n else 0
    rest = total - floor_each * n
    scale = sum(weights)
    shares = [rest * w / scale for w in weights]
    parts = [math.floor(s) for s in shares]
    by_remainder = sorted(range(n), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in by_remainder[: rest - sum(parts)]:
        parts[i] += 1
    return [p + floor_each for p in parts]


# -- writing ---------------------------------------------------------------------------------------


@dataclass
class Row:
    """An unsaved object with what must be written once it has an id."""

    obj: models.Model
    m2m: dict[str, Sequence[int]] = field(default_factory=dict)
    # (attribute on the child that takes this row's id, the child's row)
    children: list[tuple[str, Row]] = field(default_factory=list)


def chunked(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _label(model: type[models.Model]) -> str:
    return model._meta.label


@contextmanager
def _given_stamps(model: type[models.Model], objs: list[models.Model]) -> Iterator[None]:
    """bulk_create stamps auto_now and auto_now_add fields with the time of the run; where every row
    carries a time of its own (a post written last spring), the rows keep it. The fields are switched
    back when the rows are written: the demo is seeded by one thread, which writes nothing else meanwhile."""
    given = [
        f
        for f in model._meta.concrete_fields
        if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        and all(getattr(obj, f.attname) is not None for obj in objs)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in given]
    try:
        for f in given:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def bulk_create(model: type[models.Model], objs: list[models.Model], batch_size: int) -> None:
    """Model.objects.bulk_create, keeping the times the rows were given (_given_stamps)."""
    if objs:
        with _given_stamps(model, objs):
            model.objects.bulk_create(objs, batch_size=batch_size)


def _write(rows: list[Row], batch_size: int, written: Counter) -> None:
    model = type(rows[0].obj)
    bulk_create(model, [r.obj for r in rows], batch_size)
    through_rows: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    children: dict[type[models.Model], list[Row]] = defaultdict(list)
    for row in rows:
        pk = row.obj.pk
        if pk is None:
            raise RuntimeError(f"The database did not return ids for {_label(model)}; it needs SQLite 3.35+.")
        for name, ids in row.m2m.items():
            m2m = model._meta.get_field(name)
            through = m2m.remote_field.through
            source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
            through_rows[through].extend(through(**{source: pk, target: other}) for other in ids)
        for attname, child in row.children:
            setattr(child.obj, attname, pk)
            children[type(child.obj)].append(child)
    written[_label(model)] += len(rows)
    for through, objs in through_rows.items():
        through.objects.bulk_create(objs, batch_size=batch_size)
        written[_label(through)] += len(objs)
    for child_rows in children.values():
        _write(child_rows, batch_size, written)


def write_rows(
    rows: Iterable[Row],
    *,
    batch_size: int,
    written: Counter,
    progress: Callable[[int], Any] | None = None,
    chunk_size: int | None = None,
    after_chunk: Callable[[list[Row]], Any] | None = None,
) -> Counter:
    """Writes rows of one model with their many-to-many rows and children, one chunk at a time.

    chunk_size (default batch_size) is how many top-level rows are held in memory at once;
    after_chunk sees each written chunk, ids set, before it is dropped.
    """
    for chunk in chunked(rows, chunk_size or batch_size):
        _write(chunk, batch_size, written)
        if after_chunk:
            after_chunk(chunk)
        if progress:
            progress(len(chunk))
    return written


def first_row_exists(rows: Iterable[Row], lookup: Callable[[models.Model], dict]) -> bool:
    """A stage is written in one transaction, so its first row being there means all of it is."""
    first = next(iter(rows), None)
    if first is None:
        return True
    return type(first.obj).objects.filter(**lookup(first.obj)).exists()
