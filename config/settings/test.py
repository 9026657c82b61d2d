"""Settings for the test suite: fast hashing, in-memory mail, no throttling surprises."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-not-used-anywhere-else-0123456789abcdef"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "text"  # noqa: F405
ALLOWED_HOSTS = ["*"]
LEERWEG_CREDENTIAL_KEK_FROM_SECRET_KEY = True
