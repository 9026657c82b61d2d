from datetime import date

from django.db import transaction

from leerweg.accounts.models import User
from leerweg.activities.models import Activity, Setting, Source
from leerweg.schools.models import Student


@transaction.atomic
def activity_create(
    *,
    student: Student,
    recorded_by: User,
    source: Source,
    title: str,
    setting: Setting,
    started_on: date,
    ended_on: date | None = None,
    description: str = "",
    area: str = "",
    organisation: str = "",
) -> Activity:
    activity = Activity(
        student=student,
        recorded_by=recorded_by,
        source=source,
        title=title.strip(),
        setting=setting,
        started_on=started_on,
        ended_on=ended_on,
        description=description.strip(),
        area=area,
        organisation=organisation.strip(),
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    activity.delete()
