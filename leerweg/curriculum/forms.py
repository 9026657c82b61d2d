from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leerweg.curriculum.csv_format import MAX_BYTES
from leerweg.curriculum.models import Aim, CurriculumGoal, LearningDomain, LearningLine
from leerweg.curriculum.selectors import curriculum_goals
from leerweg.curriculum.years import ALL_YEARS, SECTOR_YEARS
from leerweg.schools.models import School, Sector, year_level_label

CODE_HELP = _(
    "Letters, digits and hyphens, such as ned-lezen-3. The code links rows in a CSV file "
    "to what is here, so change it only with care."
)


def _year_choices(
    school: School, years: range = ALL_YEARS, blank: str | None = None
) -> list[tuple[Any, str]]:
    choices: list[tuple[Any, str]] = [("", blank)] if blank else []
    return choices + [(year, year_level_label(school.sector, year)) for year in years]


class GoalFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    aim = forms.ChoiceField(
        label=_("Aim"), required=False, choices=[("", _("All aims")), *Aim.choices]
    )

    def __init__(self, *args: Any, school: School, sectors: list[str], **kwargs: Any) -> None:
        """``sectors``: those the school's goals are written for; one needs no filter."""
        super().__init__(*args, **kwargs)
        if len(sectors) > 1:
            self.fields["sector"].choices = [  # type: ignore[attr-defined]
                ("", _("All sectors")),
                *((value, label) for value, label in Sector.choices if value in sectors),
            ]
        else:
            del self.fields["sector"]
        primary = school.sector == Sector.PO
        years = SECTOR_YEARS.get(school.sector, ALL_YEARS)
        blank = _("All groups") if primary else _("All years")
        self.fields["year"].choices = _year_choices(  # type: ignore[attr-defined]
            school, years, blank=str(blank)
        )
        if primary:
            self.fields["year"].label = _("Group")


class DomainForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=CODE_HELP)


class LineForm(forms.Form):
    domain = forms.ModelChoiceField(label=_("Domain"), queryset=LearningDomain.objects.none())
    name = forms.CharField(label=_("Name"), max_length=120)
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits and hyphens; unique within the domain."),
    )

    def __init__(self, *args: Any, domains: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = domains  # type: ignore[attr-defined]


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LearningLine) -> str:
        return f"{obj.domain.name} · {obj.name}"


class GoalForm(forms.Form):
    line = LineChoiceField(label=_("Learning line"), queryset=LearningLine.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=CODE_HELP)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    year_from = forms.TypedChoiceField(label=_("From year"), coerce=int)
    year_to = forms.TypedChoiceField(label=_("To year"), coerce=int)
    aim = forms.ChoiceField(
        label=_("Aim"),
        choices=Aim.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Qualification: knowledge and skills. Socialisation: taking part in society. "
            "Personal formation: becoming who you are."
        ),
    )
    prerequisites = forms.TypedMultipleChoiceField(
        label=_("Builds on"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "Goals a student should reach first. Hold Ctrl (Cmd on a Mac) to choose several."
        ),
    )

    def __init__(
        self, *args: Any, school: School, goal: CurriculumGoal | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["line"].queryset = LearningLine.objects.filter(  # type: ignore[attr-defined]
            domain__school=school
        ).select_related("domain")
        for name in ("year_from", "year_to"):
            self.fields[name].choices = _year_choices(school)  # type: ignore[attr-defined]
        if school.sector == Sector.PO:
            self.fields["year_from"].label = _("From group")
            self.fields["year_to"].label = _("To group")
        candidates = curriculum_goals(school_id=school.pk)
        if goal is not None:
            candidates = candidates.exclude(pk=goal.pk)
        self._candidates = {g.pk: g for g in candidates}
        self.fields["prerequisites"].choices = _grouped_by_line(  # type: ignore[attr-defined]
            self._candidates.values()
        )

    def clean_prerequisites(self) -> list[CurriculumGoal]:
        return [self._candidates[pk] for pk in self.cleaned_data["prerequisites"]]

    @classmethod
    def initial_for(cls, goal: CurriculumGoal) -> dict[str, Any]:
        return {
            "line": goal.line_id,
            "title": goal.title,
            "code": goal.code,
            "description": goal.description,
            "sector": goal.sector,
            "year_from": goal.year_from,
            "year_to": goal.year_to,
            "aim": goal.aim,
            "prerequisites": list(goal.prerequisites.values_list("pk", flat=True)),
        }


def _grouped_by_line(goals: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for goal in goals:
        label = f"{goal.line.domain.name} · {goal.line.name}"
        groups.setdefault(goal.line_id, (label, []))[1].append(
            (goal.pk, f"{goal.code} {goal.title}")
        )
    return list(groups.values())


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_("UTF-8, separated by commas or semicolons, at most 2 MB and 5,000 rows."),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        # Checked before reading, so a huge upload is never loaded into memory.
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB. Split it into smaller files."),
                params={"size": MAX_BYTES // (1024 * 1024)},
            )
        return upload.read()
