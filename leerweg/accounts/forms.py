from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext


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


class ApiTokenForm(forms.Form):
    """A name for a new API token, and the role it acts in (one of the person's roles)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example: my planning app."),
    )
    role = forms.ChoiceField(
        label=_("Acts as"),
        help_text=_("The token sees and does only what you may in this role."),
    )

    def __init__(self, *args: Any, roles: list[RoleContext], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["role"]
        field.choices = [(role.key, role.label) for role in roles]
