"""Forms to propose a change to the learning route: add, change or remove an item."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.models import OwnGoal, RouteItem, RouteItemKind, RouteProposal
from leerweg.paths.services.route import RouteItemValues
from leerweg.schools.models import Student

# A route plans the coming weeks and months; a date far outside this range is
# almost always a typing error (2062 for 2026).
EARLIEST = timedelta(days=365)
LATEST = timedelta(days=2 * 365)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ProposalNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=RouteProposal._meta.get_field("note").max_length,
    )


class RouteRemoveForm(ProposalNoteForm):
    """Only the note: the item to remove is in the URL."""


class RouteDatesForm(ProposalNoteForm):
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    field_order = ["starts_on", "ends_on", "note"]

    # Dates that were already on the route are not checked again.
    unchanged_dates: tuple[date, ...] = ()

    def _check_range(self, name: str) -> None:
        value = self.cleaned_data.get(name)
        if value is None or value in self.unchanged_dates:
            return
        today = timezone.localdate()
        earliest, latest = today - EARLIEST, today + LATEST
        if not earliest <= value <= latest:
            self.add_error(
                name,
                _("Choose a date between %(earliest)s and %(latest)s.")
                % {
                    "earliest": formats.date_format(earliest, "SHORT_DATE_FORMAT"),
                    "latest": formats.date_format(latest, "SHORT_DATE_FORMAT"),
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_range("starts_on")
        self._check_range("ends_on")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on and "ends_on" not in self.errors:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned


class RouteAddForm(RouteDatesForm):
    kind = forms.ChoiceField(
        label=_("What kind of item"), choices=RouteItemKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("What"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the title of the chosen goal."),
    )
    own_goal = forms.ModelChoiceField(
        label=_("Own goal"),
        queryset=OwnGoal.objects.none(),
        required=False,
        to_field_name="public_id",
    )
    curriculum_goal = forms.ModelChoiceField(
        label=_("Learning goal"), queryset=CurriculumGoal.objects.none(), required=False
    )
    field_order = ["kind", "title", "own_goal", "curriculum_goal", "starts_on", "ends_on", "note"]

    def __init__(self, *args: Any, student: Student, may_see_goals: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Someone the student does not show their own goals to gets no list of them.
        if may_see_goals:
            own_goals = OwnGoal.objects.filter(student=student).order_by("title")
            self.fields["own_goal"].queryset = own_goals  # type: ignore[attr-defined]
        else:
            del self.fields["own_goal"]
        curriculum = CurriculumGoal.objects.filter(school_id=student.school_id)
        self.fields["curriculum_goal"].queryset = curriculum  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        own_goal, curriculum_goal = cleaned.get("own_goal"), cleaned.get("curriculum_goal")
        if kind == RouteItemKind.OWN_GOAL and own_goal is None and "own_goal" not in self.errors:
            if "own_goal" in self.fields:
                self.add_error("own_goal", _("Choose the own goal."))
            else:
                self.add_error("kind", _("Only the student can plan their own goals."))
        if (
            kind == RouteItemKind.CURRICULUM_GOAL
            and curriculum_goal is None
            and "curriculum_goal" not in self.errors
        ):
            self.add_error("curriculum_goal", _("Choose the learning goal."))
        if not cleaned.get("title"):
            goal = own_goal if kind == RouteItemKind.OWN_GOAL else curriculum_goal
            goal = goal or own_goal or curriculum_goal
            if goal is not None:
                cleaned["title"] = goal.title
            elif kind and not self.errors:
                self.add_error("title", _("Say what you will work on."))
        return cleaned

    def values(self) -> RouteItemValues:
        data = self.cleaned_data
        return RouteItemValues(
            kind=data["kind"],
            title=data["title"],
            own_goal=data.get("own_goal"),
            curriculum_goal=data.get("curriculum_goal"),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )


class RouteChangeForm(RouteDatesForm):
    title = forms.CharField(label=_("What"), max_length=200)
    field_order = ["title", "starts_on", "ends_on", "note"]

    def __init__(self, *args: Any, item: RouteItem, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"title": item.title, "starts_on": item.starts_on, "ends_on": item.ends_on},
        )
        super().__init__(*args, **kwargs)
        self.item = item
        self.unchanged_dates = (item.starts_on, item.ends_on)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        item = self.item
        proposed = (cleaned.get("title"), cleaned.get("starts_on"), cleaned.get("ends_on"))
        if not self.errors and proposed == (item.title, item.starts_on, item.ends_on):
            raise forms.ValidationError(_("Nothing has changed: change the title or a date."))
        return cleaned

    def values(self) -> RouteItemValues:
        data = self.cleaned_data
        return RouteItemValues(
            title=data["title"], starts_on=data["starts_on"], ends_on=data["ends_on"]
        )
