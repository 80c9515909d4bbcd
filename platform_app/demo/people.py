"""Synthetic focal points, a user each (newsletters/demo.py subscribes some of them).

Synthetic users are recognised by their email domain, which is also how a later run tells which
scale the database was seeded with. They get an unusable password: hashing one per user would take
longer than writing everything else, and only the demo accounts need to sign in.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from faker import Faker

from . import places, vocabulary
from .accounts import DEMO_ACCOUNTS
from .base import SEED, Org, Row, SeedContext, WeightedPool, sample_ids, weighted, write_rows

SYNTHETIC_EMAIL_SUFFIX = ".demo.invalid"

# Locales whose names are written in Latin letters (usernames are built from them).
LOCALES_BY_REGION = {
    "africa": ("en_KE", "sw", "en_NG", "yo_NG", "ha_NG", "ig_NG", "zu_ZA", "tw_GH", "fr_DZ", "fr_FR"),
    "americas": ("en_US", "es_MX", "es_AR", "es_CO", "es_CL", "pt_BR", "en_GB"),
    "asia": ("en_IN", "en_PK", "id_ID", "tr_TR", "uz_UZ", "az_AZ", "en_TH", "fr_DZ"),
    "europe": (
        "en_GB",
        "fr_FR",
        "de_DE",
        "it_IT",
        "es_ES",
        "nl_NL",
        "pl_PL",
        "sv_SE",
        "no_NO",
        "fi_FI",
        "pt_PT",
        "ro_RO",
        "cs_CZ",
        "hr_HR",
        "da_DK",
        "hu_HU",
    ),
    "oceania": ("en_NZ", "en_GB"),
}
ALL_LOCALES = tuple(sorted({locale for locales in LOCALES_BY_REGION.values() for locale in locales}))
LOCALE_BY_COUNTRY = {locale.rsplit("_", 1)[-1]: locale for locale in ALL_LOCALES if "_" in locale}
REGIONAL_ORG_REGIONS = {
    "AU": "africa",
    "EU": "europe",
    "OSCE": "europe",
    "OSCE PA": "europe",
    "OECD": "europe",
    "PAM": "europe",
    "OAS": "americas",
    "AIPA": "asia",
    "OIC": "asia",
    "GCC": "asia",
    "LAS": "asia",
}
REGIONAL_HEADQUARTERS = {
    "AU": ("Addis Ababa", "Africa/Addis_Ababa"),
    "EU": ("Brussels", "Europe/Brussels"),
    "OSCE": ("Vienna", "Europe/Vienna"),
    "OSCE PA": ("Copenhagen", "Europe/Copenhagen"),
    "OECD": ("Paris", "Europe/Paris"),
    "PAM": ("Valletta", "Europe/Malta"),
    "OAS": ("Washington, D.C.", "America/New_York"),
    "AIPA": ("Jakarta", "Asia/Jakarta"),
    "OIC": ("Jeddah", "Asia/Riyadh"),
    "GCC": ("Riyadh", "Asia/Riyadh"),
    "LAS": ("Cairo", "Africa/Cairo"),
    "WOAH": ("Paris", "Europe/Paris"),
}
# How many focal points an organization of each kind has, relative to the others.
KIND_WEIGHTS = {"entity": 8.0, "regional_org": 6.0, "member_state": 1.5}
LANGUAGE_WEIGHTS = {"en": 90, "fr": 30, "es": 20, "ar": 12, "ru": 8, "zh": 5, "pt": 5, "de": 4}


def synthetic_focal_point_count() -> int:
    from platform_app.directory.models import FocalPoint

    return FocalPoint.objects.filter(user__email__endswith=SYNTHETIC_EMAIL_SUFFIX).count()


class Names:
    """Faker instances per locale, each seeded, created only when a locale is first needed."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.fakers: dict[str, Faker] = {}

    def __getitem__(self, locale: str) -> Faker:
        if locale not in self.fakers:
            fake = Faker(locale)
            fake.seed_instance(f"{self.seed}-{locale}")
            self.fakers[locale] = fake
        return self.fakers[locale]


def _locale(rng, org: Org) -> str:
    if org.kind == "member_state":
        if org.iso2 in LOCALE_BY_COUNTRY and rng.random() < 0.8:
            return LOCALE_BY_COUNTRY[org.iso2]
        return rng.choice(LOCALES_BY_REGION.get(org.region, ALL_LOCALES))
    if org.kind == "regional_org" and org.acronym in REGIONAL_ORG_REGIONS and rng.random() < 0.8:
        return rng.choice(LOCALES_BY_REGION[REGIONAL_ORG_REGIONS[org.acronym]])
    return rng.choice(ALL_LOCALES)


def _phone(rng) -> str:
    return f"+{rng.randint(1, 998)} {rng.randint(20, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def focal_point_rows(ctx: SeedContext) -> Iterator[Row]:
    from platform_app.accounts.models import User
    from platform_app.directory.models import FocalPoint

    rng = ctx.rng("focal-points")
    names = Names(f"{SEED}-names")
    ref = ctx.ref
    demo_orgs = {
        (ref.by_acronym.get(value) if field == "acronym" else ref.by_iso2.get(value))
        for field, value in (a.organization for a in DEMO_ACCOUNTS if a.organization)
    }
    demo_org_ids = {o.id for o in demo_orgs if o}
    has_primary = set(FocalPoint.objects.filter(is_primary=True).values_list("organization_id", flat=True))
    organizations = ref.entities + ref.engaged_states + ref.regional
    # Every organization gets one focal point before any gets a second, those with a demo account last.
    coverage = [o for o in organizations if o.id not in demo_org_ids]
    rng.shuffle(coverage)
    coverage += [o for o in organizations if o.id in demo_org_ids]
    pool = WeightedPool(organizations, [KIND_WEIGHTS[o.kind] for o in organizations])
    languages = {code: w for code, w in LANGUAGE_WEIGHTS.items() if code in ref.languages}
    # Nominations confirmed over the two and a half years before the demo's day.
    confirmed_from = ctx.now - timedelta(days=900)
    for i in range(ctx.plan.synthetic_focal_points):
        org = coverage[i] if i < len(coverage) else pool.draw(rng)
        locale = _locale(rng, org)
        fake = names[locale]
        female = rng.random() < 0.5
        first = fake.first_name_female() if female else fake.first_name_male()
        last = fake.last_name()
        username = f"{vocabulary.ascii_slug(first) or 'fp'}.{vocabulary.ascii_slug(last) or 'user'}{i + 1}"
        domain = vocabulary.ascii_slug(org.acronym or org.iso2 or org.name)[:30] or "org"
        email = f"{username}@{domain}{SYNTHETIC_EMAIL_SUFFIX}"
        if org.kind == "member_state":
            job_title = rng.choice(vocabulary.JOB_TITLES_STATE)
            department = rng.choice(vocabulary.DEPARTMENTS_STATE)
            if "Mission" in department:
                city, zone = "New York", "America/New_York"
            else:
                # A ministry or a national body sits in the capital.
                city, zone = (places.cities_of(org.iso2) or (("", "UTC"),))[0]
        elif org.kind == "regional_org":
            job_title = rng.choice(vocabulary.JOB_TITLES_REGIONAL)
            department = rng.choice(vocabulary.DEPARTMENTS_INTERNATIONAL)
            city, zone = REGIONAL_HEADQUARTERS.get(org.acronym, ("Brussels", "Europe/Brussels"))
        else:
            job_title = rng.choice(vocabulary.JOB_TITLES_ENTITY)
            department = rng.choice(vocabulary.DEPARTMENTS_INTERNATIONAL)
            city, zone = rng.choice(vocabulary.DUTY_STATIONS)
        primary = org.id not in has_primary
        has_primary.add(org.id)
        # An organization's main focal point is never a deactivated one.
        active = rng.random() < 0.97 or primary
        user = User(
            username=username,
            email=email,
            first_name=first[:150],
            last_name=last[:150],
            password=f"{UNUSABLE_PASSWORD_PREFIX}{secrets.token_urlsafe(30)}",
            is_active=active,
            time_zone=zone,
            preferred_language=weighted(rng, {"en": 80, "fr": 15, "ar": 5}),
        )
        spoken = {"en"} if rng.random() < 0.9 else set()
        spoken.update(rng.sample(list(languages), rng.randint(0, 2)))
        focal_point = FocalPoint(
            organization_id=org.id,
            title="Dr." if rng.random() < 0.12 else ("Ms." if female else "Mr."),
            job_title=job_title,
            department=department,
            email=email,
            phone=_phone(rng),
            mobile=_phone(rng) if rng.random() < 0.4 else "",
            city=city[:100],
            hide_email=rng.random() < 0.1,
            hide_phone=rng.random() < 0.35,
            is_primary=primary,
            is_active=active,
            confirmed_at=confirmed_from + timedelta(minutes=rng.randrange(900 * 24 * 60))
            if rng.random() < 0.85
            else None,
        )
        m2m = {
            "expertise": sample_ids(rng, ref.themes, 1, 3),
            "languages": sorted(code for code in spoken or {"en"} if code in languages),
        }
        yield Row(user, children=[("user_id", Row(focal_point, m2m=m2m))])


def seed_focal_points(ctx: SeedContext, progress) -> Counter:
    return write_rows(focal_point_rows(ctx), batch_size=ctx.batch_size, progress=progress, written=Counter())
