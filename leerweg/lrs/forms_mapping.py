from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from leerweg.lrs import mapping
from leerweg.lrs.models_mapping import StatementMapping
from leerweg.lrs.xapi.formats import is_iri
from leerweg.profiles.models import Skill
from leerweg.schools.models import School


class StatementMappingForm(forms.ModelForm):
    skills = forms.MultipleChoiceField(
        label=_("Skills"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = StatementMapping
        fields = ["kind", "iri", "on_timeline", "area", "skills"]
        labels = {"on_timeline": _("Put these statements on the student's timeline")}
        help_texts = {
            "iri": _(
                "The exact IRI of the verb or activity type, for example "
                "http://adlnet.gov/expapi/verbs/completed."
            ),
            "area": _("Leave empty to use the kind of partner (a sport club: sport)."),
        }
        widgets = {"kind": forms.RadioSelect, "iri": forms.TextInput(attrs={"spellcheck": "false"})}

    def __init__(self, *args: object, school: School, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.school = school
        self.fields["area"].required = False

    def clean_iri(self) -> str:
        iri = str(self.cleaned_data.get("iri") or "").strip()
        if len(iri) > mapping.RULE_IRI_MAX or not is_iri(iri):
            raise forms.ValidationError(
                _("Enter an absolute IRI, such as http://adlnet.gov/expapi/verbs/completed.")
            )
        parts = urlsplit(iri)
        if parts.scheme.lower() in ("http", "https") and not parts.netloc:
            raise forms.ValidationError(_("An http or https IRI needs a host name after //."))
        return iri

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        kind, iri = cleaned.get("kind"), cleaned.get("iri")
        if kind and iri:
            others = StatementMapping.objects.filter(school=self.school, kind=kind, iri=iri)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("iri", _("Your school already has a rule for this IRI."))
        return cleaned
