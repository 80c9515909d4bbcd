"""The answer of a policy: may this person do this, and if not, why.

Each domain states its permissions in its `policies.py`, one function per "may X do Y to Z", each
returning a `Decision`. Pages, the API and the services ask the same function: a page shows a button when
the decision allows it, a view or an API action refuses with `decision.check()` (PermissionDenied with
the decision's reason, a 403) before it reads what was sent, and the service checks again inside its
transaction, since it is the last word whichever way the change comes in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def check(self) -> None:
        """PermissionDenied with the reason when the decision is a refusal."""
        if not self.allowed:
            raise PermissionDenied(self.reason)


ALLOWED = Decision(True)


def allow_if(condition: bool, reason: str) -> Decision:
    """ALLOWED when `condition` holds, otherwise a refusal for `reason`."""
    return ALLOWED if condition else Decision(False, str(reason))
