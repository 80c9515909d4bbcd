"""Request rates for the API, counted in the cache (Redis in production).

A rate limit is a brake, not a gate: when the cache does not answer, the request goes through and
the outage is logged, rather than every API call failing with a 500 until Redis is back. Password
guessing stays bounded meanwhile by the sign-in lockout, which counts in the database.

Every answer a rate limit counted tells the client where it stands, in the headers of the IETF draft
"RateLimit header fields for HTTP" (`RateLimitHeadersMiddleware`): `RateLimit-Limit` (requests per
window), `RateLimit-Remaining` and `RateLimit-Reset`. The window slides (each request counts for the
window's length after it was made), so `RateLimit-Reset` is the number of seconds until the oldest
request counted leaves it and one more request is allowed; on a 429 of the rate limit it equals
`Retry-After`. While the counter is unreachable nothing is known, and no such header is sent.
"""

import logging
import math
from dataclasses import dataclass

from redis.exceptions import RedisError
from rest_framework import throttling

from platform_app.core.http import client_ip

logger = logging.getLogger(__name__)


class ClientAddressMixin:
    """Counts per address as the lockout and the audit log do (platform_app.core.http.client_ip): the
    X-Forwarded-For entries a client writes itself are not believed, so a forged header starts no new count."""

    def get_ident(self, request):
        return client_ip(request)


@dataclass(frozen=True)
class Quota:
    """Where a client stands against one rate limit, after the request that was just counted."""

    limit: int
    remaining: int
    reset: int  # seconds until `remaining` grows again

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


# On the Django request: the Quota of each rate limit that counted it, or None for one that could not.
_QUOTAS = "_rate_limit_quotas"


def _note_quota(request, quota: Quota | None) -> None:
    request = getattr(request, "_request", request)  # the API's request wraps Django's
    request.__dict__.setdefault(_QUOTAS, []).append(quota)


def quota_of(request) -> Quota | None:
    """The quota the request's headers report: of the rate limit closest to refusing, when every rate
    limit that looked at the request could count it; None when none counted it or a counter was unreachable."""
    quotas = getattr(request, "_request", request).__dict__.get(_QUOTAS)
    if not quotas or None in quotas:
        return None
    return min(quotas, key=lambda quota: (quota.remaining, -quota.reset))


class FailOpenMixin:
    def allow_request(self, request, view):
        try:
            allowed = super().allow_request(request, view)
        except RedisError:
            logger.warning("the rate counter (%s) is unreachable; the request is let through", self.scope)
            _note_quota(request, None)
            return True
        if getattr(self, "history", None) is not None and getattr(self, "key", None) is not None:
            _note_quota(request, self.quota())
        return allowed

    def quota(self) -> Quota:
        """From the requests counted in the window (`history`, newest first; the one just allowed included).
        One more is allowed when the oldest of the first `limit` of them leaves the window."""
        counted = self.history[: self.num_requests]
        oldest = counted[-1] if counted else self.now
        return Quota(
            limit=self.num_requests,
            remaining=max(self.num_requests - len(self.history), 0),
            reset=max(math.ceil(oldest + self.duration - self.now), 0),
        )


class TokenRateThrottle(ClientAddressMixin, FailOpenMixin, throttling.SimpleRateThrottle):
    """A rate per token (per session user for the browsable API, per address when anonymous)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is not None and getattr(request.auth, "pk", None):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SignInRateThrottle(ClientAddressMixin, FailOpenMixin, throttling.AnonRateThrottle):
    """Password attempts at the token endpoint, per address."""

    scope = "sign_in"


class RateLimitHeadersMiddleware:
    """Writes the RateLimit headers on the answer to every request a rate limit counted (`quota_of`), a
    429 included, whichever view answered. Outside the middleware that rewrites API errors as JSON, so
    that a rewritten answer carries them too. A 429 of a rate limit always says when to retry (DRF leaves
    Retry-After out when it cannot compute a wait, e.g. after the rate was lowered)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        quota = quota_of(request)
        if quota is not None:
            for header, value in quota.headers().items():
                response[header] = value
            if response.status_code == 429 and quota.remaining == 0 and "Retry-After" not in response:
                response["Retry-After"] = str(max(quota.reset, 1))
        return response
