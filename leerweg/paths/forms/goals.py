from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.models import GoalStatus, OwnGoal
from leerweg.schools.models import Student


class OwnGoalForm(forms.ModelForm):
    """The goal and its plan. The help texts are the prompt that makes a goal specific."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = OwnGoal
        fields = [
            "title",
            "description",
            "why",
            "target_date",
            "status",
            "curriculum_goals",
            "plan_how",
            "plan_when",
            "plan_where",
            "plan_with_whom",
        ]
        help_texts = {
            "title": _("Start with “I want to …”. For example: I want to give a five-minute talk."),
            "description": _(
                "Make it specific: what can you do then that you cannot do now? "
                "How will you notice that you have made it?"
            ),
            "why": _("What does it bring you? Why now?"),
            "plan_how": _("For example: practise every week, watch a tutorial, ask for feedback."),
            "plan_when": _("For example: on Tuesdays in the flex hour, and at home on Sunday."),
            "plan_where": _("For example: at school, at the library, at the club."),
            "plan_with_whom": _("For example: on my own, with a classmate, with my coach."),
            "curriculum_goals": _(
                "Optional: learning goals of your school that this goal helps with."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "why": forms.Textarea(attrs={"rows": 2}),
            "plan_how": forms.Textarea(attrs={"rows": 3}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: object, student: Student, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["curriculum_goals"].queryset = (  # type: ignore[attr-defined]
            CurriculumGoal.objects.filter(school=student.school, sector=student.school.sector)
            .select_related("line__domain")
            .order_by("line__domain__position", "line__position", "position", "code")
        )
        self.fields["curriculum_goals"].required = False
        if not self.instance.pk:
            self.fields["status"].initial = GoalStatus.ACTIVE

    def clean_target_date(self) -> date | None:
        target = self.cleaned_data.get("target_date")
        if target and target > timezone.localdate() + timedelta(days=366 * 3):
            raise forms.ValidationError(_("Choose a date within the next three years."))
        return target


class PlanStepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Next step"), max_length=200)
    due_on = forms.DateField(
        label=_("By"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Reflection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What went well? What was hard? What will you do next?"),
    )
    status = forms.ChoiceField(
        label=_("Where do you stand now?"), choices=GoalStatus.choices, required=False
    )
