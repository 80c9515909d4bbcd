"""Loads the Compact's public reference structure from the fixture kept in this folder.

The fixture is validated in full before anything is written, and everything is written in one
transaction, so a malformed file changes nothing. Loading is idempotent: records are matched on
their natural keys (pillar number, acronym, ISO code, working group number, snapshot moment) and
updated in place, so a second run changes nothing. Parts of the fixture that other apps keep in
their own models are checked and written by those apps, through reference.sections.

Names are kept in the six official languages (platform_app/translation.py). The fixture gives the English
ones. The others come from CLDR for Member States and languages (platform_app.core.cldr), and from
translated_names.json beside the fixture for the Compact's entities, the regional organizations, the
working groups, the pillars and the thematic areas; that file is checked like the fixture, before anything
is written. A name it gives is written; one it does not give is left as it is (empty unless someone wrote it
in the admin), and read in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from platform_app.accounts.roles import ensure_role_groups
from platform_app.core import cldr, sync
from platform_app.directory.models import Organization
from platform_app.metrics.models import FIGURES, MetricSnapshot
from platform_app.reference.checks import Checker, ReferenceDataError, read_json
from platform_app.reference.sections import registered_sections
from platform_app.reference.translations import (
    DEFAULT_TRANSLATIONS,
    ENGLISH,
    column,
    read_translations,
    translated_columns,
    translated_languages,
)
from platform_app.structure.models import Language, Pillar, Role, ThematicArea, WorkingGroup, WorkingGroupMembership

DEFAULT_FIXTURE = Path(__file__).with_name("compact_reference.json")
ROLES = set(Role.values)
REGIONS = set(Organization.Region.values)
FIGURE_KEYS = tuple(key for key, _label in FIGURES)


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, created: bool, changed: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1
        elif changed:
            self.updated[what] = self.updated.get(what, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class _Validator(Checker):
    def validate(self) -> dict:
        if not isinstance(self.data, dict):
            self.fail("(file)", "-", "the top level must be an object")
        if self.data.get("format") != 1:
            self.fail("(file)", "format", "must be 1")
        sources = self.data.get("sources")
        if not isinstance(sources, dict) or not sources:
            self.fail("sources", "sources", "must be a non-empty object")
        self.sources = sources

        out: dict[str, Any] = {"sources": sources}
        out["pillars"] = []
        for i, item in enumerate(self.section("pillars")):
            rec = f"pillars[{i}]"
            number = self.integer(rec, item, "number", minimum=1)
            if number > 4:
                self.fail(rec, "number", "must be 1 to 4")
            out["pillars"].append(
                {"number": number, "name": self.text(rec, item, "name"), "source": self.source(rec, item)}
            )

        out["thematic_areas"] = []
        for i, item in enumerate(self.section("thematic_areas")):
            rec = f"thematic_areas[{i}]"
            out["thematic_areas"].append(
                {
                    "name": self.text(rec, item, "name", max_length=200),
                    "source": self.source(rec, item),
                    "note": self.text(rec, item, "note", required=False, max_length=2000),
                }
            )

        out["languages"] = []
        for i, item in enumerate(self.section("languages")):
            rec = f"languages[{i}]"
            code = self.text(rec, item, "code", max_length=8)
            out["languages"].append({"code": code, "name": self.text(rec, item, "name", max_length=64)})

        out["organizations"] = []

        def organization(rec: str, item: dict, kind: str) -> dict:
            acronym = self.text(rec, item, "acronym", max_length=32)
            if acronym in self.acronyms:
                self.fail(rec, "acronym", f"{acronym!r} is already used by {self.acronyms[acronym]}")
            self.acronyms[acronym] = rec
            aliases = item.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                self.fail(rec, "aliases", "must be a list of text")
            status = ""
            if kind == "entity":
                status = self.text(rec, item, "compact_status", max_length=16)
                if status not in {"member", "observer"}:
                    self.fail(rec, "compact_status", f"must be member or observer, not {status!r}")
            return {
                "kind": kind,
                "acronym": acronym,
                "name": self.text(rec, item, "name"),
                "compact_status": status,
                "aliases": aliases,
                "source": self.source(rec, item),
                "note": self.text(rec, item, "note", required=False, max_length=2000),
            }

        for i, item in enumerate(self.section("entities")):
            out["organizations"].append(organization(f"entities[{i}] {item.get('acronym', '')}", item, "entity"))
        for i, item in enumerate(self.section("regional_organizations")):
            out["organizations"].append(
                organization(f"regional_organizations[{i}] {item.get('acronym', '')}", item, "regional_org")
            )

        out["member_states"] = []
        seen_codes: set[str] = set()
        for i, item in enumerate(self.section("member_states")):
            rec = f"member_states[{i}] {item.get('name', '')}"
            iso2 = self.text(rec, item, "iso2", max_length=2)
            iso3 = self.text(rec, item, "iso3", max_length=3)
            if not re.fullmatch(r"[A-Z]{2}", iso2):
                self.fail(rec, "iso2", f"must be two capital letters, not {iso2!r}")
            if not re.fullmatch(r"[A-Z]{3}", iso3):
                self.fail(rec, "iso3", f"must be three capital letters, not {iso3!r}")
            for code in (iso2, iso3):
                if code in seen_codes:
                    self.fail(rec, "iso2" if len(code) == 2 else "iso3", f"{code} appears twice")
                seen_codes.add(code)
            region = self.choice(rec, item, "region", REGIONS)
            out["member_states"].append(
                {
                    "iso2": iso2,
                    "iso3": iso3,
                    "name": self.text(rec, item, "name"),
                    "region": region,
                    "subregion": self.text(rec, item, "subregion", required=False, max_length=64),
                }
            )

        entity_status = {o["acronym"]: o["compact_status"] for o in out["organizations"] if o["kind"] == "entity"}
        out["working_groups"] = []
        for i, item in enumerate(self.section("working_groups")):
            rec = f"working_groups[{i}] {item.get('short_name', '')}"
            group = {
                "number": self.integer(rec, item, "number", minimum=1),
                "short_name": self.text(rec, item, "short_name", max_length=32),
                "name": self.text(rec, item, "name"),
                "objective": self.text(rec, item, "objective", max_length=10000),
                "source": self.source(rec, item),
                "all_entities": item.get("all_entities", False),
                "memberships": [],
            }
            if not isinstance(group["all_entities"], bool):
                self.fail(rec, "all_entities", "must be true or false")
            memberships = item.get("memberships")
            if not isinstance(memberships, list) or not memberships:
                self.fail(rec, "memberships", "must be a non-empty list")
            seen: set[str] = set()
            for j, m in enumerate(memberships):
                mrec = f"{rec} memberships[{j}]"
                if not isinstance(m, dict):
                    self.fail(mrec, "-", "must be an object")
                acronym = self.text(mrec, m, "organization", max_length=32)
                if acronym not in self.acronyms:
                    self.fail(mrec, "organization", f"{acronym!r} is not an organization of this fixture")
                if acronym in seen:
                    self.fail(mrec, "organization", f"{acronym} appears twice in this group")
                seen.add(acronym)
                role = self.choice(mrec, m, "role", ROLES)
                group["memberships"].append(
                    {
                        "organization": acronym,
                        "role": role,
                        "source": self.source(mrec, m),
                        "note": self.text(mrec, m, "note", required=False, max_length=2000),
                    }
                )
            if sum(1 for m in group["memberships"] if m["role"] == "chair") > 1:
                self.fail(rec, "memberships", "a group has at most one chair")
            if group["all_entities"]:
                # "All Compact entities are members or observers of the Working Group."
                for acronym, status in sorted(entity_status.items()):
                    if acronym not in seen:
                        group["memberships"].append(
                            {"organization": acronym, "role": status, "source": group["source"], "note": ""}
                        )
            out["working_groups"].append(group)
        numbers = [g["number"] for g in out["working_groups"]]
        if len(set(numbers)) != len(numbers):
            self.fail("working_groups", "number", "numbers must be unique")

        # The parts other apps load (reference.sections), checked in the order they were registered.
        out["sections"] = [
            (section, section.validate(self, self.data.get(section.key))) for section in registered_sections()
        ]

        out["published_figures"] = []
        for i, item in enumerate(self.section("published_figures")):
            rec = f"published_figures[{i}] {item.get('label', '')}"
            figures = item.get("figures")
            if not isinstance(figures, dict):
                self.fail(rec, "figures", "must be an object")
            unknown = set(figures) - set(FIGURE_KEYS)
            if unknown:
                self.fail(rec, "figures", f"unknown figures {sorted(unknown)}")
            values = {key: self.integer(f"{rec} figures", figures, key, nullable=True) for key in FIGURE_KEYS}
            out["published_figures"].append(
                {
                    "label": self.text(rec, item, "label"),
                    "as_of": self.iso_date(rec, item, "as_of"),
                    "source": self.source(rec, item),
                    "note": self.text(rec, item, "note", required=False, max_length=2000),
                    "figures": values,
                }
            )
        return out


def read_fixture(path: Path = DEFAULT_FIXTURE) -> dict:
    return _Validator(Path(path), read_json(path)).validate()


def _source_label(sources: dict, key: str) -> str:
    info = sources.get(key) or {}
    return f"{key}: {info.get('title', '')}".strip(": ") if isinstance(info, dict) else key


def _validated(path: Path, what: str, lookup: dict, obj) -> None:
    """Model rules the fixture's own checks cannot see (uniqueness across records, constraints)."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        problems = exc.message_dict
        field_name = next(iter(problems))
        key = ", ".join(f"{k}={v}" for k, v in lookup.items())
        raise ReferenceDataError(path, f"{what} ({key})", field_name, " ".join(problems[field_name])) from exc


def _upsert(path: Path, model, lookup: dict, values: dict, report: LoadReport, what: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        _validated(path, what, lookup, obj)
        obj.save()
        report.count(what, created=True, changed=True)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _validated(path, what, lookup, obj)
        obj.save(update_fields=[*changed, *(["updated_at"] if hasattr(obj, "updated_at") else [])])
        report.count(what, created=False, changed=True)
    return obj


@dataclass
class _Loading:
    """What a section registered by another app writes with (reference.sections)."""

    path: Path
    report: LoadReport
    sources: dict
    by_acronym: dict[str, Organization]

    def upsert(self, model, lookup: dict, values: dict, what: str):
        """Creates or updates the record matched by lookup, validated, counted in the report as `what`."""
        return _upsert(self.path, model, lookup, values, self.report, what)

    def organization(self, acronym: str) -> Organization:
        return self.by_acronym[acronym]

    def source_label(self, key: str) -> str:
        return _source_label(self.sources, key)


@transaction.atomic
def load_reference(path: Path = DEFAULT_FIXTURE, translations: Path | None = DEFAULT_TRANSLATIONS) -> LoadReport:
    """Loads fixture `path` and the names of translations file `translations` (see read_translations)."""
    data = read_fixture(path)
    names = read_translations(translations, data)
    # `name` is the English name whatever language the caller speaks; the others are named by their column.
    with translation.override(ENGLISH):
        return _load(Path(path), data, names)


def _load(path: Path, data: dict, names: dict) -> LoadReport:
    upsert = partial(_upsert, path)
    sources = data["sources"]
    report = LoadReport()
    languages = translated_languages()

    for item in data["pillars"]:
        upsert(
            Pillar,
            {"number": item["number"]},
            {"name": item["name"], **translated_columns(names, "pillars", str(item["number"]))},
            report,
            "pillars",
        )
    for item in data["thematic_areas"]:
        upsert(
            ThematicArea,
            {"slug": slugify(item["name"])[:200]},
            {
                "name": item["name"],
                "description": item["note"],
                **translated_columns(names, "thematic_areas", item["name"]),
            },
            report,
            "thematic areas",
        )
    for item in data["languages"]:
        upsert(
            Language,
            {"code": item["code"]},
            {
                "name": item["name"],
                **{
                    column("name", language): cldr.language_name(item["code"], language) or None
                    for language in languages
                },
            },
            report,
            "languages",
        )

    by_acronym: dict[str, Organization] = {}
    for item in data["organizations"]:
        source = _source_label(sources, item["source"])
        if item["note"]:
            source = f"{source}\n{item['note']}"
        section = "entities" if item["kind"] == Organization.Kind.ENTITY else "regional_organizations"
        by_acronym[item["acronym"]] = upsert(
            Organization,
            {"kind": item["kind"], "acronym": item["acronym"]},
            {
                "name": item["name"],
                "compact_status": item["compact_status"],
                "aliases": item["aliases"],
                "source": source,
                **translated_columns(names, section, item["acronym"], ("name", "acronym")),
            },
            report,
            "organizations",
        )
    member_state_source = _source_label(sources, "iso3166-m49") if "iso3166-m49" in sources else ""
    for item in data["member_states"]:
        upsert(
            Organization,
            {"kind": Organization.Kind.MEMBER_STATE, "iso_alpha3": item["iso3"]},
            {
                "name": item["name"],
                **{
                    column("name", language): cldr.country_name(item["iso2"], language) or None
                    for language in languages
                },
                "iso_alpha2": item["iso2"],
                "region": item["region"],
                "subregion": item["subregion"],
                "source": member_state_source,
            },
            report,
            "member states",
        )

    for item in data["working_groups"]:
        group = upsert(
            WorkingGroup,
            {"number": item["number"]},
            {
                "short_name": item["short_name"],
                "name": item["name"],
                "objective": item["objective"],
                "source": _source_label(sources, item["source"]),
                **translated_columns(names, "working_groups", item["short_name"]),
            },
            report,
            "working groups",
        )
        # Leadership changes hands over time: clear a stale chair before giving the role to another.
        chair = next((m["organization"] for m in item["memberships"] if m["role"] == "chair"), None)
        if chair:
            stale = WorkingGroupMembership.objects.filter(working_group=group, role="chair").exclude(
                organization=by_acronym[chair]
            )
            sync.touch_for(WorkingGroupMembership, list(stale))  # an update sends no signal
            stale.update(role="member")
        for m in item["memberships"]:
            upsert(
                WorkingGroupMembership,
                {"working_group": group, "organization": by_acronym[m["organization"]]},
                {"role": m["role"], "source": _source_label(sources, m["source"]), "note": m["note"]},
                report,
                "memberships",
            )

    loading = _Loading(path, report, sources, by_acronym)
    for section, cleaned in data["sections"]:
        section.load(loading, cleaned)

    for item in data["published_figures"]:
        as_of = datetime.combine(item["as_of"], time(23, 59, 59), tzinfo=UTC)
        upsert(
            MetricSnapshot,
            {"as_of": as_of, "source": MetricSnapshot.Source.PUBLISHED},
            {
                "label": item["label"],
                "reference": _source_label(sources, item["source"])[:255],
                "note": item["note"],
                **item["figures"],
            },
            report,
            "published snapshots",
        )
    ensure_role_groups()
    return report
