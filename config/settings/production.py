"""Production: HTTPS only, strict cookies and HSTS (SEC-4).

`python manage.py check --deploy --fail-level WARNING` passes with these settings.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")  # no default in production
# AUD-2: the key of the seals, its own secret (not derived from SECRET_KEY, which may be
# rotated), at least 32 characters; never stored in the database.
INTEGRITY_KEY = env_str("INTEGRITY_KEY")
if len(INTEGRITY_KEY) < 32:
    raise ImproperlyConfigured("INTEGRITY_KEY must be at least 32 characters long.")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# SEC-5: the public feedback form is rate-limited per client address. Behind an HTTPS proxy
# REMOTE_ADDR is the proxy's: set RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP and have the proxy
# overwrite X-Real-IP with the client's address.
if _ratelimit_key := env_str("RATELIMIT_IP_META_KEY", ""):
    RATELIMIT_IP_META_KEY = _ratelimit_key
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
