from uuid import UUID

from django.core.paginator import Paginator
from ninja import Field, Query, Router, Schema

from leerweg.accounts.http import AuthenticatedRequest
from leerweg.core.access import NotFoundOrNotYours
from leerweg.schools.access import access_student, students_visible_to
from leerweg.schools.models import Student
from leerweg.schools.services import students_access_record

router = Router(tags=["students"])
PAGE_SIZE = 50


class StudentOut(Schema):
    id: UUID = Field(alias="public_id")
    first_name: str = Field(alias="user.first_name")
    last_name: str = Field(alias="user.last_name")
    school: str = Field(alias="school.name")
    age: int

    @staticmethod
    def resolve_age(student: Student) -> int:
        return student.age()


class StudentDetailOut(StudentOut):
    decides_own_consent: bool

    @staticmethod
    def resolve_decides_own_consent(student: Student) -> bool:
        return student.decides_own_consent()


class StudentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[StudentOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)


@router.get("/students", response=StudentPage)
def student_list(request: AuthenticatedRequest, query: Query[PageQuery]) -> dict[str, object]:
    """The students visible in the active role, by last name, 50 per page."""
    role = request.active_role
    students = (
        (students_visible_to(request.user, role) if role else Student.objects.none())
        .select_related("user", "school")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    page = Paginator(students, PAGE_SIZE).get_page(query.page)
    items = list(page)
    if role:
        students_access_record(
            user=request.user, role=role, students=items, what="api.student.list"
        )
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": items,
    }


@router.get("/students/{uuid:student_id}", response=StudentDetailOut)
def student_detail(request: AuthenticatedRequest, student_id: UUID) -> Student:
    role = request.active_role
    if role is None:
        raise NotFoundOrNotYours
    student = access_student(request.user, role, student_id)
    students_access_record(
        user=request.user, role=role, students=[student], what="api.student.detail"
    )
    return student
