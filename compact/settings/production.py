"""Production settings: everything in base.py, hardened. Refuses to start without a real secret, or
without being told how many reverse proxies are in front (TRUSTED_PROXY_COUNT)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters.")

# The number of proxies in front must be said, 0 included (base.py reads it). Left at its default of 0
# behind a proxy, every client would have the proxy's address: one person's failed sign-ins would lock
# an account for everyone, and one rate limit would count the requests of all.
if not os.environ.get("TRUSTED_PROXY_COUNT", "").strip():
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT must be set in production: the number of reverse proxies in front of the "
        "platform that append to X-Forwarded-For, 0 when clients connect to it directly."
    )
# X-Forwarded-Proto says a request came over HTTPS only when a proxy set it, replacing what the client
# sent; without a proxy anyone could send it.
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers and container health checks probe over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/(node/)?$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The media storage is base.py's (MEDIA_STORAGE); static files are collected, hashed and compressed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Collected, hashed files only; no lookups in app folders at run time.
WHITENOISE_USE_FINDERS = False
