import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leerweg.core.models import TimestampedModel

# From this age a student gives or withdraws consent themself (AVG art. 8 as
# applied in the Netherlands: 16); below it, a guardian does.
AGE_OF_OWN_CONSENT = 16

brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$",
    _("A BRIN code is two digits followed by two capital letters, such as 12AB."),
)
colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Give a colour as #RRGGBB, for example #1d4ed8.")
)


class Sector(models.TextChoices):
    PO = "PO", _("Primary education")
    VO = "VO", _("Secondary education")
    MBO = "MBO", _("Vocational education")


def year_level_label(sector: str, year_level: int | None) -> str:
    """ "Groep 5" in primary school, "leerjaar 5" elsewhere."""
    if year_level is None:
        return gettext("No year")
    if sector == Sector.PO:
        return gettext("Group %(number)s") % {"number": year_level}
    return gettext("Year %(number)s") % {"number": year_level}


class Board(TimestampedModel):
    """A school board (schoolbestuur) that runs one or more schools."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="schools")
    brin = models.CharField(_("BRIN code"), max_length=4, unique=True, validators=[brin_validator])
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=3, choices=Sector.choices)
    city = models.CharField(_("town"), max_length=100, blank=True)
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#1d4ed8", validators=[colour_validator]
    )
    secondary_colour = models.CharField(
        _("second colour"), max_length=7, default="#0f766e", validators=[colour_validator]
    )
    logo = models.ImageField(_("logo"), upload_to="school-logos/", blank=True)
    own_goals_need_agreement = models.BooleanField(
        _("own goals need the mentor's agreement"),
        default=False,
        help_text=_("When on, a student's own goal counts once their mentor has agreed to it."),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolYear(TimestampedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="school_years")
    name = models.CharField(_("name"), max_length=20, help_text=_("For example 2026-2027"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="school_year_unique_name"),
            models.CheckConstraint(
                condition=Q(start_date__lt=F("end_date")), name="school_year_starts_before_end"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Student(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="student"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    # ECK iD: the pseudonymous key of the Dutch education chain; optional, and
    # never shown to partners.
    eck_id = models.CharField(_("ECK iD"), max_length=255, blank=True)
    date_of_birth = models.DateField(_("date of birth"))

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(
                fields=["eck_id"], condition=~Q(eck_id=""), name="student_unique_eck_id"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def age(self, on: date | None = None) -> int:
        today = on or timezone.localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def decides_own_consent(self, on: date | None = None) -> bool:
        return self.age(on) >= AGE_OF_OWN_CONSENT


class GroupKind(models.TextChoices):
    CLASS = "klas", _("Class")
    HOME_GROUP = "stamgroep", _("Home group")
    MENTOR_GROUP = "mentorgroep", _("Mentor group")
    TEACHING_GROUP = "lesgroep", _("Teaching group")


class Group(TimestampedModel):
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="groups")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    year_level = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("Group 1-8 (primary), year 1-6 (secondary, vocational)"),
    )
    level = models.CharField(
        _("level"), max_length=40, blank=True, help_text=_("For example havo, vwo, mbo-4")
    )
    students = models.ManyToManyField(
        Student, through="GroupMembership", related_name="groups", blank=True
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["year_level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "name"], name="group_unique_name_per_year"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def year_label(self) -> str:
        return year_level_label(self.school.sector, self.year_level)

    def clean(self) -> None:
        if self.school_year_id and self.school_id and self.school_year.school_id != self.school_id:
            raise ValidationError(
                {"school_year": _("The school year must belong to the same school as the group.")}
            )


class GroupMembership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "student"], name="group_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.group}"


class StaffRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    MENTOR = "mentor", _("Mentor")
    COACH = "coach", _("Coach")
    SCHOOL_LEADER = "school_leader", _("School leader")
    SCHOOL_ADMIN = "school_admin", _("School administrator")


class StaffMembership(TimestampedModel):
    """One role of one person at one school; a person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_memberships"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff_memberships")
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "role"], name="staff_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.school}"


class GroupStaffRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    MENTOR = "mentor", _("Mentor")
    COACH = "coach", _("Coach")


class GroupStaff(models.Model):
    """Who teaches, mentors or coaches a group; this decides which students they see."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=GroupStaffRole.choices)
    subject = models.CharField(_("subject"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("group staff member")
        verbose_name_plural = _("group staff members")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user", "role", "subject"], name="group_staff_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.group}"


class GuardianRelation(models.TextChoices):
    PARENT = "parent", _("Parent")
    CARER = "carer", _("Carer")


class GuardianLink(TimestampedModel):
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardian_links"
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardian_links")
    relation = models.CharField(
        _("relation"), max_length=20, choices=GuardianRelation.choices, default="parent"
    )

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "student"], name="guardian_link_unique"),
        ]


class BoardViewerKind(models.TextChoices):
    BOARD = "board", _("Board")
    MUNICIPALITY = "municipality", _("Municipality")


class BoardViewer(TimestampedModel):
    """A board or municipality officer: sees aggregated, anonymous figures only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_viewer_roles"
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="viewers")
    kind = models.CharField(
        _("kind"), max_length=20, choices=BoardViewerKind.choices, default="board"
    )

    class Meta:
        verbose_name = _("board viewer")
        verbose_name_plural = _("board viewers")
        constraints = [
            models.UniqueConstraint(fields=["user", "board"], name="board_viewer_unique"),
        ]
