from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerweg.activities.models import Activity
from leerweg.partners.models import PartnerOrganisation
from leerweg.profiles.models import Audience

# Short labels for the per-activity form: "Hide from: mentor and coach / teachers / parents".
HIDE_CHOICES = [
    (Audience.MENTOR_COACH.value, _("mentor and coach")),
    (Audience.TEACHERS.value, _("teachers")),
    (Audience.GUARDIANS.value, _("parents")),
]


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "setting",
            "area",
            "organisation",
            "started_on",
            "ended_on",
            "description",
        ]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "setting": forms.RadioSelect,
        }

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        today = timezone.localdate()
        if started and started > today + timedelta(days=366):
            self.add_error("started_on", _("Choose a date within the coming year."))
        if started and started < today - timedelta(days=366 * 20):
            self.add_error("started_on", _("That date is too long ago."))
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date must be on or after the start date."))
        return cleaned


class HideForm(forms.Form):
    """Which audiences one activity is hidden from; an unticked box shows it again."""

    hidden_from = forms.MultipleChoiceField(
        label=_("Hide from"),
        choices=HIDE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PartnerValidationForm(forms.Form):
    """The partner that backs an activity the student entered."""

    partner = forms.ModelChoiceField(
        label=_("Validated by"),
        queryset=PartnerOrganisation.objects.order_by("name"),
        to_field_name="public_id",
        empty_label=_("Choose a partner"),
    )
