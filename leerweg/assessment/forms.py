"""Forms for rubrics, feedback and self-assessment."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from leerweg.assessment.models import Rubric, RubricCriterion, RubricLevel
from leerweg.assessment.rubric_content import (
    MAX_BYTES,
    Criterion,
    RubricContent,
    content_problems,
)
from leerweg.assessment.services import criterion_field
from leerweg.curriculum.models import CurriculumGoal, LearningLine

DEFAULT_LEVELS = (_("Beginning"), _("Developing"), _("Proficient"), _("Advanced"))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RubricForm(forms.Form):
    """A rubric's title, attachment, level names and criteria; when editing, every cell too.

    Cells are named by position (``cell_<criterion>_<level>``), so renaming a
    criterion keeps its descriptions; a new level or criterion starts empty.
    """

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    curriculum_goal = forms.ModelChoiceField(
        label=_("Learning goal"), queryset=CurriculumGoal.objects.none(), required=False
    )
    learning_line = forms.ModelChoiceField(
        label=_("Or a whole learning line"), queryset=LearningLine.objects.none(), required=False
    )
    levels = forms.CharField(
        label=_("Levels, lowest first"),
        help_text=_("One per line; usually four."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    criteria = forms.CharField(
        label=_("Criteria"),
        help_text=_("One per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, school_id: int, content: RubricContent | None = None, **kwargs: Any
    ) -> None:
        if content is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] |= {
                "levels": "\n".join(content.levels),
                "criteria": "\n".join(c.title for c in content.criteria),
            }
        else:
            kwargs.setdefault("initial", {}).setdefault(
                "levels", "\n".join(str(name) for name in DEFAULT_LEVELS)
            )
        super().__init__(*args, **kwargs)
        goals = CurriculumGoal.objects.filter(school_id=school_id)
        self.fields["curriculum_goal"].queryset = goals  # type: ignore[attr-defined]
        lines = LearningLine.objects.filter(domain__school_id=school_id).select_related("domain")
        self.fields["learning_line"].queryset = lines  # type: ignore[attr-defined]
        self.cells: list[tuple[str, list[tuple[str, forms.BoundField]]]] = []
        self.level_names = list(content.levels) if content else []
        if content is not None:
            self._add_cells(content)

    def _add_cells(self, content: RubricContent) -> None:
        for ci, criterion in enumerate(content.criteria):
            for li, (level, text) in enumerate(
                zip(content.levels, criterion.descriptors, strict=True)
            ):
                self.fields[f"cell_{ci}_{li}"] = forms.CharField(
                    label=f"{criterion.title} · {level}",
                    required=False,
                    max_length=1000,
                    initial=text,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
        for ci, criterion in enumerate(content.criteria):
            row = [(level, self[f"cell_{ci}_{li}"]) for li, level in enumerate(content.levels)]
            self.cells.append((criterion.title, row))

    def visible_without_cells(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("cell_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("curriculum_goal") and data.get("learning_line"):
            self.add_error(
                "learning_line", _("Attach the rubric to a learning goal or a learning line.")
            )
        if "levels" in data and "criteria" in data:
            levels = _lines(data["levels"])
            content = RubricContent(
                levels=tuple(levels),
                criteria=tuple(
                    Criterion(
                        title,
                        tuple(data.get(f"cell_{ci}_{li}", "").strip() for li in range(len(levels))),
                    )
                    for ci, title in enumerate(_lines(data["criteria"]))
                ),
            )
            for problem in content_problems(content):
                self.add_error(None, problem)
            data["content"] = content
        return data


class RubricImportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("CSV file"), help_text=_("See the description of the format on this page.")
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large for a rubric."))
        return upload.read()


def _level_field(
    criterion: RubricCriterion, levels: Iterable[RubricLevel], required: bool
) -> forms.ChoiceField:
    return forms.TypedChoiceField(
        label=criterion.title,
        choices=[("", "–"), *((level.pk, level.name) for level in levels)],
        coerce=int,
        required=required,
        empty_value=None,
    )


class LevelsMixin(forms.Form):
    """A level choice per criterion of ``rubric`` (fields ``criterion_<id>``)."""

    def add_level_fields(self, rubric: Rubric | None) -> None:
        self.chosen_rubric = rubric
        if rubric is None:
            return
        levels = list(rubric.levels.all())
        for criterion in rubric.criteria.all():
            self.fields[criterion_field(criterion.pk)] = _level_field(criterion, levels, False)

    def chosen_levels(self) -> dict[int, int]:
        prefix = criterion_field(0)[:-1]
        return {
            int(name.removeprefix(prefix)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value is not None
        }

    def level_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("criterion_")]


class FeedbackForm(LevelsMixin):
    feed_up = forms.CharField(
        label=_("Where are you going?"),
        help_text=_("Feed up: the goal and what good work looks like."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    feed_back = forms.CharField(
        label=_("How are you doing?"),
        help_text=_("Feed back: what already goes well, and what not yet."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    feed_forward = forms.CharField(
        label=_("What is the next step?"),
        help_text=_("Feed forward: one concrete thing to do next."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rubric = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, rubric: Rubric | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_level_fields(rubric)
        if rubric is not None:
            self.fields["rubric"].initial = rubric.pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = [data.get(name) for name in ("feed_up", "feed_back", "feed_forward")]
        if not any(texts) and not self.chosen_levels():
            raise forms.ValidationError(_("Write some feedback or choose a level for a criterion."))
        return data


class SelfAssessmentForm(LevelsMixin):
    note = forms.CharField(
        label=_("What do I notice?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, rubric: Rubric, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_level_fields(rubric)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.chosen_levels():
            raise forms.ValidationError(_("Choose your level for at least one criterion."))
        return data


class RubricChoiceForm(forms.Form):
    """Which rubric to use (a GET form: it only changes the page)."""

    rubric = forms.ModelChoiceField(
        label=_("Rubric"),
        queryset=Rubric.objects.none(),
        required=False,
        empty_label=_("No rubric"),
    )

    def __init__(self, *args: Any, school_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.filter(school_id=school_id)  # type: ignore[attr-defined]
