"""Taking attendance in a flex session: the form and the write.

Who may: the session's teacher and the school's leaders (``access_session``
with ``edit``). When: only in a published week, and from the day of the
session on — a teacher cannot mark anyone absent for a session that has not
begun. Earlier days stay open, so a mistake can be corrected afterwards.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerweg.accounts.models import User
from leerweg.flex.models import (
    AllocationRun,
    Attendance,
    AttendanceStatus,
    FlexSession,
    Placement,
)
from leerweg.flex.schedule import attendance_open

NOTE_LENGTH = Attendance._meta.get_field("note").max_length or 200


@dataclass(frozen=True)
class Mark:
    """What the teacher entered for one placement; an empty status means not recorded."""

    placement_id: int
    status: str
    note: str


class AttendanceForm(forms.Form):
    """A status and a note per placed student, named after the placement's id.

    Fields for students who are not placed in the session are refused rather
    than ignored, so a tampered or stale form never stores half of what was sent.
    """

    def __init__(self, *args: object, placements: list[Placement], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.placements = placements
        for placement in placements:
            recorded = getattr(placement, "attendance", None)
            name = placement.student.user.get_full_name()
            self.fields[f"status_{placement.pk}"] = forms.ChoiceField(
                label=gettext_lazy("Attendance"),
                choices=[("", gettext_lazy("not recorded")), *AttendanceStatus.choices],
                required=False,
                initial=recorded.status if recorded else "",
            )
            self.fields[f"note_{placement.pk}"] = forms.CharField(
                label=gettext_lazy("Note"),
                max_length=NOTE_LENGTH,
                required=False,
                initial=recorded.note if recorded else "",
            )
            self.fields[f"status_{placement.pk}"].student_name = name  # type: ignore[attr-defined]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        known = {f"{kind}_{p.pk}" for p in self.placements for kind in ("status", "note")}
        strangers = [
            key
            for key in (self.data or {})
            if key.startswith(("status_", "note_")) and key not in known
        ]
        if strangers:
            raise ValidationError(
                _("The form names a student who is not placed in this session. Reload the page.")
            )
        return cleaned

    def rows(self) -> list[tuple[Placement, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"status_{p.pk}"], self[f"note_{p.pk}"]) for p in self.placements]

    def marks(self) -> list[Mark]:
        return [
            Mark(
                placement_id=p.pk,
                status=self.cleaned_data[f"status_{p.pk}"],
                note=self.cleaned_data[f"note_{p.pk}"].strip(),
            )
            for p in self.placements
        ]


@transaction.atomic
def attendance_save(
    *, run: AllocationRun, session: FlexSession, marks: list[Mark], recorded_by: User
) -> int:
    """Store the attendance of a session in a published week; all or nothing.

    An empty status removes what was recorded. Returns how many rows changed.
    """
    if run.published_at is None:
        raise ValidationError(_("This week's flex schedule has not been published."))
    if not attendance_open(session, run.week):
        raise ValidationError(_("Attendance can be taken from the day of the session on."))
    placements = {
        p.pk: p
        for p in Placement.objects.select_for_update(of=("self",))
        .filter(run=run, session=session)
        .select_related("attendance")
    }
    statuses = set(AttendanceStatus.values)
    for mark in marks:
        if mark.placement_id not in placements:
            raise ValidationError(_("That student is not placed in this session."))
        if mark.status and mark.status not in statuses:
            raise ValidationError(_("Choose an attendance status from the list."))
        if len(mark.note) > NOTE_LENGTH:
            raise ValidationError(
                _("A note is at most %(count)d characters.") % {"count": NOTE_LENGTH}
            )
    changed = 0
    for mark in marks:
        recorded = getattr(placements[mark.placement_id], "attendance", None)
        if not mark.status:
            if recorded is not None:
                recorded.delete()
                changed += 1
            continue
        if recorded is None:
            Attendance.objects.create(
                placement_id=mark.placement_id,
                status=mark.status,
                note=mark.note,
                recorded_by=recorded_by,
            )
            changed += 1
        elif (recorded.status, recorded.note) != (mark.status, mark.note):
            recorded.status, recorded.note, recorded.recorded_by = (
                mark.status,
                mark.note,
                recorded_by,
            )
            recorded.save(update_fields=["status", "note", "recorded_by", "updated_at"])
            changed += 1
    return changed
