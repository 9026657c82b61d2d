"""Forms for Plusdocuments: starting one, adding a line, the student's curation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leerweg.credentials.models import PlusdocumentLine, Section
from leerweg.schools.models import Group, SchoolYear

LEAVING = "leaving"


class StartForm(forms.Form):
    period = forms.ChoiceField(label=_("For which period"))

    def __init__(self, *args: object, years: list[SchoolYear], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.years = {str(year.pk): year for year in years}
        choices = [(key, str(year)) for key, year in self.years.items()]
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            *choices,
            (LEAVING, _("At leaving school")),
        ]

    def period_values(self) -> tuple[SchoolYear | None, bool]:
        value = self.cleaned_data["period"]
        return (None, True) if value == LEAVING else (self.years[value], False)


class LineForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    text = forms.CharField(label=_("Line"), max_length=200)
    detail = forms.CharField(
        label=_("Detail"),
        max_length=200,
        required=False,
        help_text=_("For example the period or the organisation."),
    )


class CurateForm(forms.Form):
    own_text = forms.CharField(
        label=_("In my own words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=600,
        required=False,
        help_text=_("A short text about yourself, at most 600 characters."),
    )

    def __init__(self, *args: object, lines: list[PlusdocumentLine], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lines = lines
        for line in lines:
            self.fields[f"shown_{line.pk}"] = forms.BooleanField(
                label=_("Show"), required=False, initial=line.shown
            )
            self.fields[f"position_{line.pk}"] = forms.IntegerField(
                label=_("Place"),
                min_value=1,
                max_value=999,
                initial=line.position + 1,
                required=False,
            )

    def shown(self) -> list[int]:
        return [line.pk for line in self.lines if self.cleaned_data[f"shown_{line.pk}"]]

    def _place(self, pk: int) -> int:
        return next(line.position + 1 for line in self.lines if line.pk == pk)

    def order(self) -> list[int]:
        return sorted(
            (line.pk for line in self.lines),
            key=lambda pk: (self.cleaned_data[f"position_{pk}"] or self._place(pk), pk),
        )


class BatchForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Leaving group"), queryset=Group.objects.none(), empty_label=None
    )
    language = forms.ChoiceField(
        label=_("Language of the PDFs"), choices=[("nl", "Nederlands"), ("en", "English")]
    )

    def __init__(self, *args: object, groups: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
