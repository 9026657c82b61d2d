from collections.abc import Sequence
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from leerweg.accounts.models import User
from leerweg.curriculum.models import CurriculumGoal
from leerweg.flex.allocator import Objective
from leerweg.flex.models import (
    MAX_RANKS,
    FlexSession,
    FlexSettings,
    FlexSlot,
    FlexSlotException,
)
from leerweg.flex.runs.wording import OBJECTIVES
from leerweg.flex.selectors import upcoming_weeks, week_monday
from leerweg.paths.models import OwnGoal
from leerweg.schools.models import (
    Group,
    School,
    SchoolYear,
    StaffMembership,
    Student,
    year_level_label,
)

WEEKS_AHEAD = 12


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field where there is one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def week_code(monday: date) -> str:
    iso_year, iso_week, _day = monday.isocalendar()
    return f"{iso_year}-W{iso_week:02d}"


def week_from_code(code: str) -> date | None:
    """The Monday of "2026-W49"; ``None`` for anything else."""
    year, separator, week = code.partition("-W")
    if not separator or not year.isdigit() or not week.isdigit():
        return None
    try:
        return week_monday(int(year), int(week))
    except ValueError:
        return None


def week_choices(school: School, *, first: tuple[str, str] | None = None) -> list[tuple[str, str]]:
    label = _("week %(week)s, from %(date)s")
    choices = [first] if first else []
    for monday in upcoming_weeks(school, count=WEEKS_AHEAD):
        choices.append(
            (
                week_code(monday),
                str(label) % {"week": monday.isocalendar()[1], "date": formats.date_format(monday)},
            )
        )
    return choices


class FlexSettingsForm(forms.ModelForm):
    class Meta:
        model = FlexSettings
        fields = [
            "enabled",
            "min_per_week",
            "max_per_week",
            "deadline_weekday",
            "deadline_time",
            "deadline_in_week_before",
        ]
        widgets = {"deadline_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        low, high = cleaned.get("min_per_week"), cleaned.get("max_per_week")
        if low is not None and high is not None and low > high:
            self.add_error("min_per_week", _("The minimum cannot be more than the maximum."))
        return cleaned


class FlexSlotForm(forms.ModelForm):
    school_year = forms.ModelChoiceField(label=_("school year"), queryset=SchoolYear.objects.none())

    class Meta:
        model = FlexSlot
        fields = ["school_year", "name", "weekday", "start_time", "end_time"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: object, school: School, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        years = SchoolYear.objects.filter(school=school, end_date__gte=timezone.localdate())
        field = self.fields["school_year"]
        field.queryset = years.order_by("start_date")  # type: ignore[attr-defined]
        # Nearly always one school year is still running: offer it, not an empty choice.
        field.empty_label = None  # type: ignore[attr-defined]
        if self.instance.pk:
            field.disabled = True

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and start >= end:
            self.add_error("end_time", _("The end must be after the start."))
        return cleaned


class SlotExceptionForm(forms.ModelForm):
    class Meta:
        model = FlexSlotException
        fields = ["date", "reason"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CurriculumGoal) -> str:
        return f"{obj.code} {obj.title}"


class FlexSessionForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("flex hour"), queryset=FlexSlot.objects.none())
    week = forms.ChoiceField(label=_("when"), required=False)
    title = forms.CharField(label=_("title"), max_length=120)
    description = forms.CharField(
        label=_("description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    teacher = forms.ModelChoiceField(label=_("teacher"), queryset=User.objects.none())
    room = forms.CharField(label=_("room"), max_length=40, required=False)
    capacity = forms.IntegerField(label=_("places"), min_value=1, max_value=500)
    year_levels = forms.TypedMultipleChoiceField(
        label=_("only for years"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nothing ticked: every year."),
    )
    levels = forms.MultipleChoiceField(
        label=_("only for levels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nothing ticked: every level."),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("only for groups"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nothing ticked: every group."),
    )
    prerequisite_goals = GoalChoiceField(
        label=_("students must have worked on these learning goals first"),
        queryset=CurriculumGoal.objects.none(),
        required=False,
        help_text=_("Worked on: the student has evidence linked to the learning goal."),
    )
    prerequisite_sessions = forms.ModelMultipleChoiceField(
        label=_("students must have attended these sessions first"),
        queryset=FlexSession.objects.none(),
        required=False,
    )
    goals = GoalChoiceField(
        label=_("learning goals this session works on"),
        queryset=CurriculumGoal.objects.none(),
        required=False,
    )

    def __init__(
        self,
        *args: object,
        school: School,
        teachers: QuerySet[User] | None,
        sessions: QuerySet[FlexSession],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        today = timezone.localdate()
        fields = self.fields
        fields["slot"].queryset = FlexSlot.objects.filter(  # type: ignore[attr-defined]
            school=school, school_year__end_date__gte=today
        ).select_related("school_year")
        fields["week"].choices = week_choices(  # type: ignore[attr-defined]
            school, first=("", str(_("every week")))
        )
        if teachers is None:
            del fields["teacher"]
        else:
            fields["teacher"].queryset = teachers  # type: ignore[attr-defined]
        groups = Group.objects.filter(school=school, school_year__end_date__gte=today)
        fields["groups"].queryset = groups.order_by("year_level", "name")  # type: ignore[attr-defined]
        years = sorted({y for y in groups.values_list("year_level", flat=True) if y is not None})
        fields["year_levels"].choices = [  # type: ignore[attr-defined]
            (year, year_level_label(school.sector, year)) for year in years
        ]
        levels = sorted({level.strip().lower() for level in groups.values_list("level", flat=True)})
        fields["levels"].choices = [(level, level) for level in levels if level]  # type: ignore[attr-defined]
        goals = CurriculumGoal.objects.filter(school=school).order_by("code")
        fields["prerequisite_goals"].queryset = goals  # type: ignore[attr-defined]
        fields["goals"].queryset = goals  # type: ignore[attr-defined]
        fields["prerequisite_sessions"].queryset = sessions  # type: ignore[attr-defined]

    def clean_week(self) -> date | None:
        code = self.cleaned_data.get("week") or ""
        if not code:
            return None
        monday = week_from_code(code)
        if monday is None:
            raise forms.ValidationError(_("Choose a week from the list."))
        return monday

    @classmethod
    def initial_for(cls, session: FlexSession) -> dict[str, object]:
        return {
            "slot": session.slot_id,
            "week": week_code(session.week.monday) if session.week else "",
            "title": session.title,
            "description": session.description,
            "teacher": session.teacher_id,
            "room": session.room,
            "capacity": session.capacity,
            "year_levels": session.year_levels,
            "levels": session.levels,
            "groups": list(session.groups.all()),
            "prerequisite_goals": list(session.prerequisite_goals.all()),
            "prerequisite_sessions": list(session.prerequisite_sessions.all()),
            "goals": list(session.goals.all()),
        }


def session_teachers(school: School) -> QuerySet[User]:
    """Staff of the school who may be named as a session's teacher."""
    roles = StaffMembership.objects.filter(
        school=school, role__in=["teacher", "mentor", "coach", "school_leader"]
    ).values("user_id")
    return User.objects.filter(pk__in=roles, is_active=True).order_by("last_name", "first_name")


class ChoicesForm(forms.Form):
    """Per flex hour a ranked list: one select per rank, and optionally one of the student's goals.

    Works without JavaScript. Empty ranks are skipped, so "1st and 3rd" is
    stored as the first and second choice; the same session twice is refused.
    """

    def __init__(
        self,
        *args: object,
        slots: Sequence[tuple[FlexSlot, Sequence[FlexSession]]],
        goals: Sequence[OwnGoal],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.slots = slots
        self.goals = {str(goal.pk): goal for goal in goals}
        self.sessions: dict[str, FlexSession] = {}
        self.ranks: dict[int, int] = {}
        goal_choices = [("", _("no goal")), *((str(g.pk), g.title) for g in goals)]
        for slot, sessions in slots:
            options: list[tuple[str, str]] = [("", str(_("no choice")))]
            for session in sessions:
                self.sessions[str(session.pk)] = session
                options.append((str(session.pk), _session_label(session)))
            # No more ranks than there are sessions to put in order.
            self.ranks[slot.pk] = min(MAX_RANKS, len(sessions))
            for rank in range(1, self.ranks[slot.pk] + 1):
                self.fields[self.rank_field(slot, rank)] = forms.ChoiceField(
                    label=_("choice %(rank)d") % {"rank": rank}, choices=options, required=False
                )
            if goals:
                self.fields[self.goal_field(slot)] = forms.ChoiceField(
                    label=_("this helps me with my goal"), choices=goal_choices, required=False
                )

    @staticmethod
    def rank_field(slot: FlexSlot, rank: int) -> str:
        return f"slot_{slot.pk}_{rank}"

    @staticmethod
    def goal_field(slot: FlexSlot) -> str:
        return f"goal_{slot.pk}"

    def fieldsets(self) -> list[tuple[FlexSlot, list[forms.BoundField], forms.BoundField | None]]:
        result = []
        for slot, _sessions in self.slots:
            ranks = [self[self.rank_field(slot, r)] for r in range(1, self.ranks[slot.pk] + 1)]
            goal_name = self.goal_field(slot)
            result.append((slot, ranks, self[goal_name] if goal_name in self.fields else None))
        return result

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        ranked: dict[int, list[tuple[FlexSession, OwnGoal | None]]] = {}
        for slot, _sessions in self.slots:
            goal = self.goals.get(cleaned.get(self.goal_field(slot)) or "")
            picked: list[FlexSession] = []
            for rank in range(1, self.ranks[slot.pk] + 1):
                value = cleaned.get(self.rank_field(slot, rank))
                if not value:
                    continue
                session = self.sessions[value]
                if session in picked:
                    self.add_error(
                        self.rank_field(slot, rank),
                        _("You already chose “%(title)s” in this flex hour.")
                        % {"title": session.title},
                    )
                picked.append(session)
            ranked[slot.pk] = [(session, goal) for session in picked]
        cleaned["ranked"] = ranked
        return cleaned


def _session_label(session: FlexSession) -> str:
    parts = [session.title, session.teacher.get_full_name()]
    if session.room:
        parts.append(session.room)
    return " · ".join(parts)


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Student) -> str:
        return obj.user.get_full_name()


class MandatoryForm(forms.Form):
    student = StudentChoiceField(label=_("student"), queryset=Student.objects.none())
    week = forms.ChoiceField(label=_("week"))
    reason = forms.CharField(
        label=_("why"),
        max_length=300,
        help_text=_("The student reads this, for example: extra instruction on fractions."),
    )

    def __init__(
        self, *args: object, school: School, students: QuerySet[Student], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["student"].queryset = students.select_related("user").order_by(  # type: ignore[attr-defined]
            "user__last_name", "user__first_name"
        )
        self.fields["week"].choices = week_choices(school)  # type: ignore[attr-defined]

    def clean_week(self) -> date:
        monday = week_from_code(self.cleaned_data.get("week") or "")
        if monday is None:
            raise forms.ValidationError(_("Choose a week from the list."))
        return monday


class RunStartForm(forms.Form):
    objective = forms.ChoiceField(
        label=_("How should choices be weighed?"),
        choices=list(OBJECTIVES.items()),
        initial=Objective.CONVEX.value,
        widget=forms.RadioSelect,
    )


class MoveForm(forms.Form):
    """A student (by public id) to move into a session of a run, with or without a re-solve."""

    student = forms.UUIDField(widget=forms.HiddenInput)
    session = forms.UUIDField(label=_("Move to"))
    resolve = forms.BooleanField(required=False, label=_("Move others where needed to make room"))
