"""The public registration form and the moderator's forms.

Spam protection without third parties, in three layers:

1. A honeypot: a field people never see or fill in (it is hidden by CSS and
   skipped by the keyboard); form-filling bots do fill it.
2. A signed start time: the form carries the moment it was shown, signed so
   it cannot be forged. A submission within ``LEERWEG_REGISTER_MIN_SECONDS``
   of that moment was not typed by a person; one older than a day is stale.
3. A limit per client address (in the view, ``throttle.py``).

A rejected submission stores nothing. The first two give the same calm
message, so a person who was too quick simply sends the form again.
"""

import time
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core import signing
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerweg.core.regions import Region
from leerweg.initiatives.models import Initiative, ObstacleCategory, OrganisationKind
from leerweg.schools.models import Sector

STARTED_SALT = "leerweg.initiatives.form-started"
STARTED_MAX_AGE = 24 * 3600
DEFAULT_MIN_SECONDS = 3
MAX_OBSTACLES = 10
HONEYPOT_FIELD = "homepage"


def blank_choice(
    choices: Sequence[tuple[str, object]], label: object = "—"
) -> list[tuple[str, object]]:
    return [("", label), *choices]


def form_started_stamp() -> str:
    return signing.TimestampSigner(salt=STARTED_SALT).sign(str(int(time.time())))


class RegisterForm(forms.ModelForm):
    started = forms.CharField(widget=forms.HiddenInput)
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Initiative
        fields = [
            "organisation",
            "organisation_kind",
            "sector",
            "region",
            "title",
            "description",
            "since",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        labels = {
            "organisation": _("Name of the school or organisation"),
            "since": _("Running since"),
            "contact_name": _("Your name"),
            "contact_email": _("Your e-mail address"),
            "contact_phone": _("Your phone number (optional)"),
        }
        help_texts = {
            "description": _("What do you do, for whom, and what does it bring?"),
            "contact_email": _("We send a confirmation link here. Never shown publicly."),
            "contact_phone": _("Only for the moderators' questions. Never shown publicly."),
        }
        widgets = {
            "since": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, choices in (
            ("organisation_kind", OrganisationKind.choices),
            ("sector", Sector.choices),
            ("region", Region.choices),
        ):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = blank_choice(choices)
        if not self.is_bound:
            self.initial["started"] = form_started_stamp()

    def clean_since(self) -> date:
        since = self.cleaned_data["since"]
        if since and since > timezone.localdate():
            raise forms.ValidationError(_("An initiative cannot start in the future."))
        return since

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT_FIELD) or not self._started_long_enough_ago():
            raise forms.ValidationError(
                _("Your form could not be accepted. Please check your answers and send it again."),
                code="suspect",
            )
        return cleaned

    def _started_long_enough_ago(self) -> bool:
        stamp = self.data.get(self.add_prefix("started"), "")
        try:
            value = signing.TimestampSigner(salt=STARTED_SALT).unsign(
                stamp, max_age=STARTED_MAX_AGE
            )
            started = int(value)
        except (signing.BadSignature, ValueError):
            return False
        minimum = getattr(settings, "LEERWEG_REGISTER_MIN_SECONDS", DEFAULT_MIN_SECONDS)
        return time.time() - started >= minimum

    def fresh_stamp(self) -> None:
        """Give the redisplayed form a new start time, so sending it again can succeed."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix("started")] = form_started_stamp()
        self.data = data


class ObstacleForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=blank_choice(ObstacleCategory.choices)
    )
    description = forms.CharField(
        label=_("Description of the obstacle"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


ObstacleFormSet = formset_factory(
    ObstacleForm,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=MAX_OBSTACLES,
    validate_max=True,
)


def obstacle_formset_with_one_more(data: Any, prefix: str) -> forms.BaseFormSet:
    """What was typed so far, unbound, plus one empty form: "add another obstacle" without JS.

    Unbound, so adding a form does not show errors for fields not filled in yet.
    """
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "1")), MAX_OBSTACLES)
    except (TypeError, ValueError):
        total = 1
    typed = [
        {
            "category": data.get(f"{prefix}-{index}-category", ""),
            "description": data.get(f"{prefix}-{index}-description", ""),
        }
        for index in range(total)
    ]
    typed = [values for values in typed if values["category"] or values["description"]]
    return ObstacleFormSet(initial=typed[: MAX_OBSTACLES - 1], prefix=prefix)


class ModerationEditForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["organisation", "title", "description", "since", "sector", "region"]
        widgets = {
            "since": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the submitter)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegisterFilterForm(forms.Form):
    """The public list's filters; an unknown value is ignored rather than an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=blank_choice(Sector.choices, _("All"))
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=blank_choice(Region.choices, _("All"))
    )
    category = forms.ChoiceField(
        label=_("Obstacle"),
        required=False,
        choices=blank_choice(ObstacleCategory.choices, _("All")),
    )

    def values(self) -> dict[str, str]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: (cleaned.get(name) or "").strip() for name in self.fields}
