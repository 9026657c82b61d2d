from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo school board: ``leerweg demo`` loads it. It sits above every other app."""

    name = "leerweg.demo"
    label = "demo"
    verbose_name = _("Demo school")
