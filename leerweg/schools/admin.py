"""The admin of schools, for superusers and for school administrators.

A superuser gets the ordinary Django admin. A school administrator (a staff
user with a school_admin role, see ``admin_access``) gets the data of the
schools they administer and nothing else: ``SchoolScopedAdminMixin`` filters
every list, every object lookup and every choice in a form, and answers every
permission question itself instead of asking Django's model permissions. An
object of another school is "not found", like one that does not exist.
"""

from itertools import groupby
from operator import attrgetter
from typing import cast

from django import forms
from django.contrib import admin
from django.db.models import Exists, Model, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from leerweg.accounts.admin import SuperuserOnlyAdminMixin, is_superuser
from leerweg.accounts.admin import UserAdmin as AccountUserAdmin
from leerweg.accounts.models import User
from leerweg.audit.models import AuditAction
from leerweg.schools.admin_access import (
    administered_school_ids,
    choices_for_school_admin,
    people_of_schools,
    person_editable_by_school_admin,
    school_admin_role,
)
from leerweg.schools.models import (
    Board,
    BoardViewer,
    Group,
    GroupMembership,
    GroupStaff,
    GuardianLink,
    School,
    SchoolYear,
    StaffMembership,
    Student,
)
from leerweg.schools.selectors import current_groups
from leerweg.schools.services import students_access_record

ALL_ACTIONS = frozenset({"view", "add", "change", "delete"})


def _school_id_of(obj: Model, lookup: str) -> int | None:
    """Follow ``lookup`` ("school", "student__school", "pk") from ``obj`` to a school id."""
    *hops, last = lookup.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
    return obj.pk if last == "pk" else getattr(obj, f"{last}_id")


class SchoolScopedAdminMixin:
    """Superusers get the normal admin; a school admin gets their own schools' objects only.

    For a ModelAdmin and for an InlineModelAdmin alike. Set ``school_lookup`` to
    the path from the model to its school. Django passes an inline's permission
    checks the *parent* object, so an inline also sets ``permission_school_lookup``
    (the path from the parent to its school).
    """

    school_lookup = "school"
    permission_school_lookup: str | None = None
    # What a school admin may do with this model (within their schools).
    school_admin_actions = ALL_ACTIONS

    def scope_queryset(self, queryset: QuerySet, school_ids: frozenset[int]) -> QuerySet:
        return queryset.filter(**{f"{self.school_lookup}__in": school_ids})

    def in_scope(self, obj: Model, school_ids: frozenset[int]) -> bool:
        return _school_id_of(obj, self.permission_school_lookup or self.school_lookup) in school_ids

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if is_superuser(request):
            return queryset
        return self.scope_queryset(queryset, administered_school_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not is_superuser(request):
            kwargs["queryset"] = self._school_admin_choices(db_field, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not is_superuser(request):
            kwargs["queryset"] = self._school_admin_choices(db_field, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def _school_admin_choices(self, db_field, request: HttpRequest) -> QuerySet:
        model = db_field.remote_field.model
        choices = choices_for_school_admin(model, administered_school_ids(request))
        # A model this module does not know about offers nothing to choose.
        return model._default_manager.none() if choices is None else choices

    def school_admin_may(self, action: str, request: HttpRequest, obj: Model | None) -> bool:
        school_ids = administered_school_ids(request)
        if action not in self.school_admin_actions or not school_ids:
            return False
        return obj is None or self.in_scope(obj, school_ids)

    def has_module_permission(self, request: HttpRequest) -> bool:
        if is_superuser(request):
            return super().has_module_permission(request)  # type: ignore[misc]
        return bool(administered_school_ids(request))

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if is_superuser(request):
            return super().has_view_permission(request, obj)  # type: ignore[misc]
        return self.school_admin_may("view", request, obj)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        # A ModelAdmin is asked has_add_permission(request); an inline also gets the parent.
        if is_superuser(request):
            return super().has_add_permission(request, *args)  # type: ignore[misc]
        return self.school_admin_may("add", request, args[0] if args else None)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if is_superuser(request):
            return super().has_change_permission(request, obj)  # type: ignore[misc]
        return self.school_admin_may("change", request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if is_superuser(request):
            return super().has_delete_permission(request, obj)  # type: ignore[misc]
        return self.school_admin_may("delete", request, obj)


# Schools and boards ----------------------------------------------------------


@admin.register(Board)
class BoardAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(BoardViewer)
class BoardViewerAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "board", "kind")
    list_filter = ("kind", "board")
    list_select_related = ("user", "board")
    autocomplete_fields = ("user",)
    search_fields = ("user__first_name", "user__last_name", "user__username", "board__name")


@admin.register(School)
class SchoolAdmin(SchoolScopedAdminMixin, admin.ModelAdmin):
    """A school admin may edit their school's name, town and house style; not its identity."""

    school_lookup = "pk"
    school_admin_actions = frozenset({"view", "change"})
    list_display = ("name", "brin", "city", "sector", "board")
    list_select_related = ("board",)
    search_fields = ("name", "brin", "city")
    fields = (
        "name",
        "brin",
        "board",
        "sector",
        "city",
        "primary_colour",
        "secondary_colour",
        "logo",
        "own_goals_need_agreement",
    )

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if is_superuser(request):
            return ()
        return ("brin", "board", "sector")

    def get_list_filter(self, request: HttpRequest):
        # The board filter would list every board; a school admin has no use for it.
        return ("sector", "board") if is_superuser(request) else ()


@admin.register(SchoolYear)
class SchoolYearAdmin(SchoolScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "school", "start_date", "end_date")
    list_filter = (("school", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("school",)
    search_fields = ("name",)


# Groups ----------------------------------------------------------------------


class GroupMembershipForm(forms.ModelForm):
    class Meta:
        model = GroupMembership
        fields = ("student",)

    def clean(self):
        super().clean()
        student = self.cleaned_data.get("student")
        group = self.instance.group
        if student is not None and group.school_id and student.school_id != group.school_id:
            raise forms.ValidationError(_("The student must be at the school of the group."))
        return self.cleaned_data


class GroupMembershipInline(SchoolScopedAdminMixin, admin.TabularInline):
    model = GroupMembership
    form = GroupMembershipForm
    school_lookup = "group__school"
    permission_school_lookup = "school"
    autocomplete_fields = ("student",)
    extra = 0
    verbose_name = _("student")
    verbose_name_plural = _("students")


class GroupStaffInline(SchoolScopedAdminMixin, admin.TabularInline):
    model = GroupStaff
    school_lookup = "group__school"
    permission_school_lookup = "school"
    fields = ("user", "role", "subject")
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Group)
class GroupAdmin(SchoolScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "year_level", "level", "school_year", "school")
    list_filter = (
        "kind",
        "year_level",
        ("school_year", admin.RelatedOnlyFieldListFilter),
        ("school", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("school_year", "school")
    search_fields = ("name",)
    inlines = (GroupMembershipInline, GroupStaffInline)


# Students and the people around them -----------------------------------------


class GroupYearFilter(admin.SimpleListFilter):
    """Students by the year (year_level) of a group they are in this school year."""

    title = _("group year")
    parameter_name = "group_year"

    def lookups(self, request, model_admin):
        students = model_admin.get_queryset(request).values("pk")
        years = (
            current_groups(Group.objects.filter(memberships__student__in=students))
            .exclude(year_level=None)
            .order_by("year_level")
            .values_list("year_level", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        in_year = current_groups(
            Group.objects.filter(memberships__student=OuterRef("pk"), year_level=int(value))
        )
        return queryset.filter(Exists(in_year))


@admin.register(Student)
class StudentAdmin(SchoolScopedAdminMixin, admin.ModelAdmin):
    """Students; every time a school admin opens or saves one, the audit trail says so."""

    audit_what = "admin.student"
    list_display = ("name", "school", "date_of_birth", "group_names")
    list_filter = (GroupYearFilter, ("school", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user__first_name", "user__last_name", "user__username")
    ordering = ("user__last_name", "user__first_name")
    fields = ("user", "school", "date_of_birth", "eck_id", "public_id")
    readonly_fields = ("public_id",)
    autocomplete_fields = ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        groups = current_groups(Group.objects.all()).order_by("name")
        return (
            super()
            .get_queryset(request)
            .select_related("user", "school")
            .prefetch_related(Prefetch("groups", queryset=groups, to_attr="current_groups"))
        )

    @admin.display(description=_("name"), ordering="user__last_name")
    def name(self, student: Student) -> str:
        return str(student.user)

    @admin.display(description=_("groups"))
    def group_names(self, student: Student) -> str:
        return ", ".join(group.name for group in student.current_groups)  # type: ignore[attr-defined]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Called for every change page shown (also one re-shown with errors),
        # and only after the object was found within the admin's scope.
        if change and obj is not None:
            self._audit(request, [obj], AuditAction.VIEW)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._audit(request, [obj], AuditAction.CHANGE if change else AuditAction.CREATE)

    def delete_model(self, request, obj):
        self._audit(request, [obj], AuditAction.DELETE)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._audit(request, list(queryset), AuditAction.DELETE)
        super().delete_queryset(request, queryset)

    def _audit(self, request: HttpRequest, students: list[Student], action: AuditAction) -> None:
        # A superuser acts outside any school role; see the note in the report
        # of this change: whether their looks belong in a student's trail is open.
        if is_superuser(request):
            return
        by_school = attrgetter("school_id")
        for school_id, at_school in groupby(sorted(students, key=by_school), key=by_school):
            students_access_record(
                user=cast(User, request.user),
                role=school_admin_role(school_id),
                students=list(at_school),
                what=self.audit_what,
                action=action,
            )


@admin.register(GuardianLink)
class GuardianLinkAdmin(SchoolScopedAdminMixin, admin.ModelAdmin):
    school_lookup = "student__school"
    list_display = ("guardian", "student", "relation")
    list_filter = ("relation",)
    list_select_related = ("guardian", "student__user")
    search_fields = (
        "guardian__first_name",
        "guardian__last_name",
        "student__user__first_name",
        "student__user__last_name",
    )
    autocomplete_fields = ("guardian", "student")


@admin.register(StaffMembership)
class StaffMembershipAdmin(SchoolScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "role", "school")
    list_filter = ("role", ("school", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "school")
    search_fields = ("user__first_name", "user__last_name", "user__username")
    autocomplete_fields = ("user",)


# User accounts ---------------------------------------------------------------


class SchoolUserAdmin(SchoolScopedAdminMixin, AccountUserAdmin):
    """The user admin; a school admin sees the people of their schools.

    They may change (names, e-mail, active flag; see ``AccountUserAdmin``)
    only people who are nothing outside those schools, and never add or
    delete accounts.
    """

    school_admin_actions = frozenset({"view", "change"})

    def scope_queryset(self, queryset: QuerySet, school_ids: frozenset[int]) -> QuerySet:
        return queryset.filter(pk__in=people_of_schools(school_ids).values("pk"))

    def in_scope(self, obj: Model, school_ids: frozenset[int]) -> bool:
        return people_of_schools(school_ids).filter(pk=obj.pk).exists()

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or is_superuser(request):
            return allowed
        return person_editable_by_school_admin(obj, administered_school_ids(request))


admin.site.unregister(User)
admin.site.register(User, SchoolUserAdmin)
