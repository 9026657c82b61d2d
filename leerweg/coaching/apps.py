from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "leerweg.coaching"
    label = "coaching"
    verbose_name = _("Coaching and day starts")
