"""Publishing a run: its placements become the week's flex schedule."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerweg.accounts.models import User
from leerweg.flex.models import AllocationRun, FlexWeek, RunState, WeekState
from leerweg.flex.runs.notices import students_notify_published
from leerweg.schools.models import Student


@transaction.atomic
def allocation_publish(*, run: AllocationRun, by: User) -> AllocationRun:
    """Show the run's placements to its students and tell each placed student in the app.

    Only a DONE run, and only one run per week: a week whose allocation is
    published keeps it (moves change it afterwards).
    """
    run = AllocationRun.objects.select_for_update().select_related("week").get(pk=run.pk)
    if run.state != RunState.DONE:
        raise ValidationError(_("Only a finished allocation can be published."))
    if run.published_at is not None:
        raise ValidationError(_("This allocation has already been published."))
    if AllocationRun.objects.filter(week=run.week, published_at__isnull=False).exists():
        raise ValidationError(_("Another allocation of this week has already been published."))
    run.published_at = timezone.now()
    run.published_by = by
    run.save(update_fields=["published_at", "published_by", "updated_at"])
    FlexWeek.objects.filter(pk=run.week_id).update(
        state=WeekState.PUBLISHED, updated_at=timezone.now()
    )
    placed = Student.objects.filter(flex_placements__run=run).distinct().select_related("user")
    recipients = list(placed)
    week = run.week
    transaction.on_commit(lambda: students_notify_published(week, recipients))
    return run
