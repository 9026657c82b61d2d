"""Forms for learning networks and learning areas.

Uploads are checked by their content with the same checks as a student's
evidence (``leerweg.paths.files``): PDF, Office and OpenDocument files (no
macros), plain text, and photos, which are written anew without metadata.
A refused upload is a field error and nothing is stored.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from leerweg.accounts.models import User
from leerweg.assessment.models import Rubric
from leerweg.networks.models import (
    DateOption,
    Meeting,
    Network,
    NetworkSchool,
    PostKind,
    Theme,
)
from leerweg.networks.services import MAX_MEETINGS, MaterialValues, MeetingValues
from leerweg.paths import files
from leerweg.schools.models import School, Sector

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt")
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif")
ACCEPT = ",".join(f".{extension}" for extension in (*DOCUMENT_TYPES, *IMAGE_EXTENSIONS))
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def max_upload_bytes() -> int:
    return int(getattr(settings, "LEERWEG_NETWORK_MAX_BYTES", DEFAULT_MAX_BYTES))


class WebURLField(forms.URLField):
    """A link to a web page: http or https only (no javascript:, data:, file:, …)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} ({obj.email})" if obj.email else obj.get_full_name()


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea
    )
    meeting_count = forms.IntegerField(
        label=_("Number of meetings"),
        min_value=0,
        max_value=MAX_MEETINGS,
        initial=5,
        help_text=_("Usually five: a joint start and four hosted in turn by the member schools."),
    )


def _school_by_brin(value: str) -> School:
    school = School.objects.filter(brin__iexact=value.strip()).first()
    if school is None:
        raise forms.ValidationError(_("There is no school with this BRIN code in Leerweg."))
    return school


class MemberSchoolForm(forms.Form):
    brin = forms.CharField(
        label=_("BRIN code of the school"), max_length=4, help_text=_("For example 12AB.")
    )
    email = forms.EmailField(
        label=_("E-mail address of its school leader"),
        help_text=_("The school leader represents the school; they can add one colleague."),
    )

    def clean_brin(self) -> School:
        return _school_by_brin(self.cleaned_data["brin"])

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody in Leerweg has this e-mail address."))
        return user


class ColleagueForm(forms.Form):
    user = PersonChoiceField(label=_("Colleague"), queryset=User.objects.none())

    def __init__(self, *args: Any, member_school: NetworkSchool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = (
            User.objects.filter(staff_memberships__school=member_school.school_id, is_active=True)
            .exclude(network_memberships__network=member_school.network_id)
            .distinct()
            .order_by("last_name", "first_name")
        )


class LearningQuestionForm(forms.ModelForm):
    class Meta:
        model = NetworkSchool
        fields = ["learning_question", "ambition"]
        widgets = {
            "learning_question": forms.Textarea(attrs={"rows": 3}),
            "ambition": forms.Textarea(attrs={"rows": 3}),
        }


class MeetingAddForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "date",
            "start_time",
            "end_time",
            "host",
            "place",
            "agenda",
            "minutes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"place": _("Leave empty to meet at the host school.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        host: Any = self.fields["host"]
        host.queryset = NetworkSchool.objects.filter(network=self.instance.network_id)
        host.label_from_instance = lambda member: member.school.name

    def _post_clean(self) -> None:
        # The service validates and saves; the form only checks the fields.
        pass

    def meeting_values(self) -> MeetingValues:
        data = self.cleaned_data
        return MeetingValues(
            title=data["title"],
            date=data["date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            host=data["host"],
            place=data["place"],
            agenda=data["agenda"],
            minutes=data["minutes"],
        )


class DateOptionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))


class FixDateForm(forms.Form):
    option = forms.ModelChoiceField(
        label=_("Proposed date"), queryset=DateOption.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["option"]
        field.queryset = meeting.date_options.all()


class AttendanceForm(forms.Form):
    present = PeopleChoiceField(
        label=_("Present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["present"]
        field.queryset = User.objects.filter(network_memberships__network=network).order_by(
            "last_name", "first_name"
        )


class PostForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PostKind.choices, widget=forms.RadioSelect, initial=PostKind.POST
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=8000, widget=forms.Textarea)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class MaterialForm(forms.Form):
    """A good practice or material: a file, a link, or both."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All sectors")), *Sector.choices], required=False
    )
    url = WebURLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    upload = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        upload = self.fields["upload"]
        upload.widget.attrs["accept"] = ACCEPT
        upload.help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument, text or a photo; at most %(size)s."
        ) % {"size": filesizeformat(max_upload_bytes())}

    def clean_upload(self) -> files.CheckedUpload | None:
        upload: Any = self.cleaned_data.get("upload")
        if not upload:
            return None
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is %(size)s; at most %(limit)s is allowed."),
                code="too_big",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        return _checked(upload)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("url") and not data.get("upload"):
            raise forms.ValidationError(_("Add a file or a link."), code="empty")
        return data

    def material_values(self) -> MaterialValues:
        data = self.cleaned_data
        return MaterialValues(
            title=data["title"],
            description=data["description"],
            theme=data["theme"],
            sector=data["sector"],
            url=data["url"],
        )

    @property
    def checked_upload(self) -> files.CheckedUpload | None:
        return self.cleaned_data.get("upload")


def _checked(upload: Any) -> files.CheckedUpload:
    """A photo is written anew without metadata; anything else must be an allowed document."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        if head.startswith(IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
            return files.prepare_image(upload)
        checked = files.check_document(upload, upload.name or "")
    except files.UploadRefusedError as refusal:
        if refusal.reason == files.Refusal.MACROS:
            message = _("Files with macros cannot be shared. Save the file without macros.")
        elif refusal.reason == files.Refusal.NAME_MISMATCH:
            message = _(
                "The name of this file does not match what is inside it. "
                "Check the ending of the file name (for example .pdf or .docx)."
            )
        else:
            message = _("This kind of file cannot be shared.")
        raise forms.ValidationError(message, code=refusal.reason) from refusal
    if checked.extension not in DOCUMENT_TYPES:
        raise forms.ValidationError(_("This kind of file cannot be shared."), code="unknown_type")
    return checked


class InspirationFilterForm(forms.Form):
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("All themes")), *Theme.choices], required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All sectors")), *Sector.choices], required=False
    )


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    theme = forms.ChoiceField(label=_("Learning area"), choices=Theme.choices)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea
    )
    school = SchoolChoiceField(label=_("Your school"), queryset=School.objects.none())
    network = forms.ModelChoiceField(
        label=_("Learning network"),
        queryset=Network.objects.none(),
        required=False,
        help_text=_("Optional: the learning network this area belongs to."),
    )

    def __init__(self, *args: Any, schools: Any, networks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school: Any = self.fields["school"]
        school.queryset = schools
        network: Any = self.fields["network"]
        network.queryset = networks


class AreaSchoolForm(forms.Form):
    brin = forms.CharField(
        label=_("BRIN code of the school"), max_length=4, help_text=_("For example 12AB.")
    )

    def clean_brin(self) -> School:
        return _school_by_brin(self.cleaned_data["brin"])


class AreaGoalForm(forms.Form):
    school = SchoolChoiceField(label=_("For school"), queryset=School.objects.none())
    text = forms.CharField(label=_("Goal"), max_length=500)

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["school"]
        field.queryset = schools


class RubricChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.school.name})"


class RubricShareForm(forms.Form):
    rubric = RubricChoiceField(label=_("Rubric"), queryset=Rubric.objects.none())

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["rubric"]
        field.queryset = Rubric.objects.filter(school__in=schools).select_related("school")


class RubricCopyForm(forms.Form):
    school = SchoolChoiceField(label=_("Copy into the library of"), queryset=School.objects.none())

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["school"]
        field.queryset = schools
