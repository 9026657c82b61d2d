"""Settings for a laptop: the demo school on SQLite, served by runserver."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)


def _local_secret_key() -> str:
    """A random key kept in var/, made on first start, never committed."""
    import secrets

    path = VAR_DIR / "secret-key.txt"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = SECRET_KEY or _local_secret_key()  # noqa: F405
LOG_FORMAT = "text"
LOGGING["handlers"]["console"]["formatter"] = "text"  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
LEERWEG_CREDENTIAL_KEK_FROM_SECRET_KEY = True
