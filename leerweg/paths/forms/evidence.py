"""The form for adding and changing a piece of evidence.

One form for all four kinds: the fields that do not belong to the kind are
left out. Uploads are checked by content in ``leerweg.paths.files``; a refused
upload is a field error and nothing is stored.
"""

from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths import files
from leerweg.paths.files import Refusal
from leerweg.paths.models import Evidence, EvidenceKind, OwnGoal
from leerweg.schools.models import Student

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
DOCUMENT_ACCEPT = ",".join(f".{document.extension}" for document in files.DOCUMENT_TYPES.values())
DOCUMENT_LABELS = ", ".join(document.label for document in files.DOCUMENT_TYPES.values())

REFUSALS: dict[Refusal, Promise] = {
    Refusal.NOT_AN_IMAGE: _(
        "This is not a photo we can read. Choose a JPEG, PNG, WebP or GIF image."
    ),
    Refusal.IMAGE_TOO_LARGE: _("This photo has too many pixels. Choose a smaller photo."),
    Refusal.UNKNOWN_TYPE: _("This kind of file cannot be added. Allowed: %(types)s."),
    Refusal.NAME_MISMATCH: _(
        "The name of this file does not match what is inside it. "
        "Check the ending of the file name (for example .pdf or .docx)."
    ),
    Refusal.IS_IMAGE: _("This is a photo or image: add it as a photo instead."),
    Refusal.MACROS: _("Files with macros cannot be added. Save the file without macros."),
}


def max_evidence_bytes() -> int:
    return int(getattr(settings, "LEERWEG_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


class WebURLField(forms.URLField):
    """A link to a web page: http or https only (no javascript:, ftp:, file:, …)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.title


class CurriculumGoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.title}"


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = WebURLField(
        label=_("Link"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of the web page, starting with https://"),
    )
    upload = forms.FileField(label=_("File"))
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: what does this show about what you learned?"),
    )
    own_goals = GoalChoiceField(
        label=_("Which of my goals does this show?"),
        queryset=OwnGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one of your goals.")},
    )
    curriculum_goals = CurriculumGoalChoiceField(
        label=_("Learning goals"),
        queryset=CurriculumGoal.objects.none(),
        required=False,
        help_text=_("Optional: learning goals of your school that this shows."),
    )

    def __init__(
        self,
        *args: Any,
        student: Student,
        kind: str,
        instance: Evidence | None = None,
        for_goal: str = "",
        **kwargs: Any,
    ) -> None:
        if instance is not None:
            kwargs.setdefault("initial", _initial_of(instance))
        elif goal_id := _uuid_or_none(for_goal):
            # Coming from a goal's page: that goal is ticked already.
            goals = OwnGoal.objects.filter(student=student, public_id=goal_id)
            kwargs.setdefault("initial", {"own_goals": list(goals)})
        super().__init__(*args, **kwargs)
        self.kind = kind
        self._shape_for_kind(kind, editing=instance is not None)
        fields: Any = self.fields
        fields["own_goals"].queryset = OwnGoal.objects.filter(student=student).order_by("title")
        curriculum = CurriculumGoal.objects.filter(school=student.school).order_by(
            "position", "code"
        )
        if curriculum.exists():
            fields["curriculum_goals"].queryset = curriculum
        else:
            del self.fields["curriculum_goals"]

    def _shape_for_kind(self, kind: str, *, editing: bool) -> None:
        if kind != EvidenceKind.LINK:
            del self.fields["url"]
        if editing or kind not in (EvidenceKind.IMAGE, EvidenceKind.FILE):
            del self.fields["upload"]
        elif kind == EvidenceKind.IMAGE:
            upload = self.fields["upload"]
            upload.label = _("Photo")
            upload.widget.attrs["accept"] = IMAGE_ACCEPT
            upload.help_text = _("JPEG, PNG, WebP or GIF, at most %(size)s.") % {
                "size": filesizeformat(max_evidence_bytes())
            }
        else:
            upload = self.fields["upload"]
            upload.widget.attrs["accept"] = DOCUMENT_ACCEPT
            upload.help_text = _("%(types)s, at most %(size)s.") % {
                "types": DOCUMENT_LABELS,
                "size": filesizeformat(max_evidence_bytes()),
            }
        if kind == EvidenceKind.TEXT:
            text = self.fields["text"]
            text.required = True
            text.label = _("What did you do or learn?")
            text.help_text = ""
            text.widget.attrs["rows"] = 8

    def clean_upload(self) -> files.CheckedUpload:
        upload = self.cleaned_data["upload"]
        limit = max_evidence_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is %(size)s; at most %(limit)s is allowed."),
                code="too_big",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        try:
            if self.kind == EvidenceKind.IMAGE:
                return files.prepare_image(upload)
            return files.check_document(upload, upload.name or "")
        except files.UploadRefusedError as refusal:
            raise forms.ValidationError(
                str(REFUSALS[refusal.reason]),
                code=refusal.reason,
                params={"types": DOCUMENT_LABELS},
            ) from refusal

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned values, named as the evidence services take them."""
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "text": data.get("text", "").strip(),
            "url": data.get("url", ""),
            "own_goals": list(data["own_goals"]),
            "curriculum_goals": list(data.get("curriculum_goals", [])),
        }

    @property
    def has_goal_choices(self) -> bool:
        fields: Any = self.fields
        return bool(fields["own_goals"].queryset.exists())

    @property
    def checked_upload(self) -> files.CheckedUpload | None:
        return self.cleaned_data.get("upload")


def _uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


def _initial_of(evidence: Evidence) -> dict[str, Any]:
    return {
        "title": evidence.title,
        "text": evidence.text,
        "url": evidence.url,
        "own_goals": list(evidence.own_goals.all()),
        "curriculum_goals": list(evidence.curriculum_goals.all()),
    }
