"""The time zones a person or an event may be given: IANA names this server knows.

One list for the profile, the calendar's form, the admin and the API. "localtime" is left out: it is the
machine's own setting, not a place, and means something else on every server.
"""

from __future__ import annotations

import zoneinfo

KNOWN_TIME_ZONES: frozenset[str] = frozenset(zoneinfo.available_timezones() - {"localtime"})


ALL_TIME_ZONES: list[str] = sorted(KNOWN_TIME_ZONES)


# The zones a person picks from in their profile: places (Region/City) and UTC, without the aliases
# ("GMT0", "US/Eastern"...) that name the same zones again.
PLACE_TIME_ZONES: list[str] = [zone for zone in ALL_TIME_ZONES if "/" in zone or zone == "UTC"]
