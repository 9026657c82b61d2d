"""The activity timeline through the REST API.

As on the timeline page: the student sees all of it, others when the student
shares activities with them, and otherwise only what they added themselves.
The student adds their own; staff who teach, mentor or coach the student add
school activities.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from ninja import Field, Query, Router, Schema, Status

from leerweg.accounts.http import AuthenticatedRequest, acting_role
from leerweg.accounts.roles import RoleKind
from leerweg.activities.access import activities_visible_to, may_add_activity
from leerweg.activities.forms import ActivityForm
from leerweg.activities.models import Activity, Setting, Source
from leerweg.activities.services import activity_create
from leerweg.audit.models import AuditAction
from leerweg.core.api_errors import validated
from leerweg.profiles.access import is_owner
from leerweg.profiles.models import InterestArea
from leerweg.schools.access import access_student
from leerweg.schools.services import students_access_record

router = Router(tags=["activities"])

VIEWERS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)
PAGE_SIZE = 30


class ActivityOut(Schema):
    id: UUID = Field(alias="public_id")
    title: str
    description: str
    setting: Setting
    area: InterestArea | None
    organisation: str
    started_on: date
    ended_on: date | None
    source: Source
    created_at: datetime

    @staticmethod
    def resolve_area(activity: Activity) -> str | None:
        return activity.area or None


class ActivityPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ActivityOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)


class ActivityIn(Schema):
    title: str
    setting: Setting
    area: InterestArea | None = None
    organisation: str = ""
    started_on: date
    ended_on: date | None = None
    description: str = ""


@router.get("/students/{uuid:student_id}/activities", response=ActivityPage)
def activity_list(
    request: AuthenticatedRequest, student_id: UUID, query: Query[PageQuery]
) -> dict[str, Any]:
    """The timeline, newest first, 30 per page (only what you added, unless it is shared)."""
    role = acting_role(request, *VIEWERS)
    student = access_student(request.user, role, student_id)
    activities = activities_visible_to(request.user, role, student)
    page = Paginator(activities, PAGE_SIZE).get_page(query.page)
    students_access_record(
        user=request.user, role=role, students=[student], what="api.activities.list"
    )
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": list(page),
    }


@router.post("/students/{uuid:student_id}/activities", response={201: ActivityOut})
def activity_add(
    request: AuthenticatedRequest, student_id: UUID, payload: ActivityIn
) -> Status[Activity]:
    """Add an activity: the student their own, staff who teach the student a school one."""
    role = acting_role(request, RoleKind.STUDENT, RoleKind.STAFF)
    student = access_student(request.user, role, student_id)
    if not may_add_activity(request.user, role, student):
        raise PermissionDenied
    values = {key: "" if value is None else value for key, value in payload.dict().items()}
    data = validated(ActivityForm(values))
    owner = is_owner(request.user, role, student)
    activity = activity_create(
        student=student,
        recorded_by=request.user,
        source=Source.STUDENT if owner else Source.STAFF,
        **data,
    )
    students_access_record(
        user=request.user,
        role=role,
        students=[student],
        what="api.activity.create",
        action=AuditAction.CREATE,
    )
    return Status(201, activity)
