"""Request rates for the API, counted in the cache (Redis in production).

A rate limit is a brake, not a gate: when the cache does not answer, the request goes through and
the outage is logged, rather than every API call failing with a 500 until Redis is back. Password
guessing stays bounded meanwhile by the sign-in lockout, which counts in the database.
"""

import logging

from redis.exceptions import RedisError
from rest_framework import throttling

from platform_app.security import client_ip

logger = logging.getLogger(__name__)


class ClientAddressMixin:
    """Counts per address as the lockout and the audit log do (platform_app.security.client_ip): the
    X-Forwarded-For entries a client writes itself are not believed, so a forged header starts no new count."""

    def get_ident(self, request):
        return client_ip(request)


class FailOpenMixin:
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except RedisError:
            logger.warning("the rate counter (%s) is unreachable; the request is let through", self.scope)
            return True


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
