from django import forms
from django.utils.translation import gettext_lazy as _

from leerweg.consent.codes import normalise_code
from leerweg.consent.models import LABEL_MAX_LENGTH, Purpose
from leerweg.partners.selectors import partner_list


class PartnerField(forms.ModelChoiceField):
    """A partner organisation, sent as its public id."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            queryset=partner_list(),
            to_field_name="public_id",
            label=_("Organisation"),
            error_messages={
                "required": _("Choose an organisation."),
                "invalid_choice": _("Choose an organisation from the list."),
            },
            **kwargs,  # type: ignore[arg-type]
        )

    def label_from_instance(self, obj: object) -> str:
        town = getattr(obj, "town", "")
        return f"{obj} ({town})" if town else str(obj)


class LinkCodeForm(forms.Form):
    partner = PartnerField(empty_label=_("Choose an organisation"))
    purposes = forms.MultipleChoiceField(
        label=_("I give consent for this organisation to"),
        choices=[
            (Purpose.RECORD.value, _("record activities of the student in Leerweg")),
            (Purpose.VIEW.value, _("see the activities it recorded, once they are in Leerweg")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[Purpose.RECORD.value],
        help_text=_("You can change this later, and withdraw it at any time."),
    )


class ConsentChangeForm(forms.Form):
    partner = PartnerField(widget=forms.HiddenInput)
    purpose = forms.ChoiceField(
        choices=Purpose.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose what the consent is for.")},
    )


class LinkEndForm(forms.Form):
    partner = PartnerField(widget=forms.HiddenInput)


class CodeCancelForm(forms.Form):
    code = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"invalid": _("This code is not known.")}
    )


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=_("Link code"),
        max_length=20,
        help_text=_("The code the student or their parent gave you, such as KDF4-7QPX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    label = forms.CharField(
        label=_("Your name for this student"),
        max_length=LABEL_MAX_LENGTH,
        help_text=_(
            "For example their member name or number in your own records. Leerweg does not tell "
            "you the student's name."
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A link code has 8 letters and digits, such as KDF4-7QPX.")
            )
        return code

    def clean_label(self) -> str:
        label: str = self.cleaned_data["label"].strip()
        if not label:
            raise forms.ValidationError(_("Give a name or number for this student."))
        return label
