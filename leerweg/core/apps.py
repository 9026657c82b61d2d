from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leerweg.core"
    label = "core"
    verbose_name = "Leerweg"
