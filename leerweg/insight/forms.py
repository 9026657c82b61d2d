from django import forms
from django.utils.translation import gettext_lazy as _

from leerweg.profiles.models import InterestArea


class AuditFilterForm(forms.Form):
    student = forms.CharField(
        label=_("Student name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must be on or after the start date."))
        return cleaned


class ClassOverviewFilterForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("last_active", _("Longest quiet first")),
            ("progress", _("Least progress first")),
        ],
    )
    attention = forms.BooleanField(label=_("Only students who need attention"), required=False)
    interest = forms.ChoiceField(
        label=_("Interest"),
        required=False,
        choices=[("", _("All interests")), *InterestArea.choices],
    )
    weeks = forms.IntegerField(
        label=_("Quiet for (weeks)"), required=False, min_value=1, max_value=26
    )
