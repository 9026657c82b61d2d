from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlexConfig(AppConfig):
    name = "leerweg.flex"
    label = "flex"
    verbose_name = _("Flex hours")
