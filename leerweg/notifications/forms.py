from django import forms
from django.utils.translation import gettext_lazy as _

DIGEST_ON, DIGEST_OFF = "on", "off"


def _is_on(value: str) -> bool:
    return value == DIGEST_ON


class NotificationPreferenceForm(forms.Form):
    # Two radio buttons rather than a checkbox: a checkbox turns any value
    # into True, so junk would switch the digest on instead of being refused.
    daily_digest = forms.TypedChoiceField(
        label=_("Daily e-mail"),
        choices=[
            (DIGEST_ON, _("Yes, e-mail me once a day when I have new notifications")),
            (DIGEST_OFF, _("No, only show them in Leerweg")),
        ],
        coerce=_is_on,
        widget=forms.RadioSelect,
    )
