from rest_framework import throttling


class TokenRateThrottle(throttling.SimpleRateThrottle):
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


class SignInRateThrottle(throttling.AnonRateThrottle):
    """Password attempts at the token endpoint, per address."""

    scope = "sign_in"
