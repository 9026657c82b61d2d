"""Learning networks and learning areas in the admin: for platform administrators only.

Networks span schools and boards, so no school administrator manages them.
Here a platform administrator starts a network and names its first
facilitator; the facilitator does the rest in Leerweg itself.
"""

from django.contrib import admin

from leerweg.accounts.admin import SuperuserOnlyAdminMixin
from leerweg.networks.models import (
    AreaSchool,
    LearningArea,
    Meeting,
    Network,
    NetworkMembership,
    NetworkSchool,
    Practice,
)


class NetworkSchoolInline(SuperuserOnlyAdminMixin, admin.TabularInline):
    model = NetworkSchool
    fields = ("school", "learning_question", "ambition")
    autocomplete_fields = ("school",)
    extra = 0


class NetworkMembershipInline(SuperuserOnlyAdminMixin, admin.TabularInline):
    model = NetworkMembership
    fields = ("user", "role", "member_school")
    autocomplete_fields = ("user",)
    extra = 1


@admin.register(Network)
class NetworkAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "theme", "created_at")
    list_filter = ("theme",)
    search_fields = ("name",)
    inlines = (NetworkSchoolInline, NetworkMembershipInline)


@admin.register(Meeting)
class MeetingAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "network", "number", "date", "start_time")
    list_select_related = ("network",)
    search_fields = ("title", "network__name")
    fields = ("network", "number", "title", "date", "start_time", "end_time", "place", "agenda")


@admin.register(Practice)
class PracticeAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """Published practices can be taken back here, should one be unfit for everyone."""

    list_display = ("title", "network", "theme", "sector", "published_at")
    list_filter = ("theme", "sector")
    list_select_related = ("network",)
    search_fields = ("title", "network__name")
    fields = ("title", "description", "theme", "sector", "url", "published_at")


class AreaSchoolInline(SuperuserOnlyAdminMixin, admin.TabularInline):
    model = AreaSchool
    fields = ("school",)
    autocomplete_fields = ("school",)
    extra = 0


@admin.register(LearningArea)
class LearningAreaAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "theme", "network")
    list_filter = ("theme",)
    search_fields = ("name",)
    inlines = (AreaSchoolInline,)
