from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "leerweg.credentials"
    label = "credentials"
    verbose_name = _("Plusdocuments and credentials")

    def ready(self) -> None:
        from leerweg.credentials import checks  # noqa: F401  (registers the system check)
