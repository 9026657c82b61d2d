from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerweg.activities.models import Activity


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
