from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from leerweg.accounts.models import User


class LoginForm(AuthenticationForm):
    """Django's login form, with one message for every wrong combination.

    It never says whether the username exists.
    """

    error_messages = {
        "invalid_login": _("The username and password do not match. Check both and try again."),
        "inactive": _("The username and password do not match. Check both and try again."),
    }


class AccountSettingsForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )

    class Meta:
        model = User
        fields = ["preferred_language"]
