from django import forms
from django.utils.translation import gettext_lazy as _

from leerweg.lrs.models import Credential

LABEL_MAX = Credential._meta.get_field("label").max_length


class CredentialForm(forms.Form):
    label = forms.CharField(
        label=_("Name"),
        max_length=LABEL_MAX,
        help_text=_("Where you use the key, for example the name of the app or system."),
        error_messages={"required": _("Give the key a name.")},
    )
