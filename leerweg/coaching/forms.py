from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerweg.coaching.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    Conversation,
    ConversationNote,
    DayStart,
    NoteVisibility,
    SchoolCoachingSettings,
)
from leerweg.paths.models import GoalStatus, OwnGoal
from leerweg.schools.models import Student


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["planned_at", "topic"]
        widgets = {"planned_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}
        help_texts = {"topic": _("For example: how is the presentation going?")}

    def clean_planned_at(self) -> object:
        planned_at = self.cleaned_data["planned_at"]
        now = timezone.now()
        if not now - timedelta(days=366) <= planned_at <= now + timedelta(days=366):
            raise forms.ValidationError(_("Choose a moment within a year from today."))
        return planned_at


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["text"]
        labels = {"text": _("What do you want to talk about?")}


class NoteForm(forms.ModelForm):
    class Meta:
        model = ConversationNote
        fields = ["text", "visibility"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "visibility": forms.RadioSelect}
        help_texts = {
            "visibility": _("A private note is never shown to anyone else, not even colleagues.")
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["visibility"].initial = NoteVisibility.SHARED


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["owner", "description", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}), "owner": forms.RadioSelect}


class AgreementStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=AgreementStatus.choices)
    # The conversation whose page the change was made on (its follow-up list).
    conversation = forms.UUIDField(widget=forms.HiddenInput, required=False)


class DayStartForm(forms.ModelForm):
    class Meta:
        model = DayStart
        fields = ["mood", "plan", "own_goal", "where", "with_whom"]
        widgets = {"mood": forms.RadioSelect}
        help_texts = {
            "plan": _("For example: finish my history assignment."),
            "own_goal": _("Optional: one of your own goals."),
            "where": _("For example: the study room, the library."),
            "with_whom": _("For example: on my own, with Daan."),
        }

    def __init__(self, *args: object, student: Student, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["own_goal"].queryset = OwnGoal.objects.filter(  # type: ignore[attr-defined]
            student=student, status__in=[GoalStatus.PLANNED, GoalStatus.ACTIVE]
        ).order_by("title")
        self.fields["own_goal"].required = False
        mood = self.fields["mood"]
        mood.choices = [c for c in mood.choices if c[0] != ""]  # type: ignore[attr-defined]


class CoachingSettingsForm(forms.ModelForm):
    class Meta:
        model = SchoolCoachingSettings
        fields = ["day_starts_enabled"]
