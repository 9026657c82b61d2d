from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from leerweg.core.regions import Region
from leerweg.directory.models import DirectoryEntry, EntryKind, Offer
from leerweg.profiles.models import InterestArea
from leerweg.schools.models import Sector


def _with_blank(choices: Sequence[tuple[str, object]], label: object) -> list[tuple[str, object]]:
    return [("", label), *choices]


class DirectoryFilterForm(forms.Form):
    """The directory's search; unknown values are ignored rather than an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_with_blank(EntryKind.choices, _("All"))
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=_with_blank(Region.choices, _("All"))
    )

    def values(self) -> dict[str, str]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: (cleaned.get(name) or "").strip() for name in self.fields}


class EntryForm(forms.ModelForm):
    class Meta:
        model = DirectoryEntry
        fields = [
            "name",
            "kind",
            "description",
            "offers_schools",
            "region",
            "town",
            "tags",
            "website",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "offers_schools": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "contact_email": _("Shown publicly: use an address of the organisation."),
            "region": _("Leave empty if you work nationwide."),
        }


class OfferForm(forms.ModelForm):
    areas = forms.MultipleChoiceField(
        label=_("Interests it fits"),
        choices=InterestArea.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Students with these interests see the offer first."),
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "kind",
            "description",
            "sector",
            "min_age",
            "max_age",
            "starts_on",
            "ends_on",
            "places",
            "location",
            "tags",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "ends_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = cast(forms.ChoiceField, self.fields["sector"])
        sector.choices = _with_blank(Sector.choices, _("All sectors"))
        if self.instance.pk and not self.is_bound:
            self.initial["areas"] = list(self.instance.areas.values_list("area", flat=True))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("The upper age cannot be below the lower age."))
        return cleaned
