"""Deterministic synthetic demo data for the platform (`manage.py seed_demo`).

accounts.py  the demo accounts, one per kind of user (ensure_demo_accounts)
base.py      plan of counts per scale, reference pools, random streams, batched writer
runner.py    the stages in dependency order (seed_demo), with those other apps add
vocabulary.py  titles and sentences, shared with tests/factories.py; topics.py, what they speak of, by theme
languages/   the same subjects in French, Spanish, Russian, Chinese and Arabic, and who writes in which
places.py    the cities of each Member State, the duty stations, the States of each regional phrase
clock.py     the time of a run; the demo's dates are drawn around the day of its first run (base.demo_day)
people.py, projects.py, library.py, calendar.py, cted.py, groups.py, visits.py, files.py: one
generator per area.

Other apps seed their own models from their `demo` module (workinggroups/demo.py: meetings,
workplans, posts; newsletters/demo.py: subscriptions); see runner.py.
"""

from .accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from .base import MAX_SCALE, Plan, ScaleError, parse_scale
from .runner import DemoDataConflict, SeedReport, seed_demo

__all__ = [
    "DEMO_ACCOUNTS",
    "MAX_SCALE",
    "DemoDataConflict",
    "Plan",
    "ScaleError",
    "SeedReport",
    "ensure_demo_accounts",
    "parse_scale",
    "seed_demo",
]
