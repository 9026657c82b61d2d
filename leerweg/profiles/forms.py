from django import forms
from django.utils.translation import gettext_lazy as _

from leerweg.profiles.models import (
    SKILL_SCALE,
    Audience,
    InterestArea,
    ProfilePart,
    Skill,
)
from leerweg.profiles.services import MAX_TAGS

SKILL_LEVELS = [
    ("", _("not rated")),
    ("1", _("1 · I am just starting")),
    ("2", _("2 · I can do it with help")),
    ("3", _("3 · I can do it on my own")),
    ("4", _("4 · I can help others with it")),
]


class AboutMeForm(forms.Form):
    about_me = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In your own words: who are you, what do you like, what are you proud of?"),
    )


class InterestsForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("What do you like?"),
        choices=InterestArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("In your own words"),
        required=False,
        max_length=600,
        help_text=_("Separate with commas, for example: horses, baking, chess"),
    )

    def clean_tags(self) -> list[str]:
        tags = [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("Choose at most %(count)s of your own words.") % {"count": MAX_TAGS}
            )
        too_long = [tag for tag in tags if len(tag) > 40]
        if too_long:
            raise forms.ValidationError(_("Keep each word under 40 characters."))
        return tags


class TalentForm(forms.Form):
    title = forms.CharField(
        label=_("Talent"),
        max_length=80,
        help_text=_("Something you are good at, for example: explaining things to others"),
    )
    description = forms.CharField(label=_("An example"), required=False, max_length=300)


class SkillsForm(forms.Form):
    """One choice per 21st-century skill, on a four-step scale."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for skill in Skill:
            self.fields[skill.value] = forms.TypedChoiceField(
                label=skill.label,
                choices=SKILL_LEVELS,
                required=False,
                coerce=int,
                empty_value=None,
            )

    def ratings(self) -> dict[str, int | None]:
        low, high = SKILL_SCALE
        return {
            code: value if value is None or low <= value <= high else None
            for code, value in self.cleaned_data.items()
        }


class SharingForm(forms.Form):
    """A checkbox per (part, audience)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for part in ProfilePart:
            self.fields[part.value] = forms.MultipleChoiceField(
                label=part.label,
                choices=Audience.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    @staticmethod
    def initial_from(choices: set[tuple[str, str]]) -> dict[str, list[str]]:
        initial: dict[str, list[str]] = {part.value: [] for part in ProfilePart}
        for part, audience in choices:
            initial[part].append(audience)
        return initial

    def choices(self) -> list[tuple[str, str]]:
        return [
            (part, audience)
            for part, audiences in self.cleaned_data.items()
            for audience in audiences
        ]
